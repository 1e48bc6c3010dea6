import type { APIContext } from 'astro';
import { z } from 'zod';
import { facilitatorContext } from '../../../../server/classroom/classroom-routes.ts';
import { jsonOk, readJsonBody } from '../../../../server/http.ts';
import { loadCourses } from '../../../../server/course-content.ts';

export const prerender = false;

const CreateSchema = z
  .object({
    modules: z.array(z.string().max(100)).max(50).default([]),
    lessons: z.array(z.string().max(100)).max(100).default([]),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 yyyy-mm-dd'),
    time: z.string().regex(/^\d{2}:\d{2}$/, '时间应为 hh:mm'),
    place: z.string().trim().min(1, '请填写地点').max(60),
    capacity: z.number().int().min(1).max(500),
    title: z.string().trim().max(60).optional(),
  })
  .strict();

/** GET /api/classroom/sessions: every session, newest first (facilitators and admins). */
export async function GET({ locals }: APIContext) {
  const { room } = await facilitatorContext(locals.identity);
  return jsonOk({ sessions: await room.service.list() });
}

/** POST /api/classroom/sessions: creates a session in draft; 201 with its join code. */
export async function POST({ locals, request }: APIContext) {
  const { account, room } = await facilitatorContext(locals.identity);
  const input = await readJsonBody(request, CreateSchema, 8 * 1024);
  const [course] = await loadCourses();
  const code = await room.service.create(account, { ...input, courseId: course!.course.id });
  return jsonOk({ code }, { status: 201 });
}
