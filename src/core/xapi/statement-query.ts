import { parseAgentQueryParam } from './agent-identity.ts';
import type { XapiFormat } from './format-statement.ts';
import { isIri, isXapiUuid, timestampToMilliseconds } from './formats.ts';
import type { XapiActor } from './types.ts';

/** The parameters of GET /statements (Part Three 2.1.3), checked and typed. */
export interface StatementQuery {
  statementId?: string;
  voidedStatementId?: string;
  agent?: { agent: XapiActor; key: string };
  verb?: string;
  activity?: string;
  registration?: string;
  relatedActivities: boolean;
  relatedAgents: boolean;
  /** Exclusive lower bound on "stored", as given and in milliseconds since the epoch. */
  since?: { text: string; milliseconds: number };
  /** Inclusive upper bound on "stored". */
  until?: { text: string; milliseconds: number };
  /** 0 means "the most the server allows". */
  limit: number;
  format: XapiFormat;
  attachments: boolean;
  ascending: boolean;
}

export type StatementQueryResult = { ok: true; query: StatementQuery } | { ok: false; message: string };

const knownParameters = [
  'statementId',
  'voidedStatementId',
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'format',
  'attachments',
  'ascending',
];
const allowedWithId = ['statementId', 'voidedStatementId', 'attachments', 'format'];

function parseBoolean(name: string, value: string | undefined): boolean | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return `${name}: must be true or false`;
}

function parseTimestamp(name: string, value: string): { text: string; milliseconds: number } | string {
  const milliseconds = timestampToMilliseconds(value);
  return Number.isNaN(milliseconds) ? `${name}: must be an ISO 8601 timestamp such as 2026-11-30T08:00:00Z` : { text: value, milliseconds };
}

/**
 * Parses the query of GET /statements, refusing (with a message for a 400) unknown or repeated parameters, parameters
 * that match a known one in all but case, statementId with voidedStatementId or with filters, and badly formatted
 * values. `serverParameters` names extra parameters the server itself puts in its "more" links.
 */
export function parseStatementQuery(params: URLSearchParams, serverParameters: readonly string[] = []): StatementQueryResult {
  const values = new Map<string, string>();
  for (const [name, value] of params) {
    if (!knownParameters.includes(name) && !serverParameters.includes(name)) {
      const sameButCase = knownParameters.find((known) => known.toLowerCase() === name.toLowerCase());
      return { ok: false, message: sameButCase ? `${name}: unknown parameter; did you mean ${sameButCase}? (names are case-sensitive)` : `${name}: unknown parameter` };
    }
    if (values.has(name)) return { ok: false, message: `${name}: given more than once` };
    values.set(name, value);
  }

  const statementId = values.get('statementId');
  const voidedStatementId = values.get('voidedStatementId');
  if (statementId !== undefined && voidedStatementId !== undefined) {
    return { ok: false, message: 'statementId and voidedStatementId cannot be used together' };
  }
  if (statementId !== undefined || voidedStatementId !== undefined) {
    const extra = [...values.keys()].filter((name) => !allowedWithId.includes(name));
    if (extra.length > 0) {
      return { ok: false, message: `${statementId !== undefined ? 'statementId' : 'voidedStatementId'} can only be combined with attachments and format, not ${extra.join(', ')}` };
    }
  }
  for (const [name, value] of [['statementId', statementId], ['voidedStatementId', voidedStatementId], ['registration', values.get('registration')]] as const) {
    if (value !== undefined && !isXapiUuid(value)) return { ok: false, message: `${name}: must be a UUID` };
  }
  for (const name of ['verb', 'activity']) {
    const value = values.get(name);
    if (value !== undefined && !isIri(value)) return { ok: false, message: `${name}: must be an absolute IRI` };
  }

  const query: StatementQuery = { relatedActivities: false, relatedAgents: false, limit: 0, format: 'exact', attachments: false, ascending: false };
  if (statementId !== undefined) query.statementId = statementId;
  if (voidedStatementId !== undefined) query.voidedStatementId = voidedStatementId;
  const verb = values.get('verb');
  if (verb !== undefined) query.verb = verb;
  const activity = values.get('activity');
  if (activity !== undefined) query.activity = activity;
  const registration = values.get('registration');
  if (registration !== undefined) query.registration = registration;

  const agent = values.get('agent');
  if (agent !== undefined) {
    const parsed = parseAgentQueryParam(agent);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    query.agent = { agent: parsed.agent, key: parsed.key };
  }

  const booleans = [
    ['related_activities', 'relatedActivities'],
    ['related_agents', 'relatedAgents'],
    ['attachments', 'attachments'],
    ['ascending', 'ascending'],
  ] as const;
  for (const [name, field] of booleans) {
    const parsed = parseBoolean(name, values.get(name));
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    query[field] = parsed;
  }

  for (const name of ['since', 'until'] as const) {
    const value = values.get(name);
    if (value === undefined) continue;
    const parsed = parseTimestamp(name, value);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    query[name] = parsed;
  }

  const limit = values.get('limit');
  if (limit !== undefined) {
    if (!/^\d{1,9}$/.test(limit)) return { ok: false, message: 'limit: must be a whole number, 0 or more' };
    query.limit = Number(limit);
  }
  const format = values.get('format');
  if (format !== undefined) {
    if (format !== 'exact' && format !== 'ids' && format !== 'canonical') return { ok: false, message: 'format: must be exact, ids or canonical' };
    query.format = format;
  }
  return { ok: true, query };
}

/**
 * Says whether an X-Experience-API-Version header is one this LRS serves (Part Three 3.3): "1.0" or any "1.0.x";
 * versions before 1.0.0 and from 1.1.0 on are refused.
 */
export function acceptsVersionHeader(value: string | null | undefined): boolean {
  return typeof value === 'string' && /^1\.0(?:\.(?:0|[1-9]\d*))?$/.test(value.trim());
}
