import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  judgeCertificate,
  readSignedCertificate,
  signCertificate,
  verifyCertificate,
} from '../../../../src/core/certificates/credential.ts';
import {
  buildCertificatePayload,
  certificateDate,
  parseVerifyInput,
  readCertificatePayload,
  verifyUrl,
  type CertificateFacts,
} from '../../../../src/core/certificates/open-badge.ts';

interface TestKey {
  privateKey: CryptoKey;
  kid: string;
  jwk: JSONWebKeySet['keys'][number];
}

async function newKey(): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, kid, jwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
}

const facts: CertificateFacts = {
  id: '7b0c3a52-9a49-4e1f-8f0e-2a7d3c1b9e11',
  issuer: { origin: 'https://learn.example.com', name: '内训学堂' },
  learner: { id: '0d6f3c1e-8a2b-4c5d-9e7f-1a2b3c4d5e6f', name: '李娜', employeeId: 'E1024' },
  course: { id: 'icrm', title: '内部客户关系管理培训', version: '3f2a9c0d1e4b5a6c' },
  completedAt: Date.UTC(2026, 10, 30, 6, 0),
  issuedAt: Date.UTC(2026, 10, 30, 6, 0, 1),
  expiresAt: Date.UTC(2028, 10, 30, 6, 0),
};
const during = new Date(Date.UTC(2027, 5, 1));

let current: TestKey;
let credential: string;

beforeAll(async () => {
  current = await newKey();
  credential = await signCertificate(facts, current.privateKey, current.kid);
});

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Changes the character at `index` to other base64url characters: its lowest bit flipped (the spare bit a segment's last
 * character may carry, which decodes to the same bytes) and its highest bit flipped.
 */
function changesAt(text: string, index: number): string[] {
  const value = alphabet.indexOf(text[index]!);
  return [value ^ 1, value ^ 32].map((changed) => `${text.slice(0, index)}${alphabet[changed]}${text.slice(index + 1)}`);
}

describe('buildCertificatePayload', () => {
  test('returns an OpenBadgeCredential whose JWT claims repeat its issuer, subject, id and dates', () => {
    const payload = buildCertificatePayload(facts);
    expect(payload).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      id: `urn:uuid:${facts.id}`,
      issuer: { id: 'https://learn.example.com', type: ['Profile'], name: '内训学堂' },
      validFrom: '2026-11-30T06:00:01.000Z',
      validUntil: '2028-11-30T06:00:00.000Z',
      credentialSubject: {
        id: `urn:uuid:${facts.learner.id}`,
        type: ['AchievementSubject'],
        activityEndDate: '2026-11-30T06:00:00.000Z',
        identifier: [
          { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: '李娜' },
          { type: 'IdentityObject', identityType: 'identifier', hashed: false, identityHash: 'E1024' },
        ],
        achievement: {
          id: 'https://learn.example.com/courses/icrm/',
          type: ['Achievement'],
          name: '内部客户关系管理培训',
          version: '3f2a9c0d1e4b5a6c',
          criteria: { id: 'https://learn.example.com/courses/icrm/' },
        },
      },
      iss: 'https://learn.example.com',
      sub: `urn:uuid:${facts.learner.id}`,
      jti: `urn:uuid:${facts.id}`,
      nbf: Math.floor(facts.issuedAt / 1000),
      exp: Math.floor(facts.expiresAt! / 1000),
    });
  });

  test('leaves out the employee id and the expiry when there are none', () => {
    const payload = buildCertificatePayload({ ...facts, learner: { ...facts.learner, employeeId: null }, expiresAt: null });
    expect(payload.credentialSubject.identifier).toHaveLength(1);
    expect(payload).not.toHaveProperty('exp');
    expect(payload).not.toHaveProperty('validUntil');
    expect(readCertificatePayload(payload)).toMatchObject({ employeeId: null, expiresAt: null });
  });
});

