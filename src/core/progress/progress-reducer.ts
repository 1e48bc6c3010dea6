import { durationToMilliseconds } from '../statements/duration.ts';
import {
  parseActivityId,
  progressExtension,
  readExtension,
  verbName,
  type ActivityKind,
  type VerbName,
} from '../statements/vocabulary.ts';
import type { Statement } from '../statements/xapi.ts';
import type { ProgressModel } from './progress-model.ts';

export type LessonStatus = 'not-started' | 'in-progress' | 'completed';
export type EndingRating = 'best' | 'acceptable' | 'poor';

export interface LessonProgress {
  id: string;
  title: string;
  status: LessonStatus;
  /** Share of the lesson read, 0–1; 1 once completed. */
  share: number;
  firstOpenedAt?: string;
  completedAt?: string;
}

export interface QuizProgress {
  id: string;
  title: string;
  lessonId: string;
  attempts: number;
  bestScaled: number | null;
  passed: boolean;
  passedAt?: string;
}

export interface ScenarioProgress {
  id: string;
  title: string;
  attempts: number;
  completions: number;
  endings: string[];
  bestRating: EndingRating | null;
  /** The highest value reached on each principle meter over all completions. */
  bestScores: Record<string, number>;
  completedAt?: string;
}

export interface ModuleProgress {
  id: string;
  title: string;
  lessonsCompleted: number;
  lessonsTotal: number;
  /** Mean reading share of the module's lessons, 0–1. */
  share: number;
}

export interface Requirement {
  kind: 'lesson' | 'quiz' | 'scenario' | 'assessment' | 'attendance';
  id: string;
  title: string;
  met: boolean;
  metAt?: string;
}

export interface ProgressReport {
  lessons: LessonProgress[];
  modules: ModuleProgress[];
  quizzes: QuizProgress[];
  scenarios: ScenarioProgress[];
  assessment: { attempts: number; bestScaled: number | null; passed: boolean; passedAt?: string };
  attendance: { code: string; attendedAt: string }[];
  /** Time spent: reading time on lesson pages, plus the final assessment and role-plays played on their own page. */
  activeMs: number;
  /** Share of the completion requirements met, 0–1 (a lesson counts by the share read). */
  share: number;
  requirements: Requirement[];
  complete: boolean;
  /** When the last requirement was first met. */
  completedAt?: string;
  certificateExpiresAt?: string;
  /** The first lesson in course order that is not completed: where 继续学习 leads. */
  nextLessonId?: string;
  lastActivityAt?: string;
  statementCount: number;
}

const ratingRank: Record<EndingRating, number> = { poor: 0, acceptable: 1, best: 2 };

const earlier = (a: string | undefined, b: string) => (a === undefined || b < a ? b : a);
const later = (a: string | undefined, b: string) => (a === undefined || b > a ? b : a);

/**
 * Computes everything a person sees about a learner's progress from their statements. Pure and
 * order-independent: statements may arrive in any order and more than once (deduplicated by id).
 */
