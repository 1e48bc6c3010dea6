import type { APIContext } from 'astro';
import { loadCourses } from '../../../server/course-content.ts';
import { jsonOk } from '../../../server/http.ts';
import { requireAccount } from '../../../server/identity.ts';
import { registrationOf } from '../../../server/learning/enrolments.ts';
import { accountView } from '../../../server/me.ts';
import { runtime } from '../../../server/runtime.ts';

export const prerender = false;

/** GET /api/me: the signed-in account, the actor its statements must carry, and its course registrations. */
export async function GET({ locals }: APIContext) {
  const account = requireAccount(locals.identity);
  const rt = await runtime();
  const registrations: Record<string, string> = {};
  for (const { course } of await loadCourses()) registrations[course.id] = await registrationOf(rt.database.db, account.id, course.id);
  return jsonOk(accountView(account, rt.settings.publicOrigin, registrations));
}
