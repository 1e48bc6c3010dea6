import { base64url, CompactSign, compactVerify, createLocalJWKSet, type CryptoKey, type JSONWebKeySet, type KeyObject } from 'jose';
import { buildCertificatePayload, readCertificatePayload, type CertificateFacts, type CertificateSummary } from './open-badge.ts';

/*
 * Signing and checking a certificate's compact JWS (Ed25519). The same code runs on the server, which signs, and in the
 * browser on /verify/, which checks offline with the published keys. Only `jose` (WebCrypto) is used: no Node, no DOM.
 */

export const CERTIFICATE_ALG = 'EdDSA';

/** Signs a certificate's claims with the current key; `kid` names it in the header and in the published key set. */
export async function signCertificate(facts: CertificateFacts, key: CryptoKey | KeyObject, kid: string): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify(buildCertificatePayload(facts)));
  return new CompactSign(payload).setProtectedHeader({ alg: CERTIFICATE_ALG, kid, typ: 'JWT' }).sign(key);
}

export type VerificationStatus = 'valid' | 'expired' | 'revoked' | 'invalid';

/**
 * Why a certificate has its status: `altered` (the signature does not match any published key, or the credential is
 * not whole: changed, cut, or not issued here), `not-yet-valid` (its start lies ahead: usually a wrong clock), and
 * otherwise the status itself.
 */
export type VerificationReason = 'valid' | 'expired' | 'revoked' | 'altered' | 'not-yet-valid';

/** What the server says of a certificate's revocation; `undefined` when it could not be asked. */
export type RevocationAnswer = { revoked: false } | { revoked: true; revokedAt: string; reason: string };

export interface Verification {
  status: VerificationStatus;
  reason: VerificationReason;
  /** The facts, once the signature holds (also for an expired or revoked certificate). */
  certificate?: CertificateSummary;
  revokedAt?: string;
  revokeReason?: string;
}

// A clock a few minutes fast on the signing server must not make a fresh certificate look not yet valid.
const CLOCK_TOLERANCE_MS = 5 * 60_000;

const compactShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Checks that a credential was signed by one of the published keys and has not been changed, and reads its facts.
 * Returns null for anything else, so a changed byte anywhere, header, payload or signature, is refused alike.
 */
export async function readSignedCertificate(credential: string, keys: JSONWebKeySet): Promise<CertificateSummary | null> {
  if (!compactShape.test(credential)) return null;
  const signature = credential.slice(credential.lastIndexOf('.') + 1);
  try {
    // base64url leaves spare bits in a segment's last character: a changed spare bit decodes to the same signature,
    // so the signature must be written exactly as its bytes encode.
    if (base64url.encode(base64url.decode(signature)) !== signature) return null;
    const { payload, protectedHeader } = await compactVerify(credential, createLocalJWKSet(keys), { algorithms: [CERTIFICATE_ALG] });
    if (protectedHeader.typ !== 'JWT') return null;
    return readCertificatePayload(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)));
  } catch {
    return null;
  }
}

/** Judges a certificate: invalid before revoked, revoked before expired, and valid only when none applies. */
export function judgeCertificate(certificate: CertificateSummary | null, now: Date, revocation?: RevocationAnswer): Verification {
  if (!certificate) return { status: 'invalid', reason: 'altered' };
  if (Date.parse(certificate.issuedAt) > now.getTime() + CLOCK_TOLERANCE_MS) return { status: 'invalid', reason: 'not-yet-valid', certificate };
  if (revocation?.revoked) {
    return { status: 'revoked', reason: 'revoked', certificate, revokedAt: revocation.revokedAt, revokeReason: revocation.reason };
  }
  if (certificate.expiresAt !== null && now.getTime() >= Date.parse(certificate.expiresAt)) return { status: 'expired', reason: 'expired', certificate };
  return { status: 'valid', reason: 'valid', certificate };
}

/** Verifies a credential against the published keys as of `now`, with the server's revocation answer when there is one. */
export async function verifyCertificate(credential: string, keys: JSONWebKeySet, now: Date, revocation?: RevocationAnswer): Promise<Verification> {
  return judgeCertificate(await readSignedCertificate(credential, keys), now, revocation);
}
