import type { APIContext } from 'astro';
import { loadCourses } from '../../../../server/course-content.ts';
import { jsonOk } from '../../../../server/http.ts';
import { learnerParams, learnerQuery } from '../../../../server/hr/filters.ts';
import { hrServices } from '../../../../server/hr/services.ts';
import { requireRole } from '../../../../server/identity.ts';
import { runtime } from '../../../../server/runtime.ts';

export const prerender = false;

/** GET /api/hr/learners?department=&status=&q=&from=&to=&sort=&dir=&page=&size=: one page of learners, as the dashboard lists them. */
export async function GET({ locals, url }: APIContext) {
  requireRole(locals.identity, 'hr');
  const [content] = await loadCourses();
  const params = learnerParams(url.searchParams);
  const result = await hrServices(await runtime()).reports.learners(learnerQuery(content!.course.id, params), Date.now());
  return jsonOk({ page: params.page, pageSize: params.size, ...result });
}
