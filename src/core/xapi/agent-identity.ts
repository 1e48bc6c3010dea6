import { validateXapiStatement } from './validate-xapi-statement.ts';
import type { XapiActor, XapiAgent, XapiAgentObject, XapiGroup, XapiObject, XapiStatement, XapiSubStatement } from './types.ts';

/**
 * Lower-cases the domain of a mailto IRI (and the scheme): Part Two 2.4.2.3 says the domain portion is case-insensitive,
 * while the local part is left as sent.
 */
export function normaliseMbox(mbox: string): string {
  const address = mbox.replace(/^mailto:/i, '');
  const at = address.lastIndexOf('@');
  return at < 0 ? `mailto:${address}` : `mailto:${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
}

/**
 * Returns a stable key for an Agent or identified Group, built from its one inverse functional identifier
 * (e.g. "mbox:mailto:a@example.com", "account:https://example.com|u-1"), or null for an anonymous Group.
 */
export function agentIdentityKey(agent: XapiActor): string | null {
  if (agent.mbox !== undefined) return `mbox:${normaliseMbox(agent.mbox)}`;
  if (agent.mbox_sha1sum !== undefined) return `mbox_sha1sum:${agent.mbox_sha1sum.toLowerCase()}`;
  if (agent.openid !== undefined) return `openid:${agent.openid}`;
  if (agent.account !== undefined) return `account:${agent.account.homePage}|${agent.account.name}`;
  return null;
}

export type AgentQuery = { ok: true; agent: XapiActor; key: string } | { ok: false; message: string };

/** Parses and checks the "agent" parameter of GET /statements: the JSON of an Agent or an identified Group. */
export function parseAgentQueryParam(json: string): AgentQuery {
  let agent: unknown;
  try {
    agent = JSON.parse(json);
  } catch {
    return { ok: false, message: 'agent: must be the JSON of an Agent or identified Group, e.g. {"mbox":"mailto:name@example.com"}' };
  }
  if (typeof agent !== 'object' || agent === null || Array.isArray(agent)) {
    return { ok: false, message: 'agent: must be a JSON object (an Agent or identified Group)' };
  }
  // Re-use the statement rules by placing the parameter where an actor goes, then rename the fields for the message.
  const probe = validateXapiStatement({ actor: agent, verb: { id: 'urn:x-probe:verb' }, object: { id: 'urn:x-probe:activity' } });
  if (!probe.ok) {
    const first = probe.faults[0]!;
    return { ok: false, message: `${first.field.replace(/^actor/, 'agent')}: ${first.message}` };
  }
  const key = agentIdentityKey(probe.statement.actor);
  if (key === null) return { ok: false, message: 'agent: an anonymous Group cannot be used as a filter; give an Agent or an identified Group' };
  return { ok: true, agent: probe.statement.actor, key };
}

function isActor(object: XapiObject): object is XapiAgentObject | XapiGroup {
  return object.objectType === 'Agent' || object.objectType === 'Group';
}

/** Adds the key of an Agent or Group and of every member it lists. */
function addActor(keys: Set<string>, actor: XapiActor | undefined): void {
  if (!actor) return;
  const key = agentIdentityKey(actor);
  if (key !== null) keys.add(key);
  const members: XapiAgent[] = actor.objectType === 'Group' ? (actor.member ?? []) : [];
  for (const member of members) {
    const memberKey = agentIdentityKey(member);
    if (memberKey !== null) keys.add(memberKey);
  }
}

function addActorsOf(keys: Set<string>, statement: XapiStatement | XapiSubStatement, related: boolean): void {
  addActor(keys, statement.actor);
  if (isActor(statement.object)) addActor(keys, statement.object);
  if (!related) return;
  if ('authority' in statement) addActor(keys, statement.authority);
  addActor(keys, statement.context?.instructor);
  addActor(keys, statement.context?.team);
  if (statement.object.objectType === 'SubStatement') addActorsOf(keys, statement.object, true);
}

/**
 * Returns the identity keys a GET /statements "agent" filter matches: the actor and an Agent or Group object (with
 * Group members, which the filter also matches); with related_agents, also authority, instructor, team and the same
 * properties of a SubStatement.
 */
export function agentsOf(statement: XapiStatement, related: boolean): string[] {
  const keys = new Set<string>();
  addActorsOf(keys, statement, related);
  return [...keys];
}

function addActivitiesOf(ids: Set<string>, statement: XapiStatement | XapiSubStatement, related: boolean): void {
  const object = statement.object;
  if (object.objectType === undefined || object.objectType === 'Activity') ids.add(object.id);
  if (!related) return;
  const contextActivities = statement.context?.contextActivities;
  for (const list of [contextActivities?.parent, contextActivities?.grouping, contextActivities?.category, contextActivities?.other]) {
    for (const activity of list ?? []) ids.add(activity.id);
  }
  if (object.objectType === 'SubStatement') addActivitiesOf(ids, object, true);
}

/**
 * Returns the Activity ids a GET /statements "activity" filter matches: the object if it is an Activity; with
 * related_activities, also every context activity and those of a SubStatement.
 */
export function activitiesOf(statement: XapiStatement, related: boolean): string[] {
  const ids = new Set<string>();
  addActivitiesOf(ids, statement, related);
  return [...ids];
}
