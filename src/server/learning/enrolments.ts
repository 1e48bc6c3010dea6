import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The learner's xAPI registration in a course, made on first need and shared by all their devices. */
export async function registrationOf(db: Kysely<Database>, userId: string, courseId: string, now = Date.now()): Promise<string> {
  const existing = await db.selectFrom('enrolments').select('registration').where('user_id', '=', userId).where('course_id', '=', courseId).executeTakeFirst();
  if (existing) return existing.registration;
  await db
    .insertInto('enrolments')
    .values({ user_id: userId, course_id: courseId, registration: randomUUID(), created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
    .execute();
  const row = await db.selectFrom('enrolments').select('registration').where('user_id', '=', userId).where('course_id', '=', courseId).executeTakeFirstOrThrow();
  return row.registration;
}
