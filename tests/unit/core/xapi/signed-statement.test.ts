import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CompactSign, generateKeyPair, generateSecret, importPKCS8 } from 'jose';
import { describe, expect, test } from 'vitest';
import { checkStatementSignature, signatureAttachmentsOf } from '../../../../src/core/xapi/signed-statement.ts';
import type { XapiStatement } from '../../../../src/core/xapi/types.ts';
import { appendixDJws } from './appendix-d.ts';
import { signedStatement } from './spec-examples.ts';

type Json = Record<string, any>;
type SigningKey = Parameters<CompactSign['sign']>[0];

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const certificatePem = fixture('signing-cert.pem');
const certificateBase64 = certificatePem.replace(/-----[A-Z ]+-----|\s/g, '');
const certificateKey = () => importPKCS8(fixture('signing-key.pem'), 'RS256');

const received = (): XapiStatement & Json => JSON.parse(JSON.stringify(signedStatement));

/** The statement as it was before the signature attachment was added (Appendix D's "original Statement serialization"). */
function original(): Json {
  const statement = received();
  delete statement.attachments;
  return statement;
}

async function sign(payload: unknown, key: SigningKey, header: Json = { alg: 'RS256' }): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(key);
}

const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('signatureAttachmentsOf', () => {
  test('finds the attachment whose usageType is the signature usage type', () => {
    expect(signatureAttachmentsOf(received())).toHaveLength(1);
    expect(signatureAttachmentsOf({ ...received(), attachments: [] })).toEqual([]);
  });
});

describe('checkStatementSignature', () => {
  test('accepts a statement signed with a freshly generated RSA key (RS256), without a certificate', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    expect(await checkStatementSignature(received(), await sign(original(), privateKey))).toEqual({ ok: true });
  });

  test.each(['RS384', 'RS512'])('accepts the other allowed algorithm %s ("RS256, RS384, or RS512")', async (alg) => {
    const { privateKey } = await generateKeyPair(alg);
    expect(await checkStatementSignature(received(), await sign(original(), privateKey, { alg }))).toEqual({ ok: true });
  });

  test('accepts a signature that verifies against the certificate in x5c ("validate the signature against that certificate")', async () => {
    const jws = await sign(original(), await certificateKey(), { alg: 'RS256', x5c: [certificateBase64] });
    expect(await checkStatementSignature(received(), jws)).toEqual({ ok: true });
  });

  test('accepts the signed statement of Appendix D, whose x5c certificate holds a 1024-bit key', async () => {
    expect(await checkStatementSignature(received(), appendixDJws)).toEqual({ ok: true });
  });

  test('refuses the Appendix D JWS when one byte of its signature changes', async () => {
    const [header, payload, signature] = appendixDJws.split('.') as [string, string, string];
    const changed = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(await checkStatementSignature(received(), `${header}.${payload}.${changed}`)).toMatchObject({ ok: false, message: expect.stringContaining('does not verify') });
  });

  test('accepts a payload without the id the LRS later assigned', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const payload = original();
    delete payload.id;
    expect(await checkStatementSignature(received(), await sign(payload, privateKey))).toEqual({ ok: true });
  });

  test('refuses a changed payload when x5c lets the signature be checked', async () => {
    const jws = await sign(original(), await certificateKey(), { alg: 'RS256', x5c: [certificateBase64] });
    const [header, , signature] = jws.split('.');
    const changed = { ...original(), verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } };
    const statement = { ...received(), verb: changed.verb };
    expect(await checkStatementSignature(statement, `${header}.${base64urlJson(changed)}.${signature}`)).toEqual({
      ok: false,
      message: 'signature: the JWS signature does not verify against the certificate in its x5c header',
    });
  });

  test('refuses a signature made with another key than the x5c certificate\'s', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const jws = await sign(original(), privateKey, { alg: 'RS256', x5c: [certificateBase64] });
    expect(await checkStatementSignature(received(), jws)).toMatchObject({ ok: false, message: expect.stringContaining('does not verify') });
  });

  test('refuses an x5c that is not a certificate', async () => {
    const jws = await sign(original(), await certificateKey(), { alg: 'RS256', x5c: ['bm90IGEgY2VydA=='] });
    expect(await checkStatementSignature(received(), jws)).toMatchObject({ ok: false, message: expect.stringContaining('x5c could not be read') });
  });

  test('refuses HS256 ("The JWS signature MUST use an algorithm of RS256, RS384, or RS512")', async () => {
    const secret = await generateSecret('HS256');
    expect(await checkStatementSignature(received(), await sign(original(), secret, { alg: 'HS256' }))).toEqual({
      ok: false,
      message: 'signature: the JWS uses alg "HS256"; xAPI allows only RS256, RS384 or RS512',
    });
  });

  test('refuses ES256', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    expect(await checkStatementSignature(received(), await sign(original(), privateKey, { alg: 'ES256' }))).toMatchObject({
      ok: false,
      message: expect.stringContaining('alg "ES256"'),
    });
  });

  test('refuses an unsigned JWS (alg none, empty signature)', async () => {
    const unsigned = `${base64urlJson({ alg: 'none' })}.${base64urlJson(original())}.`;
    expect(await checkStatementSignature(received(), unsigned)).toMatchObject({ ok: false, message: expect.stringContaining('compact serialisation') });
  });

  test.each(['', 'not a jws', '{"alg":"RS256"}', 'a.b', 'a.b.c.d'])('refuses the body %j, which is not a compact JWS', async (body) => {
    expect(await checkStatementSignature(received(), body)).toMatchObject({ ok: false, message: expect.stringMatching(/^signature: /) });
  });

  test('refuses a payload that differs from the statement ("Validate that the original Statement is logically equivalent")', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const payload = { ...original(), result: { success: true } };
    expect(await checkStatementSignature(received(), await sign(payload, privateKey))).toEqual({
      ok: false,
      message: 'signature: the JWS payload differs from the statement it is attached to',
    });
  });

  test('refuses a payload that is not JSON', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const jws = await new CompactSign(new TextEncoder().encode('not json')).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect(await checkStatementSignature(received(), jws)).toMatchObject({ ok: false, message: expect.stringContaining('not a JSON serialisation') });
  });

  test('refuses a payload that is not a valid statement ("a payload of a valid JSON serialization of the complete Statement")', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const payload = { ...original(), verb: { id: 'experienced' } };
    expect(await checkStatementSignature(received(), await sign(payload, privateKey))).toMatchObject({
      ok: false,
      message: expect.stringContaining('(verb.id: must be an absolute IRI'),
    });
  });

  test('refuses a signature attachment whose contentType is not application/octet-stream', async () => {
    const statement = received();
    statement.attachments![0]!.contentType = 'application/jose';
    const { privateKey } = await generateKeyPair('RS256');
    expect(await checkStatementSignature(statement, await sign(original(), privateKey))).toEqual({
      ok: false,
      message: 'signature: the signature attachment must have contentType application/octet-stream',
    });
  });

  test('refuses a statement without a signature attachment', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    expect(await checkStatementSignature(original() as XapiStatement, await sign(original(), privateKey))).toMatchObject({
      ok: false,
      message: expect.stringContaining('no attachment with usageType'),
    });
  });
});

describe('checkStatementSignature: robustness', () => {
  test('answers with a message, never an exception, for arbitrary three-part strings', async () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
    await fc.assert(
      fc.asyncProperty(segment, segment, segment, async (header, payload, signature) => {
        const result = await checkStatementSignature(received(), `${header}.${payload}.${signature}`);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
