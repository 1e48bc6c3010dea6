import type { APIContext } from 'astro';
import { assessmentContext, readAnswer } from '../../../../../../server/assessment/assessment-routes.ts';

export const prerender = false;

/** PUT …/attempts/<id>/answers/<question>: saves one answer as it is given. */
export async function PUT({ locals, params, request }: APIContext) {
  const { rt, account, rules } = await assessmentContext(locals.identity);
  const answer = await readAnswer(request);
  await rt.assessments.saveAnswer(account, rules, params.attempt!, params.question!, answer);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}
