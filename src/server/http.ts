import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { isDatabaseUnavailable } from './db/database.ts';

/** Answers with the one error shape of the API: `{ error, message }`. */
export function jsonError(status: number, error: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error, message }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/** The answer to a failure no handler expected, logged: 503 while the database cannot be reached, otherwise 500. */
export function unexpectedFailure(error: unknown, method: string, path: string): Response {
  if (isDatabaseUnavailable(error)) {
    // The pool reconnects by itself once the database is back: the client only has to send again.
    console.warn(`处理 ${method} ${path} 时数据库无法连接：`, (error as Error).message);
    return jsonError(503, 'database_unavailable', '数据库暂时无法连接，请稍后再试。', { 'Retry-After': '5' });
  }
  console.error(`处理 ${method} ${path} 时出错：`, error);
  return jsonError(500, 'internal_error', '服务器内部错误，请稍后再试。');
}

/** Answers with JSON that no cache keeps. */
export function jsonOk(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { 'Cache-Control': 'no-store', ...(init.headers as Record<string, string>) } });
}

/** A request the server refuses, carried up to the route so it answers with one error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(): Response {
    return jsonError(this.status, this.code, this.message, this.headers);
  }
}

/** Bodies the server entry read itself before making the Request (its direct routes): taken as they are. */
const bodiesReadAhead = new WeakMap<Request, Uint8Array>();

/** A Request whose body was already read from the Node request, without streaming it a second time. */
export function requestWithBody(url: URL, method: string, headers: Headers, body: Uint8Array): Request {
  const request = new Request(url, { method, headers });
  bodiesReadAhead.set(request, body);
  return request;
}

/** Reads a request body up to `limit` bytes; a larger one is refused with 413 before it is all read. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const ahead = bodiesReadAhead.get(request);
  if (ahead) {
    if (ahead.byteLength > limit) throw tooLarge(limit);
    return ahead;
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Reads a Node request's body up to `limit` bytes, for the routes the server entry answers without Astro. The rest of
 * a body refused as too large is read and dropped, so the client gets the 413 rather than a reset connection.
 */
export function readNodeBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(request.headers['content-length'] ?? NaN) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.byteLength;
      if (size > limit) {
        chunks.length = 0;
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'payload_too_large', `请求内容过大：最多 ${Math.floor(limit / 1024)} KB。`);
}

/** Reads and validates a JSON body (or a form post) against a schema, answering 400/413/415 in plain words. */
export async function readJsonBody<T extends z.ZodTypeAny>(request: Request, schema: T, limit = 64 * 1024): Promise<z.output<T>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const bytes = await readBody(request, limit);
  let data: unknown;
  if (type === 'application/json') {
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw new HttpError(400, 'malformed_json', '请求内容不是有效的 JSON。');
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    data = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes)));
  } else {
    throw new HttpError(415, 'unsupported_media_type', '请求内容类型应为 application/json。');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '请求内容';
    throw new HttpError(400, 'invalid_body', `${field}：${issue.message}`);
  }
  return parsed.data;
}

/** Whether the client asked for HTML (a form post from a page) rather than JSON. */
export function wantsHtml(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('text/html');
}
