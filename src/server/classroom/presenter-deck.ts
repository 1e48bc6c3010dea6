/**
 * The lessons a classroom session presents, in order, or undefined when there is no such session (the pages answer
 * 404). The presenter, audience and kit pages get their lessons from this function alone.
 *
 * Until classroom sessions are stored, the lessons are named in the address: `?lessons=a,b` (lesson ids, comma-
 * separated; a repeated one counts once). To use stored sessions, replace the body with the lookup by join code,
 * e.g. `(await runtime()).classroom.findSession(code)`, returning its lessons in order with chosen modules expanded
 * into their lessons; the `url` parameter (and presentationQuery) can then go.
 */
export async function lessonsForPresentation(code: string, url: URL): Promise<string[] | undefined> {
  if (!sessionCodePattern.test(code)) return undefined;
  const lessons = new Set(url.searchParams.get('lessons')?.split(',').map((id) => id.trim()).filter(Boolean));
  return lessons.size > 0 ? [...lessons] : undefined;
}

/** The query the presenter, audience and kit pages pass on in their links to one another ('' once sessions are stored). */
export function presentationQuery(url: URL): string {
  const lessons = url.searchParams.get('lessons');
  return lessons ? `?${new URLSearchParams({ lessons })}` : '';
}

/** What a join code may look like in an address: letters, digits and hyphens. */
const sessionCodePattern = /^[A-Za-z0-9-]{1,32}$/;
