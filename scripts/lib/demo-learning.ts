import { buildProgressModel, type ProgressModel } from '../../src/core/progress/progress-model.ts';
import { progressQuizzes } from '../../src/core/quiz/practice-quiz.ts';
import { createStatementFactory } from '../../src/core/statements/builders.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';
import { checkContentDir } from './content-files.ts';

/** The course's progress model as the server builds it, read from content/ without Astro (for scripts and tests). */
export async function loadProgressModel(contentDir: string, rootDir: string): Promise<ProgressModel> {
  const result = await checkContentDir(contentDir, rootDir);
  if (!result.ok) throw new Error(`the course content is invalid: ${result.issues.map((issue) => `${issue.file}: ${issue.message}`).join('; ')}`);
  const { course, lessons, quizzes, scenarios } = result.content;
  const lessonOrder = course.modules.flatMap((module) => module.lessons);
  return buildProgressModel(course, lessons, {
    quizzes: progressQuizzes(course, quizzes.practice),
    scenarios: scenarios
      .map(({ scenario }) => scenario)
      .sort((a, b) => lessonOrder.indexOf(a.lesson) - lessonOrder.indexOf(b.lesson) || a.id.localeCompare(b.id))
      .map(({ id, title }) => ({ id, title })),
  });
}

export interface Journey {
  /** Statements the learner's devices send. */
  learner: Statement[];
  /** Statements only the server may author (the final assessment's result), to be stored with its authority. */
  server: Statement[];
}

export interface JourneyOptions {
  origin: string;
  userId: string;
  displayName: string;
  registration: string;
  /** When the learner started; each statement is a few minutes after the one before. */
  startedAt: number;
  /** Lessons read to the end; every requirement when `complete`. */
  lessons: number;
  complete: boolean;
}

const MINUTE = 60_000;

/**
 * A plausible learner's statements: lessons opened, read and finished in course order, their practice quizzes passed,
 * and, for a complete journey, every role-play finished and the final assessment passed.
 */
export function learnerJourney(model: ProgressModel, options: JourneyOptions): Journey {
  let time = options.startedAt;
  const factory = createStatementFactory({
    origin: options.origin,
    actor: { objectType: 'Agent', name: options.displayName, account: { homePage: options.origin, name: options.userId } },
    registration: options.registration,
    contentVersion: 'demo',
    course: { id: model.id, title: model.title },
    now: () => new Date((time += 3 * MINUTE)),
  });
  const learner: Statement[] = [];
  const lessons = model.lessons.slice(0, options.complete ? model.lessons.length : options.lessons);
  for (const lesson of lessons) {
    learner.push(factory.lessonExperienced(lesson), factory.lessonProgressed(lesson, { share: 0.5, activeMs: 4 * MINUTE }));
    learner.push(factory.lessonCompleted(lesson, 4 * MINUTE));
    const quiz = model.quizzes.find((candidate) => candidate.lessonId === lesson.id);
    if (quiz) learner.push(factory.quizFinished(quiz, { passed: true, raw: 5, max: 5, activeMs: 2 * MINUTE, lesson }));
  }
  if (!options.complete && model.lessons[lessons.length]) {
    const next = model.lessons[lessons.length]!;
    learner.push(factory.lessonExperienced(next), factory.lessonProgressed(next, { share: 0.3, activeMs: 3 * MINUTE }));
  }
  const server: Statement[] = [];
  if (options.complete) {
    for (const scenario of model.scenarios) {
      learner.push(
        factory.scenarioAttempted(scenario),
        factory.scenarioCompleted(scenario, {
          endingId: 'ending',
          rating: 'best',
          principleScores: { respect: 2, communication: 2, collaboration: 2, improvement: 2 },
          path: ['start'],
          scaled: 1,
          activeMs: 5 * MINUTE,
        }),
      );
    }
    const assessment = model.finalAssessment;
    server.push(factory.quizFinished({ id: assessment.id, title: assessment.title }, { passed: true, raw: assessment.questions, max: assessment.questions, activeMs: 20 * MINUTE }));
  }
  return { learner, server };
}
