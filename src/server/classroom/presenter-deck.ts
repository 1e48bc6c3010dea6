/**
 * The lessons a classroom session presents, in order, or undefined when there is no such session.
 *
 * Until classroom sessions are stored, a session's lessons are named in the address: `?lessons=a,b` on the presenter,
 * audience and kit pages (lesson ids, comma-separated). To use stored sessions, replace the body with the session
 * lookup, e.g. `(await runtime()).classroom.findSession(code)?.lessons`, expanding chosen modules into their lessons,
 * and drop the `url` parameter: the three pages call only this function, and build links with presentationQuery().
 */
export async function lessonsForPresentation(code: string, url: URL): Promise<string[] | undefined> {
  if (!sessionCodePattern.test(code)) return undefined;
  const lessons = url.searchParams.get('lessons')?.split(',').map((id) => id.trim()).filter(Boolean);
  return lessons && lessons.length > 0 ? lessons : undefined;
}

/** The query the presenter, audience and kit pages pass on in their links to one another ('' once sessions are stored). */
export function presentationQuery(url: URL): string {
  const lessons = url.searchParams.get('lessons');
  return lessons ? `?${new URLSearchParams({ lessons })}` : '';
}

/** What a join code may look like in an address: letters, digits and hyphens. */
const sessionCodePattern = /^[A-Za-z0-9-]{1,32}$/;
