import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { XapiStatement } from '../../../../src/core/xapi/types.ts';
import { validateXapiStatement } from '../../../../src/core/xapi/validate-xapi-statement.ts';
import { XapiRequestError } from '../../../../src/server/xapi/errors.ts';
import { buildMultipartMixed, matchAttachments, parseMultipartMixed, type AttachmentPart } from '../../../../src/server/xapi/multipart.ts';
import { multipartStatement } from '../../core/xapi/spec-examples.ts';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Bytes that are not UTF-8, with CRLFs and a fake boundary-like line inside. */
const binary = Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x2d, 0x2d, 0x0d, 0x0a, 0x0d, 0x0a, 0x80, 0xc3, 0x28, 0x0d, 0x0a]);

/** The request of Part Three 1.5.2, byte for byte (with its unusual boundary). */
const specBoundary = "abcABC0123'()+_,-./:=?";
const specAttachment = Buffer.from('here is a simple attachment');
function specRequest(): Buffer {
  return Buffer.from(
    `--${specBoundary}\r\nContent-Type:application/json\r\n\r\n${JSON.stringify(multipartStatement)}\r\n` +
      `--${specBoundary}\r\nContent-Type:text/plain\r\nContent-Transfer-Encoding:binary\r\n` +
      `X-Experience-API-Hash:495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a\r\n\r\n` +
      `here is a simple attachment\r\n--${specBoundary}--`,
  );
}
const specContentType = `multipart/mixed; boundary="${specBoundary}"`;

function part(headers: string, data: Buffer, boundary = 'b0undary'): Buffer {
  return Buffer.concat([Buffer.from(`\r\n--${boundary}\r\n${headers}\r\n\r\n`), data]);
}

