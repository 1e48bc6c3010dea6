import { z } from 'zod';
import type { QuizResponse } from '../../core/quiz/grading.ts';
import { loadCourses } from '../course-content.ts';
import { readJsonBody } from '../http.ts';
import { requireAccount, type Identity } from '../identity.ts';
import { runtime, type Runtime } from '../runtime.ts';
import type { Account } from '../accounts/accounts.ts';
import { assessmentRules } from './rules.ts';
import type { AssessmentRules } from './assessment-service.ts';

const id = z.string().min(1).max(200);

/** A learner's answer as the assessment page sends it (the QuizResponse of core/quiz/grading). */
export const QuizResponseSchema: z.ZodType<QuizResponse> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('choice'), selected: z.array(id).max(20) }).strict(),
  z.object({ kind: z.literal('ordering'), order: z.array(id).max(20) }).strict(),
  z.object({ kind: z.literal('matching'), pairs: z.record(id, z.string().max(200)) }).strict(),
]);

/** What every assessment route needs: the runtime, the signed-in learner and the course's assessment rules. */
export async function assessmentContext(identity: Identity): Promise<{ rt: Runtime; account: Account; rules: AssessmentRules }> {
  const account = requireAccount(identity);
  const rt = await runtime();
  // One course today: the assessment is the first (only) course's.
  const [course] = await loadCourses();
  return { rt, account, rules: await assessmentRules(course!.course.id) };
}

/** Reads an answer body. */
export function readAnswer(request: Request): Promise<QuizResponse> {
  return readJsonBody(request, QuizResponseSchema, 16 * 1024);
}