export function reduceProgress(model: ProgressModel, statements: Iterable<Statement>): ProgressReport {
  const lessons = new Map(model.lessons.map((l) => [l.id, { id: l.id, title: l.title, share: 0 } as LessonAccumulator]));
  const quizzes = new Map(
    model.quizzes.map((q) => [q.id, { ...q, attempts: 0, bestScaled: null, passedAt: undefined } as QuizAccumulator]),
  );
  const scenarios = new Map(
    model.scenarios.map((s) => [
      s.id,
      { id: s.id, title: s.title, attempts: 0, completions: 0, endings: new Set<string>(), bestRating: null, bestScores: {} },
    ]) as [string, ScenarioAccumulator][],
  );
  const assessment: AssessmentAccumulator = { attempts: 0, bestScaled: null };
  const attendance = new Map<string, string>();
  const seen = new Set<string>();
  const targets = new Map<string, ReturnType<typeof parseActivityId> | null>();
  let activeMs = 0;
  let lastActivityAt: string | undefined;

  for (const statement of statements) {
    if (seen.has(statement.id)) continue;
    seen.add(statement.id);
    lastActivityAt = later(lastActivityAt, statement.timestamp);
    // Learners repeat the same few activities thousands of times: parse each IRI once per call.
    let target = targets.get(statement.object.id);
    if (target === undefined) {
      target = parseActivityId(statement.object.id) ?? null;
      targets.set(statement.object.id, target);
    }
    const verb = verbName(statement.verb.id);
    if (!target || !verb) continue;
    const duration = statement.result?.duration;
    if (duration && countsTime(model, verb, target, statement)) {
      const ms = durationToMilliseconds(duration);
      if (Number.isFinite(ms)) activeMs += ms;
    }
    const at = statement.timestamp;
    const scaled = statement.result?.score?.scaled;

    switch (target.kind) {
      case 'lesson': {
        const lesson = lessons.get(target.id);
        if (!lesson) break;
        if (verb === 'experienced' || verb === 'progressed' || verb === 'completed') {
          lesson.firstOpenedAt = earlier(lesson.firstOpenedAt, at);
        }
        if (verb === 'progressed') {
          const percent = statement.result?.extensions?.[progressExtension];
          if (typeof percent === 'number') lesson.share = Math.max(lesson.share, Math.min(1, Math.max(0, percent / 100)));
        }
        if (verb === 'completed') lesson.completedAt = earlier(lesson.completedAt, at);
        break;
      }
      case 'quiz': {
        if (verb !== 'passed' && verb !== 'failed') break;
        if (target.id === model.finalAssessment.id) {
          assessment.attempts += 1;
          if (typeof scaled === 'number') assessment.bestScaled = Math.max(assessment.bestScaled ?? -1, scaled);
          if (verb === 'passed') assessment.passedAt = earlier(assessment.passedAt, at);
          break;
        }
        const quiz = quizzes.get(target.id);
        if (!quiz) break;
        quiz.attempts += 1;
        if (typeof scaled === 'number') quiz.bestScaled = Math.max(quiz.bestScaled ?? -1, scaled);
        if (verb === 'passed') quiz.passedAt = earlier(quiz.passedAt, at);
        break;
      }
      case 'scenario': {
        const scenario = scenarios.get(target.id);
        if (!scenario) break;
        if (verb === 'attempted') scenario.attempts += 1;
        if (verb !== 'completed') break;
        scenario.completions += 1;
        scenario.completedAt = earlier(scenario.completedAt, at);
        const extensions = statement.result?.extensions;
        const ending = readExtension(extensions, 'ending');
        if (typeof ending === 'string') scenario.endings.add(ending);
        const rating = readExtension(extensions, 'rating');
        if (rating === 'best' || rating === 'acceptable' || rating === 'poor') {
          if (scenario.bestRating === null || ratingRank[rating] > ratingRank[scenario.bestRating]) scenario.bestRating = rating;
        }
        const scores = readExtension(extensions, 'principle-scores');
        if (scores && typeof scores === 'object') {
          for (const [principle, value] of Object.entries(scores)) {
            if (typeof value === 'number') scenario.bestScores[principle] = Math.max(scenario.bestScores[principle] ?? value, value);
          }
        }
        break;
      }
      case 'session':
        if (verb === 'attended') attendance.set(target.id, earlier(attendance.get(target.id), at));
        break;
      default:
        break;
    }
  }

  const lessonList: LessonProgress[] = model.lessons.map(({ id }) => {
    const lesson = lessons.get(id)!;
    const status: LessonStatus = lesson.completedAt ? 'completed' : lesson.firstOpenedAt ? 'in-progress' : 'not-started';
    return {
      id,
      title: lesson.title,
      status,
      share: lesson.completedAt ? 1 : lesson.share,
      ...(lesson.firstOpenedAt ? { firstOpenedAt: lesson.firstOpenedAt } : {}),
      ...(lesson.completedAt ? { completedAt: lesson.completedAt } : {}),
    };
  });
  const lessonById = new Map(lessonList.map((lesson) => [lesson.id, lesson]));

  const modules: ModuleProgress[] = model.modules.map((module) => {
    const moduleLessons = module.lessons.map((id) => lessonById.get(id)).filter((l) => l !== undefined);
    return {
      id: module.id,
      title: module.title,
      lessonsCompleted: moduleLessons.filter((lesson) => lesson.status === 'completed').length,
      lessonsTotal: moduleLessons.length,
      share: moduleLessons.length ? moduleLessons.reduce((sum, lesson) => sum + lesson.share, 0) / moduleLessons.length : 0,
    };
  });

  const quizList: QuizProgress[] = model.quizzes.map(({ id }) => {
    const { passMark: _passMark, passedAt, ...quiz } = quizzes.get(id)!;
    return { ...quiz, passed: passedAt !== undefined, ...(passedAt ? { passedAt } : {}) };
  });
  const scenarioList: ScenarioProgress[] = model.scenarios.map(({ id }) => {
    const scenario = scenarios.get(id)!;
    return { ...scenario, endings: [...scenario.endings].sort() };
  });

  const requirements = buildRequirements(model, lessonList, quizList, scenarioList, assessment, attendance);
  const lessonShare = (requirement: Requirement) =>
    requirement.kind === 'lesson' ? (lessonById.get(requirement.id)?.share ?? 0) : requirement.met ? 1 : 0;
  const share = requirements.length ? requirements.reduce((sum, r) => sum + lessonShare(r), 0) / requirements.length : 0;
  const complete = requirements.every((requirement) => requirement.met);
  const completedAt = complete
    ? requirements.reduce<string | undefined>((last, requirement) => later(last, requirement.metAt!), undefined)
    : undefined;

  return {
    lessons: lessonList,
    modules,
    quizzes: quizList,
    scenarios: scenarioList,
    assessment: {
      attempts: assessment.attempts,
      bestScaled: assessment.bestScaled,
      passed: assessment.passedAt !== undefined,
      ...(assessment.passedAt ? { passedAt: assessment.passedAt } : {}),
    },
    attendance: [...attendance].map(([code, attendedAt]) => ({ code, attendedAt })).sort((a, b) => a.attendedAt.localeCompare(b.attendedAt)),
    activeMs,
    share,
    requirements,
    complete,
    ...(completedAt ? { completedAt, certificateExpiresAt: addMonths(completedAt, model.certificateValidityMonths) } : {}),
    ...(lessonList.find((lesson) => lesson.status !== 'completed') ? { nextLessonId: lessonList.find((lesson) => lesson.status !== 'completed')!.id } : {}),
    ...(lastActivityAt ? { lastActivityAt } : {}),
    statementCount: seen.size,
  };
}

