import { millisecondsToDuration } from './duration.ts';
import { randomUuid } from './uuid.ts';
import {
  activityId,
  activityTypes,
  extensionId,
  progressExtension,
  verbs,
  type ActivityKind,
  type VerbName,
} from './vocabulary.ts';
import type { Activity, Agent, Context, Result, Statement } from './xapi.ts';

/** Who acts, in which enrolment and on which content: what every statement of a learner shares. */
export interface StatementSettings {
  /** The site origin activity ids are built from (PUBLIC_ORIGIN). */
  origin: string;
  actor: Agent;
  /** One UUID per learner per course enrolment. */
  registration: string;
  /** The content version the learner studies (a content hash), so edited courses keep old answers apart. */
  contentVersion: string;
  course: NamedItem;
  now?: () => Date;
  uuid?: () => string;
}

/** Something with an id and a zh-CN name, such as a lesson, quiz or scenario. */
export interface NamedItem {
  id: string;
  title: string;
}

export interface ScenarioEnding {
  endingId: string;
  rating: 'best' | 'acceptable' | 'poor';
  /** The four principle meters at the ending. */
  principleScores: Record<string, number>;
  /** Node ids in the order the learner visited them. */
  path: string[];
  scaled: number;
  activeMs: number;
}

/** Creates builders for every statement of the event model, sharing actor, registration and content version. */
export function createStatementFactory(settings: StatementSettings) {
  const { origin, actor, registration, contentVersion, course } = settings;
  const now = settings.now ?? (() => new Date());
  const uuid = settings.uuid ?? randomUuid;
  const activity = (kind: ActivityKind, item: NamedItem): Activity => ({
    objectType: 'Activity',
    id: activityId(origin, kind, item.id),
    definition: { name: { 'zh-CN': item.title }, type: activityTypes[kind] },
  });
  const courseActivity = activity('course', course);

  function statement(
    verb: VerbName,
    object: Activity,
    options: { result?: Result; parent?: Activity; extensions?: Record<string, unknown> } = {},
  ): Statement {
    const context: Context = {
      registration,
      contextActivities: {
        ...(options.parent ? { parent: [options.parent] } : {}),
        grouping: [courseActivity],
      },
      language: 'zh-CN',
      extensions: { [extensionId(origin, 'content-version')]: contentVersion, ...options.extensions },
    };
    return {
      id: uuid(),
      actor,
      verb: verbs[verb],
      object,
      ...(options.result ? { result: options.result } : {}),
      context,
      timestamp: now().toISOString(),
    };
  }

  const duration = (activeMs: number) => millisecondsToDuration(activeMs);

  return {
    /** A lesson was opened. */
    lessonExperienced: (lesson: NamedItem) => statement('experienced', activity('lesson', lesson)),

    /** A share (0–1) of the lesson's sections has been read; `activeMs` is reading time since the last statement. */
    lessonProgressed: (lesson: NamedItem, progress: { share: number; activeMs: number; sections?: string[] }) =>
      statement('progressed', activity('lesson', lesson), {
        result: {
          duration: duration(progress.activeMs),
          extensions: {
            [progressExtension]: Math.round(Math.min(1, Math.max(0, progress.share)) * 100),
            ...(progress.sections ? { [extensionId(origin, 'sections')]: progress.sections } : {}),
          },
        },
      }),

    /** The learner reached the end of the lesson. */
    lessonCompleted: (lesson: NamedItem, activeMs: number) =>
      statement('completed', activity('lesson', lesson), {
        result: { completion: true, duration: duration(activeMs) },
      }),

    /** One question of a quiz was answered. */
    questionAnswered: (
      question: NamedItem,
      answer: { quiz: NamedItem; response: string; success: boolean; scaled: number; activeMs: number },
    ) =>
      statement('answered', activity('question', question), {
        parent: activity('quiz', answer.quiz),
        result: {
          response: answer.response,
          success: answer.success,
          score: { scaled: answer.scaled },
          duration: duration(answer.activeMs),
        },
      }),

    /** A quiz attempt ended, passed or failed at the quiz's pass mark. */
    quizFinished: (
      quiz: NamedItem,
      outcome: { passed: boolean; raw: number; max: number; activeMs: number; lesson?: NamedItem },
    ) =>
      statement(outcome.passed ? 'passed' : 'failed', activity('quiz', quiz), {
        ...(outcome.lesson ? { parent: activity('lesson', outcome.lesson) } : {}),
        result: {
          success: outcome.passed,
          completion: true,
          score: { raw: outcome.raw, min: 0, max: outcome.max, scaled: outcome.max ? outcome.raw / outcome.max : 0 },
          duration: duration(outcome.activeMs),
        },
      }),

    /** A role-play was started; `lesson` is the lesson page it is played in, if any. */
    scenarioAttempted: (scenario: NamedItem, lesson?: NamedItem) =>
      statement('attempted', activity('scenario', scenario), lesson ? { parent: activity('lesson', lesson) } : {}),

    /** A role-play reached an ending; `lesson` is the lesson page it was played in, if any. */
    scenarioCompleted: (scenario: NamedItem, ending: ScenarioEnding, lesson?: NamedItem) =>
      statement('completed', activity('scenario', scenario), {
        ...(lesson ? { parent: activity('lesson', lesson) } : {}),
        result: {
          completion: true,
          success: ending.rating !== 'poor',
          score: { scaled: Math.min(1, Math.max(-1, ending.scaled)) },
          duration: duration(ending.activeMs),
          extensions: {
            [extensionId(origin, 'ending')]: ending.endingId,
            [extensionId(origin, 'rating')]: ending.rating,
            [extensionId(origin, 'principle-scores')]: ending.principleScores,
            [extensionId(origin, 'path')]: ending.path,
          },
        },
      }),

    /** The learner attended a classroom session (authored by the server only). */
    sessionAttended: (session: { code: string; title: string }) =>
      statement('attended', activity('session', { id: session.code, title: session.title })),
  };
}

export type StatementFactory = ReturnType<typeof createStatementFactory>;
