import { statementsEquivalent } from '../../core/xapi/compare-statements.ts';
import { formatStatement, parseAcceptLanguage } from '../../core/xapi/format-statement.ts';
import { isXapiUuid, timestampToMilliseconds } from '../../core/xapi/formats.ts';
import { acceptsVersionHeader, parseStatementQuery } from '../../core/xapi/statement-query.ts';
import { checkStatementSignature } from '../../core/xapi/signed-statement.ts';
import type { XapiAgent, XapiStatement } from '../../core/xapi/types.ts';
import { signatureUsageType, voidedVerbId } from '../../core/xapi/types.ts';
import { validateXapiStatements } from '../../core/xapi/validate-xapi-statement.ts';
import { claimsServerAuthority } from '../../core/statements/server-authority.ts';
import { hasRole } from '../accounts/roles.ts';
import { HttpError, readBody } from '../http.ts';
import type { Identity } from '../identity.ts';
import { actorOf } from '../me.ts';
import type { Runtime } from '../runtime.ts';
import { buildMultipartMixed, matchAttachments, mediaTypeEssence, parseMultipartMixed } from './multipart.ts';
import { XapiRequestError } from './errors.ts';
import type { AfterInsert, AttachmentRecord, StatementRecord, StoredStatement } from './statement-store.ts';
import { agentIdentityKey, completeStatement, recordOf } from './statement-records.ts';

export const XAPI_VERSION = '1.0.3';
const JSON_LIMIT = 4 * 1024 * 1024;
export const MULTIPART_LIMIT = 32 * 1024 * 1024;
/** The most statements one GET returns; `limit=0` means this. */
export const MAX_PAGE = 500;

/** Headers every xAPI answer carries. */
export function xapiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'X-Experience-API-Version': XAPI_VERSION, 'Cache-Control': 'no-store', ...extra };
}

/** An xAPI error answer: the API's error shape plus the version header. */
export function xapiError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: code, message }, { status, headers: xapiHeaders(headers) });
}

/** Refuses a request without a 1.0.x version header, as the specification requires. */
export function checkVersionHeader(request: Request): void {
  const version = request.headers.get('x-experience-api-version');
  if (version === null) throw new HttpError(400, 'missing_version', 'X-Experience-API-Version header is required (1.0.3).');
  if (!acceptsVersionHeader(version)) {
    throw new HttpError(400, 'unsupported_version', `X-Experience-API-Version "${version}" is not supported; use 1.0.3.`);
  }
}

interface Caller {
  /** The agent key the caller may read and write only, or undefined for callers that may touch any. */
  ownActorKey: string | undefined;
  authority: XapiAgent;
  /** A learner may not write what only the server may say. */
  mayClaimServerResults: boolean;
}

function callerOf(identity: Identity, origin: string): Caller {
  if (identity.kind === 'anonymous') {
    throw new HttpError(401, 'unauthorized', 'Sign in, or send HTTP Basic credentials of an API client.', {
      'WWW-Authenticate': 'Basic realm="icrm", charset="UTF-8"',
    });
  }
  if (identity.kind === 'client') {
    return {
      ownActorKey: undefined,
      authority: { objectType: 'Agent', name: identity.client.name, account: { homePage: origin, name: `client:${identity.client.key}` } },
      mayClaimServerResults: true,
    };
  }
  const actor = actorOf(identity.account, origin) as XapiAgent;
  // Admins act as an LRS administrator: any actor; their statements carry their own authority, never the server's.
  const admin = hasRole(identity.account.roles, 'admin');
  return { ownActorKey: admin ? undefined : agentIdentityKey(actor), authority: actor, mayClaimServerResults: admin };
}

interface ParsedBody {
  statements: unknown;
  parts: { sha2: string; contentType: string; body: Buffer }[];
}

async function readStatementsBody(request: Request): Promise<ParsedBody> {
  const contentType = request.headers.get('content-type') ?? '';
  const mediaType = mediaTypeEssence(contentType);
  if (mediaType === 'multipart/mixed') {
    const body = Buffer.from(await readBody(request, MULTIPART_LIMIT));
    const parsed = parseMultipartMixed(body, contentType);
    return { statements: parsed.statementsJson, parts: parsed.attachments };
  }
  if (mediaType !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json or multipart/mixed.');
  }
  const bytes = await readBody(request, JSON_LIMIT);
  try {
    return { statements: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), parts: [] };
  } catch {
    throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
}

