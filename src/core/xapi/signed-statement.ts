import { base64url, decodeProtectedHeader, importX509 } from 'jose';
import { statementsEquivalent } from './compare-statements.ts';
import { signatureUsageType, type XapiAttachment, type XapiStatement } from './types.ts';
import { validateXapiStatement } from './validate-xapi-statement.ts';

export type SignatureCheck = { ok: true } | { ok: false; message: string };

const allowedAlgorithms = ['RS256', 'RS384', 'RS512'];
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Returns the attachments that carry a signature (usageType http://adlnet.gov/expapi/attachments/signature). */
export function signatureAttachmentsOf(statement: XapiStatement): XapiAttachment[] {
  return (statement.attachments ?? []).filter((attachment) => attachment.usageType === signatureUsageType);
}

function fail(message: string): SignatureCheck {
  return { ok: false, message: `signature: ${message}` };
}

function decodePayload(segment: string): unknown {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(segment));
  return JSON.parse(text);
}

/**
 * Checks a signed statement as Part Two 2.6 requires of an LRS: one signature attachment of type
 * application/octet-stream whose body is a JWS in compact serialisation, signed with RS256, RS384 or RS512, whose
 * payload is a valid statement equivalent to the received one (attachments, including the signature itself, are not
 * compared); when the header carries an x5c chain, the signature must verify against its first certificate.
 * The message of a failure is meant for a 400 response.
 */
export async function checkStatementSignature(statement: XapiStatement, jwsText: string): Promise<SignatureCheck> {
  const attachments = signatureAttachmentsOf(statement);
  if (attachments.length === 0) return fail(`the statement has no attachment with usageType ${signatureUsageType}`);
  if (attachments.length > 1) return fail('a statement may carry only one signature attachment');
  if (attachments[0]!.contentType !== 'application/octet-stream') {
    return fail('the signature attachment must have contentType application/octet-stream');
  }

  const jws = jwsText.trim();
  if (!compactJws.test(jws)) return fail('the signature is not a JWS in compact serialisation (header.payload.signature)');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return fail('the JWS header is not valid base64url-encoded JSON');
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !allowedAlgorithms.includes(alg)) {
    return fail(`the JWS uses alg ${JSON.stringify(alg ?? null)}; xAPI allows only RS256, RS384 or RS512`);
  }

  let payload: unknown;
  try {
    payload = decodePayload(jws.split('.')[1]!);
  } catch {
    return fail('the JWS payload is not a JSON serialisation of a statement');
  }
  const payloadCheck = validateXapiStatement(payload);
  if (!payloadCheck.ok) {
    const first = payloadCheck.faults[0]!;
    return fail(`the JWS payload is not a valid statement (${first.field}: ${first.message})`);
  }
  if (!statementsEquivalent(payload, statement)) return fail('the JWS payload differs from the statement it is attached to');

  if (header.x5c === undefined) return { ok: true };
  const chain = header.x5c;
  if (!Array.isArray(chain) || chain.length === 0 || typeof chain[0] !== 'string') {
    return fail('the JWS header x5c must be a non-empty array of base64 certificates');
  }
  let key: Awaited<ReturnType<typeof importX509>>;
  try {
    key = await importX509(`-----BEGIN CERTIFICATE-----\n${chain[0]}\n-----END CERTIFICATE-----`, alg);
  } catch {
    return fail('the first certificate of the JWS header x5c could not be read as an RSA X.509 certificate');
  }
  // WebCrypto directly rather than jose's compactVerify: jose refuses RSA keys under 2048 bits, and the
  // specification's own example (Appendix D) is signed with a 1024-bit key. This check catches mistakes, the
  // specification notes, it is not a security measure.
  const [header64, payload64, signature64] = jws.split('.') as [string, string, string];
  let verified = false;
  try {
    verified = await globalThis.crypto.subtle.verify(
      'RSASSA-PKCS1-v1_5',
      key,
      new Uint8Array(base64url.decode(signature64)),
      new TextEncoder().encode(`${header64}.${payload64}`),
    );
  } catch {
    verified = false;
  }
  return verified ? { ok: true } : fail('the JWS signature does not verify against the certificate in its x5c header');
}
