import { loadCourse } from '../course-content.ts';
import type { AssessmentRules } from './assessment-service.ts';
import { loadFinalBank } from './final-bank.ts';

/** The final assessment's rules for a course, from course.yaml and its bank (one model, no hard-coded ids). */
export async function assessmentRules(courseId: string): Promise<AssessmentRules> {
  const content = await loadCourse(courseId);
  const final = content.progressModel.finalAssessment;
  return {
    courseId,
    courseTitle: content.course.title,
    title: final.title,
    bank: await loadFinalBank(final.id),
    questions: final.questions,
    passMark: final.passMark,
    attempts: final.attempts,
    timeLimitMinutes: final.timeLimitMinutes,
    contentVersion: content.contentVersion,
    model: content.progressModel,
  };
}