/** Validates, authorises and stores a batch; answers with the ids in order. */
async function storeStatements(rt: Runtime, identity: Identity, request: Request, afterInsert: AfterInsert, single: boolean, statementId?: string) {
  const origin = rt.settings.publicOrigin;
  const caller = callerOf(identity, origin);
  const { statements: input, parts } = await readStatementsBody(request);
  if (single && Array.isArray(input)) throw new HttpError(400, 'invalid_statement', 'PUT takes a single statement, not an array.');
  const validation = validateXapiStatements(input);
  if (!validation.ok) {
    const shown = validation.faults.slice(0, 5).map((fault) => `${fault.field}: ${fault.message}`);
    throw new HttpError(400, 'invalid_statement', shown.join('; ') + (validation.faults.length > 5 ? ` (+${validation.faults.length - 5} more)` : ''));
  }
  const statements = validation.statements;
  if (statements.length === 0) throw new HttpError(400, 'invalid_statement', 'The batch is empty.');
  if (statementId !== undefined) {
    const given = statements[0]!.id;
    if (given !== undefined && given !== statementId) {
      throw new HttpError(400, 'invalid_statement', `id: "${given}" differs from the statementId parameter "${statementId}".`);
    }
    statements[0]!.id = statementId;
  }
  const seen = new Set<string>();
  for (const [index, statement] of statements.entries()) {
    if (statement.id !== undefined) {
      if (seen.has(statement.id)) throw new HttpError(400, 'invalid_statement', `[${index}].id: "${statement.id}" appears twice in the batch.`);
      seen.add(statement.id);
    }
    if (caller.ownActorKey !== undefined && agentIdentityKey(statement.actor) !== caller.ownActorKey) {
      throw new HttpError(403, 'forbidden', `[${index}].actor: you may only record statements about yourself.`);
    }
    if (!caller.mayClaimServerResults && claimsServerAuthority(statement as never)) {
      throw new HttpError(
        403,
        'server_authored',
        `[${index}]: final-assessment results and classroom attendance are recorded by the server only.`,
      );
    }
  }
  const attachments = await checkAttachments(statements, parts);
  const storedMs = Date.now();
  const records: StatementRecord[] = statements.map((statement) => recordOf(completeStatement(statement, caller.authority, storedMs), storedMs));
  await checkVoiding(rt, records);
  const outcome = await rt.statements.insert(
    records,
    attachments,
    (existing, record) => statementsEquivalent(JSON.parse(existing) as XapiStatement, JSON.parse(record.body) as XapiStatement),
    afterInsert,
  );
  if (!outcome.ok) {
    throw new HttpError(409, 'conflict', `A different statement with id ${outcome.conflict.id} is already stored.`);
  }
  return records.map((record) => record.id);
}

/** A voiding statement may not target a voiding statement (xAPI: voiding cannot be undone by voiding). */
async function checkVoiding(rt: Runtime, records: StatementRecord[]): Promise<void> {
  for (const record of records) {
    if (!record.isVoiding || !record.targetStatementId) continue;
    const inBatch = records.find((other) => other.id === record.targetStatementId);
    const target = inBatch ? { isVoiding: inBatch.isVoiding } : await rt.statements.describe(record.targetStatementId);
    if (target?.isVoiding) {
      throw new HttpError(400, 'invalid_statement', `object.id: statement ${record.targetStatementId} is itself a voiding statement and cannot be voided.`);
    }
  }
}

/** Matches the attachment parts to the statements' attachments and checks signatures; returns what to store. */
async function checkAttachments(statements: XapiStatement[], parts: ParsedBody['parts']): Promise<AttachmentRecord[]> {
  const needed = statements.some((statement) => statement.attachments?.some((attachment) => !attachment.fileUrl));
  if (!needed && parts.length === 0) return [];
  matchAttachments(statements, parts);
  for (const [index, statement] of statements.entries()) {
    for (const attachment of statement.attachments ?? []) {
      if (attachment.usageType !== signatureUsageType) continue;
      const part = parts.find((candidate) => candidate.sha2 === attachment.sha2);
      if (!part) continue;
      const check = await checkStatementSignature(statement, part.body.toString('utf8'));
      if (!check.ok) throw new HttpError(400, 'invalid_signature', `[${index}].attachments: ${check.message}`);
    }
  }
  return parts.map((part) => ({ sha2: part.sha2, contentType: part.contentType, content: new Uint8Array(part.body) }));
}

/** POST /xapi/statements: one statement or an array; answers 200 with the ids. */
export async function postStatements(rt: Runtime, identity: Identity, request: Request, afterInsert: AfterInsert): Promise<Response> {
  const ids = await storeStatements(rt, identity, request, afterInsert, false);
  return Response.json(ids, { status: 200, headers: xapiHeaders() });
}

/** PUT /xapi/statements?statementId=…: one statement with its id; answers 204. */
export async function putStatement(rt: Runtime, identity: Identity, request: Request, url: URL, afterInsert: AfterInsert): Promise<Response> {
  const params = [...url.searchParams.keys()];
  const statementId = url.searchParams.get('statementId');
  if (!statementId) throw new HttpError(400, 'missing_parameter', 'statementId parameter is required for PUT.');
  if (!isXapiUuid(statementId)) throw new HttpError(400, 'invalid_parameter', `statementId: "${statementId}" is not a UUID.`);
  const unknown = params.filter((name) => name !== 'statementId');
  if (unknown.length) throw new HttpError(400, 'invalid_parameter', `Unknown parameter for PUT: ${unknown.join(', ')}.`);
  await storeStatements(rt, identity, request, afterInsert, true, statementId);
  return new Response(null, { status: 204, headers: xapiHeaders() });
}

