import type { APIContext } from 'astro';
import { loadCourses } from '../../../../server/course-content.ts';
import { jsonOk } from '../../../../server/http.ts';
import { learnerRecord } from '../../../../server/hr/learner-record.ts';
import { requireRole } from '../../../../server/identity.ts';
import { runtime } from '../../../../server/runtime.ts';

export const prerender = false;

/** GET /api/hr/learners/<user id>: one learner's report (the fold their own page uses), certificates and attempts. */
export async function GET({ locals, params }: APIContext) {
  requireRole(locals.identity, 'hr');
  const [content] = await loadCourses();
  return jsonOk(await learnerRecord(await runtime(), params.id!, content!));
}
