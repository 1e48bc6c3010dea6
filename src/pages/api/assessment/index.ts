import type { APIContext } from 'astro';
import { assessmentContext } from '../../../server/assessment/assessment-routes.ts';
import { jsonOk } from '../../../server/http.ts';

export const prerender = false;

/** GET /api/assessment: attempts used and allowed, the open attempt (questions without keys) and past results. */
export async function GET({ locals }: APIContext) {
  const { rt, account, rules } = await assessmentContext(locals.identity);
  return jsonOk(await rt.assessments.status(account, rules));
}
