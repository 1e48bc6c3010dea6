import type { Agent } from './xapi.ts';
import { parseActivityId, verbName } from './vocabulary.ts';

/** The account name the server signs its own statements with (final-assessment results, attendance). */
export const SERVER_ACCOUNT_NAME = 'icrm-server';

/** The authority of statements the server writes itself; the completion fold trusts only these for assessment and attendance. */
export function serverAuthority(origin: string): Agent {
  return { objectType: 'Agent', name: '内训学堂服务器', account: { homePage: origin, name: SERVER_ACCOUNT_NAME } };
}

interface ClaimShape {
  verb: { id: string };
  object: { objectType?: string; id?: string };
  context?: { contextActivities?: Partial<Record<'parent' | 'grouping' | 'category' | 'other', { id: string }[] | { id: string }>> };
}

function isFinalAssessment(iri: string | undefined): boolean {
  const parsed = iri === undefined ? undefined : parseActivityId(iri);
  // Practice quizzes are named quiz-<lesson>; any other quiz activity is the server-graded final assessment.
  return parsed?.kind === 'quiz' && !parsed.id.startsWith('quiz-');
}

/**
 * Whether a statement claims what only the server may say (DESIGN §7): classroom attendance, or anything about the
 * final assessment (its result, or answers filed under it).
 */
export function claimsServerAuthority(statement: ClaimShape): boolean {
  if (verbName(statement.verb.id) === 'attended') return true;
  if (isFinalAssessment(statement.object.id)) return true;
  const lists = Object.values(statement.context?.contextActivities ?? {});
  return lists.some((list) => (Array.isArray(list) ? list : [list]).some((activity) => isFinalAssessment(activity?.id)));
}
