import { createHash, randomBytes } from 'node:crypto';
import type { XapiAttachment, XapiStatement } from '../../core/xapi/types.ts';
import { XapiRequestError } from './errors.ts';

/** The raw data of one attachment, as sent in a multipart/mixed part. */
export interface AttachmentPart {
  /** The X-Experience-API-Hash of the part, lower-cased; it equals the SHA-2 of body. */
  sha2: string;
  contentType: string;
  body: Buffer;
}

export interface MultipartStatements {
  statementsJson: unknown;
  attachments: AttachmentPart[];
}

const crlf = Buffer.from('\r\n');
const hashAlgorithmsByLength: Record<number, string> = { 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

function badRequest(message: string): XapiRequestError {
  return new XapiRequestError(400, message);
}

/** Returns "type/subtype" of a media type, lower-cased, without parameters. */
export function mediaTypeEssence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

function boundaryOf(contentTypeHeader: string): string {
  if (mediaTypeEssence(contentTypeHeader) !== 'multipart/mixed') {
    throw badRequest(`Content-Type must be multipart/mixed for this body, not ${contentTypeHeader || 'nothing'}`);
  }
  const match = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^;\s"]{1,70}))/i.exec(contentTypeHeader);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw badRequest('the multipart/mixed Content-Type has no boundary parameter');
  return boundary;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  // Unfold continuation lines (RFC 5322) before splitting name and value.
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw badRequest(`a multipart part has a malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Splits a multipart body into its parts' header blocks and bodies (RFC 2046 5.1.1), keeping the bodies byte for byte. */
function splitParts(body: Buffer, boundary: string): { headers: Map<string, string>; body: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const innerDelimiter = Buffer.concat([crlf, delimiter]);
  let position: number;
  if (body.subarray(0, delimiter.length).equals(delimiter)) position = 0;
  else {
    const first = body.indexOf(innerDelimiter);
    if (first < 0) throw badRequest('the multipart body does not contain its boundary');
    position = first + crlf.length;
  }
  const parts: { headers: Map<string, string>; body: Buffer }[] = [];
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString('latin1') === '--') return parts;
    // Transport padding (spaces or tabs) may follow a delimiter before its CRLF.
    while (body[position] === 0x20 || body[position] === 0x09) position += 1;
    if (!body.subarray(position, position + 2).equals(crlf)) throw badRequest('a multipart boundary line is not followed by CRLF');
    const start = position + 2;
    const end = body.indexOf(innerDelimiter, start);
    if (end < 0) throw badRequest('the multipart body has no closing boundary');
    const part = body.subarray(start, end);
    const headerEnd = part.subarray(0, 2).equals(crlf) ? 0 : part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw badRequest('a multipart part has no blank line after its headers');
    parts.push({
      headers: parseHeaders(part.subarray(0, headerEnd).toString('utf8')),
      body: part.subarray(headerEnd === 0 ? 2 : headerEnd + 4),
    });
    position = end + crlf.length;
  }
}

/**
 * Parses a statement request of type multipart/mixed (Part Three 1.5.2): the first part is the statement(s) as
 * application/json, each following part the raw data of one attachment with its X-Experience-API-Hash and
 * Content-Transfer-Encoding binary. Throws XapiRequestError 400 for a malformed body, a missing or wrong hash.
 */
export function parseMultipartMixed(body: Buffer, contentTypeHeader: string): MultipartStatements {
  const parts = splitParts(body, boundaryOf(contentTypeHeader));
  const [first, ...rest] = parts;
  if (!first) throw badRequest('the multipart body has no parts; the first part must hold the statements');
  const firstType = first.headers.get('content-type');
  if (!firstType || mediaTypeEssence(firstType) !== 'application/json') {
    throw badRequest('the first part of a multipart/mixed statement request must have Content-Type application/json');
  }
  let statementsJson: unknown;
  try {
    statementsJson = JSON.parse(first.body.toString('utf8'));
  } catch {
    throw badRequest('the first part of the multipart body is not valid JSON');
  }
  const attachments = rest.map((part, index): AttachmentPart => {
    const label = `multipart part ${index + 2}`;
    const hash = part.headers.get('x-experience-api-hash');
    if (!hash) throw badRequest(`${label} has no X-Experience-API-Hash header`);
    const algorithm = hashAlgorithmsByLength[hash.length];
    if (!algorithm || !/^[0-9a-f]+$/i.test(hash)) throw badRequest(`${label} has an X-Experience-API-Hash that is not a hex SHA-2 hash`);
    const encoding = part.headers.get('content-transfer-encoding');
    // The LRS "SHOULD assume a Content-Transfer-Encoding of binary", so only a different value is refused.
    if (encoding !== undefined && encoding.toLowerCase() !== 'binary') {
      throw badRequest(`${label} has Content-Transfer-Encoding ${encoding}; attachments must be sent as binary`);
    }
    const actual = createHash(algorithm).update(part.body).digest('hex');
    if (actual !== hash.toLowerCase()) throw badRequest(`${label}: its data does not match its X-Experience-API-Hash ${hash}`);
    return { sha2: actual, contentType: part.headers.get('content-type') ?? 'application/octet-stream', body: part.body };
  });
  return { statementsJson, attachments };
}

/** Builds a multipart/mixed response for GET /statements?attachments=true: the JSON first, then each attachment's data. */
export function buildMultipartMixed(statementsJson: unknown, attachments: readonly AttachmentPart[]): { body: Buffer; contentType: string } {
  const json = Buffer.from(JSON.stringify(statementsJson), 'utf8');
  let boundary: string;
  do boundary = `xapi-${randomBytes(16).toString('hex')}`;
  while ([json, ...attachments.map((attachment) => attachment.body)].some((chunk) => chunk.includes(boundary)));
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n`), json];
  for (const attachment of attachments) {
    chunks.push(
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: ${attachment.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${attachment.sha2}\r\n\r\n`,
      ),
      attachment.body,
    );
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary=${boundary}` };
}

function attachmentsWithPaths(statements: readonly XapiStatement[]): { attachment: XapiAttachment; field: string }[] {
  return statements.flatMap((statement, index) => {
    const prefix = statements.length > 1 ? `[${index}].` : '';
    const own = (statement.attachments ?? []).map((attachment, position) => ({ attachment, field: `${prefix}attachments[${position}]` }));
    const sub = statement.object.objectType === 'SubStatement' ? (statement.object.attachments ?? []) : [];
    return [...own, ...sub.map((attachment, position) => ({ attachment, field: `${prefix}object.attachments[${position}]` }))];
  });
}

/**
 * Pairs the attachments of validated statements with the received parts by SHA-2, the only way the specification
 * allows: every attachment without a fileUrl needs a part, a part's Content-Type must agree with the attachment's
 * contentType, and a part no attachment refers to is refused (XapiRequestError 400). Call it with no parts for an
 * application/json request. Returns the parts by lower-cased sha2, each once.
 */
export function matchAttachments(statements: readonly XapiStatement[], parts: readonly AttachmentPart[]): Map<string, AttachmentPart> {
  const partsBySha2 = new Map(parts.map((part) => [part.sha2.toLowerCase(), part]));
  const matched = new Map<string, AttachmentPart>();
  for (const { attachment, field } of attachmentsWithPaths(statements)) {
    const sha2 = attachment.sha2.toLowerCase();
    const part = partsBySha2.get(sha2);
    if (!part) {
      if (attachment.fileUrl === undefined) {
        throw badRequest(`${field}: has no fileUrl and no multipart part carries its data (X-Experience-API-Hash ${attachment.sha2})`);
      }
      continue;
    }
    if (mediaTypeEssence(part.contentType) !== mediaTypeEssence(attachment.contentType)) {
      throw badRequest(`${field}.contentType: is ${attachment.contentType} but the part with its hash has Content-Type ${part.contentType}`);
    }
    matched.set(sha2, part);
  }
  for (const part of parts) {
    if (!matched.has(part.sha2.toLowerCase())) {
      throw badRequest(`a multipart part (X-Experience-API-Hash ${part.sha2}) matches no attachment of the statements`);
    }
  }
  return matched;
}