function request(statement: unknown, parts: Buffer[], boundary = 'b0undary'): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(statement)}`),
    ...parts,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

function binaryPart(data = binary, hash = sha256(data)): Buffer {
  return part(`Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${hash}`, data);
}

/** Returns the status and message a call throws, or fails the test if it does not throw an XapiRequestError. */
function refusal(call: () => unknown): { status: number; message: string } {
  try {
    call();
  } catch (error) {
    if (error instanceof XapiRequestError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected an XapiRequestError');
}

function statementWith(attachments: object[]): XapiStatement {
  const result = validateXapiStatement({ ...multipartStatement, attachments });
  if (!result.ok) throw new Error(JSON.stringify(result.faults));
  return result.statement;
}

const attachmentFor = (data: Buffer, extra: object = {}) => ({
  usageType: 'http://example.com/attachment-usage/test',
  display: { 'zh-CN': '附件' },
  contentType: 'application/octet-stream',
  length: data.length,
  sha2: sha256(data),
  ...extra,
});

describe('parseMultipartMixed', () => {
  test('parses the example request of the specification', () => {
    const parsed = parseMultipartMixed(specRequest(), specContentType);
    expect(parsed.statementsJson).toEqual(multipartStatement);
    expect(parsed.attachments).toEqual([{ sha2: sha256(specAttachment), contentType: 'text/plain', body: specAttachment }]);
  });

  test('keeps non-UTF-8 bytes and CRLFs inside attachment data exactly', () => {
    const parsed = parseMultipartMixed(request(multipartStatement, [binaryPart()]), 'multipart/mixed; boundary=b0undary');
    expect(parsed.attachments[0]!.body.equals(binary)).toBe(true);
    expect(parsed.attachments[0]!.sha2).toBe(sha256(binary));
  });

  test('keeps data that contains the boundary text without a CRLF before it, or only part of the delimiter', () => {
    const tricky = Buffer.concat([Buffer.from('x--b0undary\r\n--b0undar\r\n-'), binary]);
    const parsed = parseMultipartMixed(request(multipartStatement, [binaryPart(tricky)]), 'multipart/mixed; boundary=b0undary');
    expect(parsed.attachments[0]!.body.equals(tricky)).toBe(true);
  });

  test('parses several attachment parts in order and an unquoted boundary', () => {
    const other = Buffer.from('第二个附件\r\n', 'utf8');
    const parsed = parseMultipartMixed(request(multipartStatement, [binaryPart(), binaryPart(other)]), 'Multipart/Mixed;boundary=b0undary');
    expect(parsed.attachments.map((attachment) => attachment.body.toString('hex'))).toEqual([binary.toString('hex'), other.toString('hex')]);
  });

  test('accepts a preamble before the first boundary and an empty attachment', () => {
    const empty = Buffer.alloc(0);
    const body = Buffer.concat([Buffer.from('This is a preamble.\r\n'), request(multipartStatement, [binaryPart(empty)])]);
    expect(parseMultipartMixed(body, 'multipart/mixed; boundary=b0undary').attachments[0]!.body.length).toBe(0);
  });

  test('accepts SHA-384 and SHA-512 hashes', () => {
    for (const algorithm of ['sha384', 'sha512']) {
      const hash = createHash(algorithm).update(binary).digest('hex');
      expect(parseMultipartMixed(request(multipartStatement, [binaryPart(binary, hash)]), 'multipart/mixed; boundary=b0undary').attachments[0]!.sha2).toBe(hash);
    }
  });

  test('assumes binary when a part has no Content-Transfer-Encoding ("SHOULD assume a Content-Transfer-Encoding of binary")', () => {
    const body = request(multipartStatement, [part(`X-Experience-API-Hash: ${sha256(binary)}`, binary)]);
    expect(parseMultipartMixed(body, 'multipart/mixed; boundary=b0undary').attachments[0]!.contentType).toBe('application/octet-stream');
  });

  test.each<[string, () => unknown, string]>([
    ['a Content-Type that is not multipart/mixed', () => parseMultipartMixed(specRequest(), 'application/json'), 'must be multipart/mixed'],
    ['a Content-Type without a boundary', () => parseMultipartMixed(specRequest(), 'multipart/mixed'), 'no boundary parameter'],
    ['a body without the boundary', () => parseMultipartMixed(Buffer.from('{}'), 'multipart/mixed; boundary=b0undary'), 'does not contain its boundary'],
    [
      'a body without its closing boundary',
      () => parseMultipartMixed(Buffer.from(`--b0undary\r\nContent-Type: application/json\r\n\r\n{}`), 'multipart/mixed; boundary=b0undary'),
      'no closing boundary',
    ],
    [
      'a first part that is not application/json ("For the first part … this MUST be application/json")',
      () => parseMultipartMixed(Buffer.from(`--b0undary\r\nContent-Type: text/plain\r\n\r\n{}\r\n--b0undary--`), 'multipart/mixed; boundary=b0undary'),
      'must have Content-Type application/json',
    ],
    [
      'a first part that is not JSON',
      () => parseMultipartMixed(Buffer.from(`--b0undary\r\nContent-Type: application/json\r\n\r\n{oops\r\n--b0undary--`), 'multipart/mixed; boundary=b0undary'),
      'not valid JSON',
    ],
    [
      'a part without X-Experience-API-Hash ("MUST include an X-Experience-API-Hash parameter in each part\'s header after the first")',
      () => parseMultipartMixed(request(multipartStatement, [part('Content-Transfer-Encoding: binary', binary)]), 'multipart/mixed; boundary=b0undary'),
      'part 2 has no X-Experience-API-Hash header',
    ],
    [
      'a part whose data does not match its hash',
      () => parseMultipartMixed(request(multipartStatement, [binaryPart(binary, sha256(Buffer.from('other')))]), 'multipart/mixed; boundary=b0undary'),
      'does not match its X-Experience-API-Hash',
    ],
    [
      'a hash that is not hex SHA-2',
      () => parseMultipartMixed(request(multipartStatement, [binaryPart(binary, 'abc')]), 'multipart/mixed; boundary=b0undary'),
      'not a hex SHA-2 hash',
    ],
    [
      'a part in base64 ("MUST include a Content-Transfer-Encoding parameter with a value of binary")',
      () =>
        parseMultipartMixed(
          request(multipartStatement, [part(`Content-Transfer-Encoding: base64\r\nX-Experience-API-Hash: ${sha256(binary)}`, binary)]),
          'multipart/mixed; boundary=b0undary',
        ),
      'must be sent as binary',
    ],
    [
      'a malformed header line',
      () => parseMultipartMixed(request(multipartStatement, [part('no colon here', binary)]), 'multipart/mixed; boundary=b0undary'),
      'malformed header line',
    ],
  ])('refuses %s with 400', (_name, call, words) => {
    const { status, message } = refusal(call);
    expect(status).toBe(400);
    expect(message).toContain(words);
  });
});

describe('buildMultipartMixed', () => {
  test('builds a body that parses back to the same JSON and bytes', () => {
    const attachments: AttachmentPart[] = [
      { sha2: sha256(binary), contentType: 'application/octet-stream', body: binary },
      { sha2: sha256(specAttachment), contentType: 'text/plain', body: specAttachment },
    ];
    const built = buildMultipartMixed({ statements: [multipartStatement], more: '' }, attachments);
    expect(built.contentType).toMatch(/^multipart\/mixed; boundary=xapi-[0-9a-f]{32}$/);
    const parsed = parseMultipartMixed(built.body, built.contentType);
    expect(parsed.statementsJson).toEqual({ statements: [multipartStatement], more: '' });
    expect(parsed.attachments).toEqual(attachments);
  });

  test('sends each attachment part as binary with its hash', () => {
    const built = buildMultipartMixed([], [{ sha2: sha256(binary), contentType: 'image/png', body: binary }]).body.toString('latin1');
    expect(built).toContain(`Content-Type: image/png\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha256(binary)}\r\n\r\n`);
  });
});

describe('matchAttachments', () => {
  const parts = (...bodies: Buffer[]): AttachmentPart[] => bodies.map((body) => ({ sha2: sha256(body), contentType: 'application/octet-stream', body }));

  test('pairs every attachment with the part of the same SHA-2', () => {
    const matched = matchAttachments([statementWith([attachmentFor(binary)])], parts(binary));
    expect([...matched.keys()]).toEqual([sha256(binary)]);
  });

  test('matches the example of the specification, whose part Content-Type omits the charset parameter', () => {
    const { statementsJson, attachments } = parseMultipartMixed(specRequest(), specContentType);
    const result = validateXapiStatement(statementsJson);
    expect(result.ok && matchAttachments([result.statement], attachments).size).toBe(1);
  });

  test('needs only one part for an attachment used by two statements ("SHOULD only include one copy")', () => {
    const statements = [statementWith([attachmentFor(binary)]), statementWith([attachmentFor(binary)])];
    expect(matchAttachments(statements, parts(binary)).size).toBe(1);
  });

  test('accepts an attachment with a fileUrl and no part (also for application/json requests)', () => {
    expect(matchAttachments([statementWith([attachmentFor(binary, { fileUrl: 'https://files.example.com/a.bin' })])], []).size).toBe(0);
  });

  test('refuses an attachment with neither fileUrl nor part ("MUST reject batches of Statements having Attachments that neither contain a fileUrl nor match")', () => {
    const { status, message } = refusal(() => matchAttachments([statementWith([attachmentFor(binary)])], []));
    expect(status).toBe(400);
    expect(message).toBe(`attachments[0]: has no fileUrl and no multipart part carries its data (X-Experience-API-Hash ${sha256(binary)})`);
  });

  test('refuses a part that no attachment refers to', () => {
    const extra = Buffer.from('unreferenced');
    const { status, message } = refusal(() => matchAttachments([statementWith([attachmentFor(binary)])], parts(binary, extra)));
    expect(status).toBe(400);
    expect(message).toContain(`X-Experience-API-Hash ${sha256(extra)}) matches no attachment`);
  });

  test('refuses a part whose Content-Type differs from the attachment\'s contentType ("the value of these parameters and properties MUST match")', () => {
    const { message } = refusal(() => matchAttachments([statementWith([attachmentFor(binary, { contentType: 'image/png' })])], parts(binary)));
    expect(message).toBe('attachments[0].contentType: is image/png but the part with its hash has Content-Type application/octet-stream');
  });

  test('names the statement of a batch whose attachment is missing', () => {
    const statements = [statementWith([]), statementWith([attachmentFor(binary)])];
    expect(refusal(() => matchAttachments(statements, [])).message).toMatch(/^\[1\]\.attachments\[0\]: /);
  });
});

describe('XapiRequestError', () => {
  test('carries the status and a code for the { error, message } shape', () => {
    const error = new XapiRequestError(409, 'statement 1 conflicts');
    expect([error.status, error.code, error.message, error instanceof Error]).toEqual([409, 'conflict', 'statement 1 conflicts', true]);
  });
});

describe('parseMultipartMixed: robustness', () => {
  test('throws nothing but a 400 XapiRequestError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, framed) => {
        const body = framed ? Buffer.concat([Buffer.from('--b0undary\r\nContent-Type: application/json\r\n\r\n'), Buffer.from(bytes)]) : Buffer.from(bytes);
        try {
          parseMultipartMixed(body, 'multipart/mixed; boundary=b0undary');
        } catch (error) {
          expect(error).toBeInstanceOf(XapiRequestError);
          expect((error as XapiRequestError).status).toBe(400);
        }
      }),
      { numRuns: 500 },
    );
  });
});