describe('readCertificatePayload', () => {
  test('reads back every fact the certificate states', () => {
    expect(readCertificatePayload(buildCertificatePayload(facts))).toEqual({
      id: facts.id,
      issuer: 'https://learn.example.com',
      issuerName: '内训学堂',
      learnerName: '李娜',
      employeeId: 'E1024',
      courseId: 'icrm',
      courseTitle: '内部客户关系管理培训',
      courseVersion: '3f2a9c0d1e4b5a6c',
      completedAt: '2026-11-30T06:00:00.000Z',
      issuedAt: '2026-11-30T06:00:01.000Z',
      expiresAt: '2028-11-30T06:00:00.000Z',
    });
  });

  test('returns null when the claims disagree with the credential or a field is missing', () => {
    const payload = buildCertificatePayload(facts);
    expect(readCertificatePayload({ ...payload, jti: 'urn:uuid:other' })).toBeNull();
    expect(readCertificatePayload({ ...payload, iss: 'https://elsewhere.example.com' })).toBeNull();
    expect(readCertificatePayload({ ...payload, type: ['VerifiableCredential'] })).toBeNull();
    expect(readCertificatePayload({ ...payload, validFrom: 'yesterday' })).toBeNull();
    expect(readCertificatePayload({ ...payload, credentialSubject: { ...payload.credentialSubject, identifier: [] } })).toBeNull();
    expect(readCertificatePayload(null)).toBeNull();
    expect(readCertificatePayload([])).toBeNull();
  });
});

describe('verifyCertificate', () => {
  test('returns valid with the facts for a credential signed by a published key, within its dates', async () => {
    const result = await verifyCertificate(credential, { keys: [current.jwk] }, during);
    expect(result).toMatchObject({ status: 'valid', reason: 'valid', certificate: { learnerName: '李娜', courseTitle: '内部客户关系管理培训' } });
  });

  test('returns expired from the expiry instant on, with the facts still readable', async () => {
    const atExpiry = new Date(facts.expiresAt!);
    expect(await verifyCertificate(credential, { keys: [current.jwk] }, new Date(facts.expiresAt! - 1))).toMatchObject({ status: 'valid' });
    expect(await verifyCertificate(credential, { keys: [current.jwk] }, atExpiry)).toMatchObject({
      status: 'expired',
      reason: 'expired',
      certificate: { expiresAt: '2028-11-30T06:00:00.000Z' },
    });
  });

  test('returns revoked with the reason when the server says so, even after expiry', async () => {
    const revocation = { revoked: true as const, revokedAt: '2027-01-05T02:00:00.000Z', reason: '考试作弊' };
    expect(await verifyCertificate(credential, { keys: [current.jwk] }, during, revocation)).toMatchObject({
      status: 'revoked',
      revokeReason: '考试作弊',
      revokedAt: '2027-01-05T02:00:00.000Z',
    });
    expect(await verifyCertificate(credential, { keys: [current.jwk] }, new Date(Date.UTC(2030, 0, 1)), revocation)).toMatchObject({ status: 'revoked' });
    expect(await verifyCertificate(credential, { keys: [current.jwk] }, during, { revoked: false })).toMatchObject({ status: 'valid' });
  });

  test('returns invalid for a certificate dated more than a few minutes ahead of the clock', async () => {
    const early = new Date(facts.issuedAt - 60 * 60_000);
    expect(await verifyCertificate(credential, { keys: [current.jwk] }, early)).toMatchObject({ status: 'invalid', reason: 'not-yet-valid' });
    expect(await verifyCertificate(credential, { keys: [current.jwk] }, new Date(facts.issuedAt - 60_000))).toMatchObject({ status: 'valid' });
  });

  test('returns invalid, as altered, for a credential signed by a key that is not published', async () => {
    const stranger = await newKey();
    const forged = await signCertificate(facts, stranger.privateKey, current.kid);
    expect(await verifyCertificate(forged, { keys: [current.jwk] }, during)).toEqual({ status: 'invalid', reason: 'altered' });
    const ownKid = await signCertificate(facts, stranger.privateKey, stranger.kid);
    expect(await verifyCertificate(ownKid, { keys: [current.jwk] }, during)).toEqual({ status: 'invalid', reason: 'altered' });
  });

  test('returns invalid for text that is not a whole credential', async () => {
    const [header, payload] = credential.split('.');
    for (const broken of ['', 'abc', `${header}.${payload}`, `${credential}.x`, `${credential} `, `${header}..${credential.split('.')[2]}`]) {
      expect(await verifyCertificate(broken, { keys: [current.jwk] }, during)).toEqual({ status: 'invalid', reason: 'altered' });
    }
  });
});