/** GET (and HEAD) /xapi/statements: one statement by id, or a filtered page with a `more` link. */
export async function getStatements(rt: Runtime, identity: Identity, request: Request, url: URL): Promise<Response> {
  const caller = callerOf(identity, rt.settings.publicOrigin);
  // `cursor` is the one parameter of our own: the `more` links this server makes carry it.
  const parsed = parseStatementQuery(url.searchParams, ['cursor']);
  if (!parsed.ok) throw new HttpError(400, 'invalid_parameter', parsed.message);
  const query = parsed.query;
  const languages = parseAcceptLanguage(request.headers.get('accept-language') ?? '');
  const render = (stored: StoredStatement) => formatStatement(JSON.parse(stored.body) as XapiStatement, query.format, languages);
  const consistentThrough = new Date().toISOString();

  const id = query.statementId ?? query.voidedStatementId;
  if (id !== undefined) {
    const stored = await rt.statements.get(id, query.voidedStatementId !== undefined);
    const mine = stored && (caller.ownActorKey === undefined || agentIdentityKey((JSON.parse(stored.body) as XapiStatement).actor) === caller.ownActorKey);
    if (!stored || !mine) return xapiError(404, 'not_found', `No statement with id ${id}.`, { 'X-Experience-API-Consistent-Through': consistentThrough });
    return respond(rt, [render(stored)], false, query.attachments, {
      'Last-Modified': new Date(stored.storedMs).toUTCString(),
      'X-Experience-API-Consistent-Through': consistentThrough,
    });
  }

  let agentKey = query.agent?.key;
  if (caller.ownActorKey !== undefined) {
    if (agentKey !== undefined && agentKey !== caller.ownActorKey) throw new HttpError(403, 'forbidden', 'You may only read your own statements.');
    agentKey = caller.ownActorKey;
  }
  const limit = query.limit === 0 ? MAX_PAGE : Math.min(query.limit, MAX_PAGE);
  let after: number | undefined;
  let upTo: number;
  const cursor = url.searchParams.get('cursor');
  if (cursor !== null) {
    const match = /^(\d+)\.(\d+)$/.exec(cursor);
    if (!match) throw new HttpError(400, 'invalid_parameter', 'cursor: not a link this server made.');
    upTo = Number(match[1]);
    after = Number(match[2]);
  } else {
    upTo = await rt.statements.latestSeq();
  }
  const rows = await rt.statements.query({
    agentKey,
    verbId: query.verb,
    activityId: query.activity,
    registration: query.registration,
    relatedActivities: query.relatedActivities,
    relatedAgents: query.relatedAgents,
    sinceMs: query.since?.milliseconds,
    untilMs: query.until?.milliseconds,
    limit,
    ascending: query.ascending,
    after,
    upTo,
  });
  const page = rows.slice(0, limit);
  let more = '';
  if (rows.length > limit) {
    const next = new URLSearchParams(url.searchParams);
    next.set('cursor', `${upTo}.${page[page.length - 1]!.seq}`);
    more = `/xapi/statements?${next.toString()}`;
  }
  const newest = page.reduce((max, row) => Math.max(max, row.storedMs), 0);
  return respond(rt, page.map(render), true, query.attachments, {
    ...(newest ? { 'Last-Modified': new Date(newest).toUTCString() } : {}),
    'X-Experience-API-Consistent-Through': consistentThrough,
  }, more);
}

async function respond(
  rt: Runtime,
  statements: XapiStatement[],
  asResult: boolean,
  withAttachments: boolean,
  headers: Record<string, string>,
  more = '',
): Promise<Response> {
  const json = asResult ? { statements, more } : statements[0];
  if (!withAttachments) return Response.json(json, { headers: xapiHeaders(headers) });
  const hashes = [...new Set(statements.flatMap((statement) => (statement.attachments ?? []).map((attachment) => attachment.sha2)))];
  const stored = await rt.statements.attachments(hashes);
  const { body, contentType } = buildMultipartMixed(
    json,
    stored.map((attachment) => ({ sha2: attachment.sha2, contentType: attachment.contentType, body: Buffer.from(attachment.content) })),
  );
  return new Response(new Uint8Array(body), { headers: xapiHeaders({ ...headers, 'Content-Type': contentType }) });
}

/** Turns the multipart parser's refusals into HTTP errors. */
export function asHttpError(error: unknown): unknown {
  if (error instanceof XapiRequestError) return new HttpError(error.status, error.code, error.message);
  return error;
}
