import type { Deck } from '../../core/facilitator/slide-deck.ts';
import { consolePageAccess } from '../console-access.ts';
import type { CourseContent } from '../course-content.ts';
import { loadSessionDeck } from '../facilitator/facilitator-content.ts';
import type { Identity } from '../identity.ts';
import { lessonsOfSession } from './session-lessons.ts';

/** The lessons a classroom session presents, in order, or undefined when there is no such session. */
export async function lessonsForPresentation(code: string): Promise<string[] | undefined> {
  return (await lessonsOfSession(code))?.lessons.map((lesson) => lesson.id);
}

export type SessionPresentation =
  | { kind: 'sign-in'; location: string }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  | { kind: 'allowed'; deck: Deck; content: CourseContent };

/**
 * What the presenter, audience and kit pages of a session show: facilitators and admins get the session's slides;
 * signed-out people are sent to sign in, anyone else is refused (403), and an unknown join code is not found (404).
 */
export async function sessionPresentation(identity: Identity, url: URL, code: string): Promise<SessionPresentation> {
  const access = consolePageAccess(identity, url, 'facilitator');
  if (access.kind !== 'allowed') return access;
  const lessons = await lessonsForPresentation(code);
  const presentation = lessons ? await loadSessionDeck(lessons) : undefined;
  return presentation?.ok ? { kind: 'allowed', deck: presentation.deck, content: presentation.content } : { kind: 'not-found' };
}