describe('a changed character anywhere in the credential', () => {
  test.each([
    ['header', () => ({ from: 0, to: credential.indexOf('.') })],
    ['payload', () => ({ from: credential.indexOf('.') + 1, to: credential.lastIndexOf('.') })],
    ['signature', () => ({ from: credential.lastIndexOf('.') + 1, to: credential.length })],
  ])('makes the %s refused at every position', async (_part, range) => {
    const { from, to } = range();
    expect(to - from).toBeGreaterThan(10);
    const verdicts = new Set<string>();
    for (let index = from; index < to; index++) {
      for (const changed of changesAt(credential, index)) {
        const result = await verifyCertificate(changed, { keys: [current.jwk] }, during);
        verdicts.add(`${result.status}:${result.reason}`);
      }
    }
    expect([...verdicts]).toEqual(['invalid:altered']);
  });

  test('makes a changed dot, an added or a removed character refused too', async () => {
    const dot = credential.indexOf('.');
    const variants = [
      `${credential.slice(0, dot)}_${credential.slice(dot + 1)}`,
      `${credential.slice(0, 40)}A${credential.slice(40)}`,
      `${credential.slice(0, 40)}${credential.slice(41)}`,
      credential.slice(0, -1),
      `${credential}A`,
    ];
    for (const variant of variants) {
      expect(await verifyCertificate(variant, { keys: [current.jwk] }, during)).toEqual({ status: 'invalid', reason: 'altered' });
    }
  });
});

describe('key rotation', () => {
  test('keeps certificates signed with a retired key valid while its public half is published', async () => {
    const next = await newKey();
    const newer = await signCertificate({ ...facts, id: '2c1f0a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b' }, next.privateKey, next.kid);
    const published = { keys: [current.jwk, next.jwk] };
    expect(await verifyCertificate(credential, published, during)).toMatchObject({ status: 'valid' });
    expect(await verifyCertificate(newer, published, during)).toMatchObject({ status: 'valid' });
    // Withdrawn from the set, the old key no longer vouches for anything.
    expect(await verifyCertificate(credential, { keys: [next.jwk] }, during)).toMatchObject({ status: 'invalid' });
  });
});

describe('readSignedCertificate', () => {
  test('returns null for a JWS signed with a published key whose payload is not a certificate', async () => {
    const sign = (payload: unknown, typ = 'JWT') =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', kid: current.kid, typ }).sign(current.privateKey);
    expect(await readSignedCertificate(await sign({ sub: 'someone', exp: 2_000_000_000 }), { keys: [current.jwk] })).toBeNull();
    expect(await readSignedCertificate(await sign(buildCertificatePayload(facts), 'JOSE'), { keys: [current.jwk] })).toBeNull();
    expect(await readSignedCertificate(await sign(buildCertificatePayload(facts)), { keys: [current.jwk] })).toMatchObject({ id: facts.id });
    expect(judgeCertificate(null, during)).toEqual({ status: 'invalid', reason: 'altered' });
  });
});

describe('verifyUrl and certificateDate', () => {
  test('put the credential in the fragment of the verification page and print dates in China time', () => {
    expect(verifyUrl('https://learn.example.com', 'a.b.c')).toBe('https://learn.example.com/verify/#a.b.c');
    expect(certificateDate('2026-11-30T20:00:00.000Z')).toBe('2026年12月1日');
  });
});

describe('parseVerifyInput', () => {
  test('returns a typed id in lower case, ignoring spaces a copy added', () => {
    expect(parseVerifyInput(' 7B0C3A52-9A49-4E1F-8F0E-2A7D3C1B9E11 ')).toEqual({ kind: 'id', id: '7b0c3a52-9a49-4e1f-8f0e-2a7d3c1b9e11' });
  });

  test('returns the credential of a pasted verification link or of a pasted credential', () => {
    expect(parseVerifyInput('https://learn.example.com/verify/#aaa.bbb.ccc')).toEqual({ kind: 'credential', credential: 'aaa.bbb.ccc' });
    expect(parseVerifyInput('aaa.bbb\n.ccc')).toEqual({ kind: 'credential', credential: 'aaa.bbb.ccc' });
  });

  test('returns null for anything else', () => {
    for (const text of ['', '12345', 'https://learn.example.com/verify/', '7b0c3a52-9a49']) expect(parseVerifyInput(text)).toBeNull();
  });
});
