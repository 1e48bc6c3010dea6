import type { APIContext } from 'astro';
import { loadCourses } from '../../../server/course-content.ts';
import { jsonOk } from '../../../server/http.ts';
import { hrServices } from '../../../server/hr/services.ts';
import { requireRole } from '../../../server/identity.ts';
import { runtime } from '../../../server/runtime.ts';

export const prerender = false;

/** GET /api/hr/summary: completion and certificates by department, as of now. */
export async function GET({ locals }: APIContext) {
  requireRole(locals.identity, 'hr');
  const [content] = await loadCourses();
  const now = Date.now();
  return jsonOk({ courseId: content!.course.id, asOf: new Date(now).toISOString(), departments: await hrServices(await runtime()).reports.departmentSummary(content!.course.id, now) });
}
