import type { CompletionRules, Course } from '../course/schemas/course.ts';
import type { Lesson } from '../course/schemas/lesson.ts';

/** What the progress reducer needs to know of a course: its items in order and its completion rules. */
export interface ProgressModel {
  id: string;
  title: string;
  modules: { id: string; title: string; lessons: string[] }[];
  lessons: { id: string; title: string; minutes: number }[];
  /** Practice quizzes, one per lesson at most. */
  quizzes: { id: string; title: string; lessonId: string; passMark: number }[];
  scenarios: { id: string; title: string }[];
  /** The server-graded final assessment, as course.yaml › completion.finalAssessment declares it; its id is the bank's. */
  finalAssessment: {
    id: string;
    title: string;
    passMark: number;
    /** Questions drawn from the bank for each attempt. */
    questions: number;
    attempts: number;
    timeLimitMinutes: number;
  };
  completion: CompletionRules;
  certificateValidityMonths: number;
}

/** Derives the progress model from validated course content. */
export function buildProgressModel(
  course: Course,
  lessons: readonly Lesson[],
  extras: { quizzes?: ProgressModel['quizzes']; scenarios?: ProgressModel['scenarios'] } = {},
): ProgressModel {
  const { bank, ...finalAssessment } = course.completion.finalAssessment;
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const ordered = course.modules.flatMap((module) => module.lessons).map((id) => byId.get(id)).filter((l) => l !== undefined);
  return {
    id: course.id,
    title: course.title,
    modules: course.modules.map(({ id, title, lessons: ids }) => ({ id, title, lessons: ids })),
    lessons: ordered.map(({ id, title, minutes }) => ({ id, title, minutes })),
    quizzes: extras.quizzes ?? [],
    scenarios: extras.scenarios ?? [],
    finalAssessment: { id: bank, title: '结业测验', ...finalAssessment },
    completion: course.completion,
    certificateValidityMonths: course.certificate.validityMonths,
  };
}
