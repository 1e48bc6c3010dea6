import type { APIContext } from 'astro';
import { loadCourses } from '../../../server/course-content.ts';
import { jsonOk } from '../../../server/http.ts';
import { requireAccount } from '../../../server/identity.ts';
import { learnerReport } from '../../../server/learning/learner-report.ts';
import { runtime } from '../../../server/runtime.ts';

export const prerender = false;

/** GET /api/me/report: the signed-in learner's completion report, folded on the server from what it holds. */
export async function GET({ locals }: APIContext) {
  const account = requireAccount(locals.identity);
  const [content] = await loadCourses();
  return jsonOk(await learnerReport(await runtime(), account, content!));
}
