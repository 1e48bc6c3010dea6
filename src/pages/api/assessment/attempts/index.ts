import type { APIContext } from 'astro';
import { assessmentContext } from '../../../../server/assessment/assessment-routes.ts';
import { jsonOk } from '../../../../server/http.ts';

export const prerender = false;

/** POST /api/assessment/attempts: starts an attempt (201), or returns the open one (200). */
export async function POST({ locals }: APIContext) {
  const { rt, account, rules } = await assessmentContext(locals.identity);
  const { attempt, created } = await rt.assessments.start(account, rules);
  return jsonOk(attempt, { status: created ? 201 : 200 });
}
