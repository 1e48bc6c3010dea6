import type { Verb } from './xapi.ts';

const adlVerb = (name: string, zh: string, en: string): Verb => ({
  id: `http://adlnet.gov/expapi/verbs/${name}`,
  display: { 'zh-CN': zh, 'en-US': en },
});

/** The ADL verbs of the event model (DESIGN §4). */
export const verbs = {
  experienced: adlVerb('experienced', '打开了', 'experienced'),
  progressed: adlVerb('progressed', '学习进度', 'progressed'),
  completed: adlVerb('completed', '完成了', 'completed'),
  answered: adlVerb('answered', '回答了', 'answered'),
  passed: adlVerb('passed', '通过了', 'passed'),
  failed: adlVerb('failed', '未通过', 'failed'),
  attempted: adlVerb('attempted', '开始了', 'attempted'),
  attended: adlVerb('attended', '出席了', 'attended'),
} as const;

export type VerbName = keyof typeof verbs;

const verbNames = new Map(Object.entries(verbs).map(([name, verb]) => [verb.id, name as VerbName]));

/** Returns the short name of one of our verbs, or undefined for a verb from elsewhere. */
export function verbName(verbId: string): VerbName | undefined {
  return verbNames.get(verbId);
}

/** The kinds of activity a statement can be about, as they appear in activity ids. */
export const activityKinds = ['course', 'lesson', 'quiz', 'question', 'scenario', 'session'] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** ADL activity types, carried in activity definitions. */
export const activityTypes: Record<ActivityKind, string> = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  quiz: 'http://adlnet.gov/expapi/activities/assessment',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  scenario: 'http://adlnet.gov/expapi/activities/simulation',
  session: 'http://adlnet.gov/expapi/activities/meeting',
};

/** Builds the IRI of an activity: `<origin>/xapi/activities/<kind>/<id>`. */
export function activityId(origin: string, kind: ActivityKind, id: string): string {
  return `${origin}/xapi/activities/${kind}/${encodeURIComponent(id)}`;
}

const activityPath = new RegExp(`/xapi/activities/(${activityKinds.join('|')})/([^/?#]+)$`);

/**
 * Reads the kind and id back from an activity IRI. The origin is ignored on purpose: statements
 * recorded under another host name (a renamed server, a LAN address) still count.
 */
export function parseActivityId(iri: string): { kind: ActivityKind; id: string } | undefined {
  const match = activityPath.exec(iri);
  if (!match) return undefined;
  return { kind: match[1] as ActivityKind, id: decodeURIComponent(match[2]!) };
}

/** Builds the IRI of one of our statement extensions. */
export function extensionId(origin: string, name: ExtensionName): string {
  return `${origin}/xapi/extensions/${name}`;
}

export type ExtensionName = 'content-version' | 'principle-scores' | 'path' | 'ending' | 'rating' | 'sections';

/** Reads one of our extensions from an extensions object, whatever origin its key was written under. */
export function readExtension(extensions: Record<string, unknown> | undefined, name: ExtensionName): unknown {
  if (!extensions) return undefined;
  const suffix = `/xapi/extensions/${name}`;
  for (const [key, value] of Object.entries(extensions)) if (key.endsWith(suffix)) return value;
  return undefined;
}

/** The cmi5 progress extension (0–100), the common way to say how much of an activity is done. */
export const progressExtension = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

/** The account home page of anonymous learners, before they sign in on a device. */
export function anonymousHomePage(origin: string): string {
  return `${origin}/xapi/anonymous`;
}
