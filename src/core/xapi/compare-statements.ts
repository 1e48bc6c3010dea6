import { normaliseMbox } from './agent-identity.ts';
import { timestampToMilliseconds } from './formats.ts';
import { contextActivityKinds } from './types.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
}

/** Serialises JSON with object keys sorted, so that property order never counts as a difference. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function lower(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function canonicalAgent(agent: unknown): unknown {
  if (!isObject(agent)) return agent;
  return {
    objectType: agent.objectType ?? 'Agent',
    name: agent.name,
    mbox: typeof agent.mbox === 'string' ? normaliseMbox(agent.mbox) : agent.mbox,
    mbox_sha1sum: lower(agent.mbox_sha1sum),
    openid: agent.openid,
    account: agent.account,
    // Group members are an unordered list (2.3.1: "Serialization of un-ordered lists").
    member: agent.member === undefined ? undefined : asArray(agent.member).map(canonicalAgent).map(stableJson).sort(),
  };
}

function canonicalActivity(activity: unknown): unknown {
  // Activity definitions are not part of the statement (2.3.1), only the id is.
  return isObject(activity) ? { objectType: 'Activity', id: activity.id } : activity;
}

function canonicalObject(object: unknown): unknown {
  if (!isObject(object)) return object;
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      return canonicalActivity(object);
    case 'Agent':
    case 'Group':
      return canonicalAgent(object);
    case 'StatementRef':
      return { objectType: 'StatementRef', id: lower(object.id) };
    case 'SubStatement':
      return { ...canonicalBody(object), objectType: 'SubStatement' };
    default:
      return object;
  }
}

// Precision beyond 0.01 s SHOULD* NOT be compared (4.6); otherwise a duration compares as a string (2.3.1).
function canonicalDuration(duration: unknown): unknown {
  return typeof duration === 'string' ? duration.replace(/([.,]\d{2})\d+S$/, '$1S') : duration;
}

function canonicalResult(result: unknown): unknown {
  return isObject(result) ? { ...result, duration: canonicalDuration(result.duration) } : result;
}

function canonicalContext(context: unknown): unknown {
  if (!isObject(context)) return context;
  const activities = context.contextActivities;
  return {
    ...context,
    registration: lower(context.registration),
    instructor: context.instructor === undefined ? undefined : canonicalAgent(context.instructor),
    team: context.team === undefined ? undefined : canonicalAgent(context.team),
    // A single context activity and an array of one are the same (2.4.6.2).
    contextActivities: isObject(activities)
      ? Object.fromEntries(contextActivityKinds.filter((kind) => activities[kind] !== undefined).map((kind) => [kind, asArray(activities[kind]).map(canonicalActivity)]))
      : activities,
    language: lower(context.language),
    statement: isObject(context.statement) ? { ...context.statement, id: lower(context.statement.id) } : context.statement,
  };
}

/** Keeps only what 2.3.1 says is immutable: no authority, stored, attachments or verb display; timestamps as instants. */
function canonicalBody(statement: Json): Json {
  return {
    actor: canonicalAgent(statement.actor),
    verb: isObject(statement.verb) ? { id: statement.verb.id } : statement.verb,
    object: canonicalObject(statement.object),
    result: canonicalResult(statement.result),
    context: canonicalContext(statement.context),
  };
}

function sameTimestamp(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return a === b;
  const instantA = timestampToMilliseconds(a);
  const instantB = timestampToMilliseconds(b);
  return Number.isNaN(instantA) || Number.isNaN(instantB) ? a === b : instantA === instantB;
}

/**
 * Says whether two statements are the same under the statement comparison requirements of xAPI 1.0.3 (Part Two,
 * 2.3.1): differences that the immutability exceptions could cause are ignored — id, timestamp or version assigned by
 * the LRS when one side lacks them, authority, stored, Activity definitions, verb display, attachments, timestamp
 * time zones, Group member order, context activities sent as one object, the case of case-insensitive values
 * (e-mail domains, UUIDs, hashes, language tags) and duration precision beyond 0.01 s. Everything else must match.
 */
export function statementsEquivalent(a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return false;
  if (a.id !== undefined && b.id !== undefined && lower(a.id) !== lower(b.id)) return false;
  if (a.timestamp !== undefined && b.timestamp !== undefined && !sameTimestamp(a.timestamp, b.timestamp)) return false;
  if ((a.version ?? '1.0.0') !== (b.version ?? '1.0.0')) return false;
  const subA = isObject(a.object) ? a.object : undefined;
  const subB = isObject(b.object) ? b.object : undefined;
  if (subA?.objectType === 'SubStatement' && subB?.objectType === 'SubStatement' && !sameTimestamp(subA.timestamp, subB.timestamp)) return false;
  return stableJson(canonicalBody(a)) === stableJson(canonicalBody(b));
}
