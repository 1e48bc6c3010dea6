import type {
  XapiActivity,
  XapiActivityDefinition,
  XapiActor,
  XapiAgent,
  XapiAgentObject,
  XapiContext,
  XapiGroup,
  XapiIdentifiers,
  XapiLanguageMap,
  XapiObject,
  XapiStatement,
  XapiSubStatement,
  XapiVerb,
} from './types.ts';
import { interactionComponentLists } from './types.ts';

export type XapiFormat = 'exact' | 'ids' | 'canonical';

/**
 * Parses an Accept-Language header into language ranges, best first (by q, then by order given), leaving out
 * ranges with q=0 and malformed entries. "zh-CN,zh;q=0.9,en;q=0.5" gives ["zh-CN", "zh", "en"].
 */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranges: { range: string; q: number; order: number }[] = [];
  header.split(',').forEach((part, order) => {
    const [rawRange = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (!/^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i.test(rawRange)) return;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.exec(param);
      if (match) q = Number(match[1]);
      else if (/^q\s*=/i.test(param)) q = -1;
    }
    if (q > 0) ranges.push({ range: rawRange, q, order });
  });
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order).map(({ range }) => range);
}

/**
 * Picks the one entry of a language map the reader prefers, matching each range as RFC 2616 14.4 says (equal, or a
 * prefix followed by "-"; "*" matches anything), case-insensitively. When no range matches, a key that is a prefix of
 * a wanted range (e.g. "zh" for "zh-CN") is taken, then the first entry.
 */
export function pickLanguage(map: XapiLanguageMap, acceptLanguages: readonly string[]): XapiLanguageMap {
  const tags = Object.keys(map);
  if (tags.length <= 1) return { ...map };
  const choose = (tag: string): XapiLanguageMap => ({ [tag]: map[tag]! });
  for (const range of acceptLanguages) {
    const wanted = range.toLowerCase();
    if (wanted === '*') return choose(tags[0]!);
    const match = tags.find((tag) => tag.toLowerCase() === wanted) ?? tags.find((tag) => tag.toLowerCase().startsWith(`${wanted}-`));
    if (match) return choose(match);
  }
  for (const range of acceptLanguages) {
    const wanted = range.toLowerCase();
    const broader = tags.find((tag) => wanted.startsWith(`${tag.toLowerCase()}-`));
    if (broader) return choose(broader);
  }
  return choose(tags[0]!);
}

function identifiersOf(actor: XapiActor): XapiIdentifiers {
  const identified: XapiIdentifiers = {};
  if (actor.mbox !== undefined) identified.mbox = actor.mbox;
  if (actor.mbox_sha1sum !== undefined) identified.mbox_sha1sum = actor.mbox_sha1sum;
  if (actor.openid !== undefined) identified.openid = actor.openid;
  if (actor.account !== undefined) identified.account = { ...actor.account };
  return identified;
}

/** Reduces an Agent or Group to what identifies it; an anonymous Group keeps its members, each reduced. */
function actorIds(actor: XapiActor): XapiActor {
  const identifiers = identifiersOf(actor);
  if (actor.objectType !== 'Group') return actor.objectType ? { objectType: actor.objectType, ...identifiers } : identifiers;
  if (Object.keys(identifiers).length > 0) return { objectType: 'Group', ...identifiers };
  return { objectType: 'Group', member: (actor.member ?? []).map((member) => actorIds(member) as XapiAgent) };
}

function activityIds(activity: XapiActivity): XapiActivity {
  return activity.objectType ? { objectType: activity.objectType, id: activity.id } : { id: activity.id };
}

function canonicalDefinition(definition: XapiActivityDefinition, languages: readonly string[]): XapiActivityDefinition {
  const result: XapiActivityDefinition = { ...definition };
  if (definition.name) result.name = pickLanguage(definition.name, languages);
  if (definition.description) result.description = pickLanguage(definition.description, languages);
  for (const list of interactionComponentLists) {
    const components = definition[list];
    if (components) {
      result[list] = components.map((component) =>
        component.description ? { ...component, description: pickLanguage(component.description, languages) } : { ...component },
      );
    }
  }
  return result;
}

interface Formatter {
  actor: (actor: XapiActor) => XapiActor;
  activity: (activity: XapiActivity) => XapiActivity;
  verb: (verb: XapiVerb) => XapiVerb;
}

function formatContext(context: XapiContext, formatter: Formatter): XapiContext {
  const result: XapiContext = { ...context };
  if (context.instructor) result.instructor = formatter.actor(context.instructor);
  if (context.team) result.team = formatter.actor(context.team) as XapiContext['team'];
  if (context.contextActivities) {
    result.contextActivities = Object.fromEntries(
      Object.entries(context.contextActivities).map(([kind, list]) => [kind, (Array.isArray(list) ? list : [list]).map(formatter.activity)]),
    );
  }
  return result;
}

function formatObject(object: XapiObject, formatter: Formatter): XapiObject {
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      return formatter.activity(object);
    case 'Agent':
    case 'Group':
      return formatter.actor(object) as XapiAgentObject | XapiGroup;
    case 'StatementRef':
      return { ...object };
    case 'SubStatement':
      return formatBody(object, formatter);
  }
}

function formatBody<T extends XapiStatement | XapiSubStatement>(statement: T, formatter: Formatter): T {
  const result = { ...statement, actor: formatter.actor(statement.actor), verb: formatter.verb(statement.verb), object: formatObject(statement.object, formatter) };
  if (statement.context) result.context = formatContext(statement.context, formatter);
  if ('authority' in statement && statement.authority) (result as XapiStatement).authority = formatter.actor(statement.authority);
  return result as T;
}

/**
 * Shapes a stored statement for GET /statements by its "format" parameter: "exact" as received; "ids" with Agents,
 * Groups, Activities and Verbs reduced to what identifies them; "canonical" with every language map of Activities and
 * the Verb display reduced to the one language the reader prefers (Agents and Groups as in "exact").
 */
export function formatStatement(statement: XapiStatement, format: XapiFormat, acceptLanguages: readonly string[]): XapiStatement {
  const copy = JSON.parse(JSON.stringify(statement)) as XapiStatement;
  if (format === 'exact') return copy;
  if (format === 'ids') return formatBody(copy, { actor: actorIds, activity: activityIds, verb: (verb) => ({ id: verb.id }) });
  return formatBody(copy, {
    actor: (actor) => actor,
    activity: (activity) => (activity.definition ? { ...activity, definition: canonicalDefinition(activity.definition, acceptLanguages) } : activity),
    verb: (verb) => (verb.display ? { ...verb, display: pickLanguage(verb.display, acceptLanguages) } : verb),
  });
}
