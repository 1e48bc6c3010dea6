import type { APIContext } from 'astro';
import { assessmentContext } from '../../../../../server/assessment/assessment-routes.ts';
import { jsonOk } from '../../../../../server/http.ts';

export const prerender = false;

/** POST …/attempts/<id>/submit: grades the attempt on the server and records the result. */
export async function POST({ locals, params }: APIContext) {
  const { rt, account, rules } = await assessmentContext(locals.identity);
  return jsonOk(await rt.assessments.submit(account, rules, params.attempt!));
}
