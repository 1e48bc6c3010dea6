import { findLessonSection, type LessonSection } from '../course/lesson-sections.ts';
import type { Course } from '../course/schemas/course.ts';
import type { ProgressModel } from '../progress/progress-model.ts';
import type { QuizSearchSource } from '../search/documents.ts';
import type { PracticeQuiz, Question } from './schemas/quiz.ts';

/** Where a question sends a learner who got it wrong: the section's heading and a link to it. */
export interface SectionLink {
  title: string;
  href: string;
}

/** A practice quiz as its island receives it: the quiz, and for each question the section to revisit. */
export interface PlayableQuiz {
  quiz: PracticeQuiz;
  sections: Record<string, SectionLink>;
}

/** Lists the practice quizzes for the progress model, in the course's lesson order. */
export function progressQuizzes(course: Course, quizzes: readonly PracticeQuiz[]): ProgressModel['quizzes'] {
  const lessonOrder = course.modules.flatMap((module) => module.lessons);
  return [...quizzes]
    .sort((a, b) => lessonOrder.indexOf(a.lesson) - lessonOrder.indexOf(b.lesson) || a.id.localeCompare(b.id))
    .map(({ id, title, lesson, passMark }) => ({ id, title, lessonId: lesson, passMark }));
}

/**
 * Resolves each question's section reference to a link: `#anchor` within the quiz's own lesson, and
 * `../<lesson>/#anchor` for a sibling lesson, so links work under any course path.
 */
export function playableQuiz(quiz: PracticeQuiz, sectionsOf: (lessonId: string) => readonly LessonSection[]): PlayableQuiz {
  const sections: Record<string, SectionLink> = {};
  for (const question of quiz.questions) {
    const { lesson, heading } = question.section;
    const section = findLessonSection(sectionsOf(lesson), heading);
    if (!section) throw new Error(`Question ${question.id} of ${quiz.id} names a section that ${lesson} lacks: ${heading}`);
    const anchor = `#${section.anchor}`;
    sections[question.id] = { title: section.heading, href: lesson === quiz.lesson ? anchor : `../${lesson}/${anchor}` };
  }
  return { quiz, sections };
}

/** Maps a practice quiz onto what the search indexes: each question's prompt, explanation and feedback texts. */
export function quizSearchSource(quiz: PracticeQuiz): QuizSearchSource {
  return {
    id: quiz.id,
    lessonId: quiz.lesson,
    title: quiz.title,
    questions: quiz.questions.map((question) => ({
      prompt: question.type === 'situational' ? `${question.scenario}\n${question.prompt}` : question.prompt,
      explanation: question.explanation,
      feedback: questionFeedback(question),
    })),
  };
}

function questionFeedback(question: Question): string[] {
  switch (question.type) {
    case 'true-false':
      return [question.feedback.true, question.feedback.false];
    case 'ordering':
      return question.items.map((item) => item.feedback);
    case 'matching':
      return question.left.map((premise) => premise.feedback);
    default:
      return question.options.map((option) => option.feedback);
  }
}
