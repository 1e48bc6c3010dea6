import { randomUUID } from 'node:crypto';
import { activitiesOf, agentIdentityKey as identityKeyOrNull, agentsOf } from '../../core/xapi/agent-identity.ts';
import { timestampToMilliseconds } from '../../core/xapi/formats.ts';
import { voidedVerbId, type XapiActor, type XapiAgent, type XapiStatement } from '../../core/xapi/types.ts';
import type { StatementRecord } from './statement-store.ts';

/** The stored key of an actor; an anonymous group has no identity of its own and is filed under ''. */
export function agentIdentityKey(actor: XapiActor): string {
  return identityKeyOrNull(actor) ?? '';
}

/** Fills in what the server sets on every statement it stores: id when missing, stored, authority, version. */
export function completeStatement(statement: XapiStatement, authority: XapiAgent, storedMs: number): XapiStatement {
  const stored = new Date(storedMs).toISOString();
  return {
    ...statement,
    id: statement.id ?? randomUUID(),
    timestamp: statement.timestamp ?? stored,
    stored,
    authority,
    version: statement.version ?? '1.0.0',
  };
}

/** Turns a complete statement into the row and index rows the store keeps. */
export function recordOf(statement: XapiStatement, storedMs: number): StatementRecord {
  const object = statement.object as { objectType?: string; id?: string };
  const objectType = object.objectType ?? 'Activity';
  return {
    id: statement.id!,
    statement,
    body: JSON.stringify(statement),
    actorKey: agentIdentityKey(statement.actor),
    verbId: statement.verb.id,
    activityId: objectType === 'Activity' ? object.id! : null,
    targetStatementId: objectType === 'StatementRef' ? object.id! : null,
    registration: statement.context?.registration ?? null,
    timestampMs: timestampToMilliseconds(statement.timestamp!),
    storedMs,
    authorityKey: agentIdentityKey(statement.authority!),
    isVoiding: statement.verb.id === voidedVerbId,
    agents: indexRows(agentsOf(statement, false), agentsOf(statement, true)).map(([key, relatedOnly]) => ({ key, relatedOnly })),
    activities: indexRows(activitiesOf(statement, false), activitiesOf(statement, true)).map(([id, relatedOnly]) => ({ id, relatedOnly })),
  };
}

/** Each key once: direct ones as such, the rest as reachable only through the related_* filters. */
function indexRows(direct: readonly string[], related: readonly string[]): [string, boolean][] {
  const rows = new Map<string, boolean>(direct.map((key) => [key, false]));
  for (const key of related) if (!rows.has(key)) rows.set(key, true);
  return [...rows];
}