interface LessonAccumulator {
  id: string;
  title: string;
  share: number;
  firstOpenedAt?: string;
  completedAt?: string;
}
interface QuizAccumulator {
  id: string;
  title: string;
  lessonId: string;
  passMark: number;
  attempts: number;
  bestScaled: number | null;
  passedAt?: string;
}
interface ScenarioAccumulator {
  id: string;
  title: string;
  attempts: number;
  completions: number;
  endings: Set<string>;
  bestRating: EndingRating | null;
  bestScores: Record<string, number>;
  completedAt?: string;
}
interface AssessmentAccumulator {
  attempts: number;
  bestScaled: number | null;
  passedAt?: string;
}

/**
 * Says whether a statement's duration adds to the time spent. Lesson pages measure all the time spent on
 * them, quizzes and role-plays played there included, so only time no lesson page measured is added to it:
 * the final assessment and role-plays played on their own page. Answers and quiz results would count twice.
 */
function countsTime(
  model: ProgressModel,
  verb: VerbName,
  target: { kind: ActivityKind; id: string },
  statement: Statement,
): boolean {
  if (target.kind === 'lesson') return verb === 'progressed' || verb === 'completed';
  if (target.kind === 'quiz') return target.id === model.finalAssessment.id;
  if (target.kind === 'scenario') {
    const parents = statement.context?.contextActivities?.parent ?? [];
    return verb === 'completed' && !parents.some((parent) => parseActivityId(parent.id)?.kind === 'lesson');
  }
  return false;
}

function requiredIds(rule: 'all' | string[], all: { id: string }[]): string[] {
  return rule === 'all' ? all.map((item) => item.id) : rule;
}

function buildRequirements(
  model: ProgressModel,
  lessons: LessonProgress[],
  quizzes: QuizProgress[],
  scenarios: ScenarioProgress[],
  assessment: AssessmentAccumulator,
  attendance: Map<string, string>,
): Requirement[] {
  const requirement = (kind: Requirement['kind'], id: string, title: string, metAt: string | undefined): Requirement => ({
    kind,
    id,
    title,
    met: metAt !== undefined,
    ...(metAt ? { metAt } : {}),
  });
  const lessonById = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const quizById = new Map(quizzes.map((quiz) => [quiz.id, quiz]));
  const scenarioById = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  const firstAttendance = [...attendance.values()].reduce<string | undefined>(earlier, undefined);
  return [
    ...requiredIds(model.completion.lessons, model.lessons).map((id) => {
      const lesson = lessonById.get(id);
      return requirement('lesson', id, lesson?.title ?? id, lesson?.completedAt);
    }),
    ...requiredIds(model.completion.practiceQuizzes, model.quizzes).map((id) => {
      const quiz = quizById.get(id);
      return requirement('quiz', id, quiz?.title ?? id, quiz?.passedAt);
    }),
    ...requiredIds(model.completion.scenarios, model.scenarios).map((id) => {
      const scenario = scenarioById.get(id);
      return requirement('scenario', id, scenario?.title ?? id, scenario?.completedAt);
    }),
    requirement('assessment', model.finalAssessment.id, model.finalAssessment.title, assessment.passedAt),
    ...(model.completion.classroomAttendance === 'required'
      ? [requirement('attendance', 'classroom', '参加一次课堂培训', firstAttendance)]
      : []),
  ];
}

/** Adds calendar months to an ISO timestamp, clamping to the month's last day (e.g. 31 Aug + 6 → 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const date = new Date(iso);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.toISOString();
}
