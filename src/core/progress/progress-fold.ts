import { durationToMilliseconds } from '../statements/duration.ts';
import { SERVER_ACCOUNT_NAME } from '../statements/server-authority.ts';
import { parseActivityId, progressExtension, verbName, type ActivityKind } from '../statements/vocabulary.ts';
import type { Statement } from '../statements/xapi.ts';
import { agentIdentityKey } from '../xapi/agent-identity.ts';
import { addCalendarMonths } from './calendar-months.ts';
import type { ProgressModel } from './progress-model.ts';

/*
 * The completion fold of DESIGN §5: `initProgress` → `applyStatement`… → `viewProgress(now)`.
 *
 * The state holds facts, not verdicts: when each lesson was first opened and completed, every practice score with the
 * time it was reached, which endings a role-play reached, and so on, keyed by activity id. The course model is applied
 * only in the view, so a stored state stays right when course.yaml changes a pass mark or a lesson is added. Every
 * fact is a minimum, a maximum, a union or a sum over distinct statement ids, which makes the fold independent of the
 * order statements arrive in and of how they are split into batches.
 */

export type LessonStatus = 'not-started' | 'in-progress' | 'completed';
export type EndingRating = 'best' | 'acceptable' | 'poor';
/** Where a learner stands in the course; `expired` means the certificate's validity has run out: 需要重新认证. */
export type CourseStatus = 'not-started' | 'in-progress' | 'completed' | 'expired';

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
  /** The final assessment, from the server's statements only. */
  assessment: { attempts: number; bestScaled: number | null; passed: boolean; passedAt?: string };
  /** Classroom sessions attended, from the server's statements only. */
  attendance: { code: string; attendedAt: string }[];
  /** Time spent: reading time on lesson pages, plus the final assessment and role-plays played on their own page. */
  activeMs: number;
  /** Share of the completion requirements met, 0–1 (a lesson counts by the share read). */
  share: number;
  requirements: Requirement[];
  /** Every requirement is met (the certificate may since have expired: see `status`). */
  complete: boolean;
  status: CourseStatus;
  /**
   * When the current certification period began: when the last requirement was first met, or, once a certificate has
   * expired, when the final assessment was passed again (recertification).
   */
  completedAt?: string;
  /** `completedAt` plus the certificate's validity in calendar months. */
  certificateExpiresAt?: string;
  /**
   * From a first expiry on: the expiry the current period's recertification counts from (final-assessment attempts
   * before it belong to an earlier period). Absent in the first period.
   */
  recertificationFrom?: string;
  /** The first lesson in course order that is not completed: where 继续学习 leads. */
  nextLessonId?: string;
  lastActivityAt?: string;
  /** Statements counted: distinct ids within the scope. */
  statementCount: number;
}

/**
 * Whose statements a state counts: one actor (its `agentIdentityKey`, as the server keys actors) and one enrolment
 * (`context.registration`), or everyone's when left out. With a registration in the scope, a statement without one is
 * not counted, so the statements the server authors (assessment results, attendance) must carry the learner's.
 */
export interface ProgressScope {
  actorKey?: string;
  registration?: string;
}

/** What is known of one lesson; times are milliseconds since the epoch. */
export interface LessonFacts {
  openedAt: number | null;
  /** Largest share read, 0–1. */
  share: number;
  completedAt: number | null;
}

/** What is known of one quiz from the statements of one kind of authority. */
export interface QuizFacts {
  attempts: number;
  bestScaled: number | null;
  /**
   * `passed` results as [scaled score, time]. For the learner's own quizzes, only those no other pass beats on both (a
   * higher or equal score no later): enough to find the first pass at any pass mark, sorted by score, highest first.
   * For the server's, every pass: recertification asks for the first pass after a given time, and the server
   * records few (its attempts are limited).
   */
  passes: [number, number][];
  durationMs: number;
}

export interface ScenarioFacts {
  attempts: number;
  completions: number;
  /** Ending ids reached, sorted. */
  endings: string[];
  bestRating: EndingRating | null;
  bestScores: Record<string, number>;
  completedAt: number | null;
}

/**
 * The fold's state: plain JSON, so it can be stored (one row per learner and course) and folded on after
 * `JSON.parse(JSON.stringify(state))` with the same result.
 */
export interface ProgressState {
  format: 1;
  course: string;
  scope: ProgressScope;
  /**
   * Ids of the statements counted, in lower case, so a statement counts once however often it arrives. Kept whole:
   * shortening them to 22 base64 characters saved a quarter of the state but took a third of the fold's time.
   */
  seen: string[];
  lastActivityAt: number | null;
  /** Reading time on lesson pages plus role-plays played on their own page. */
  activeMs: number;
  lessons: Record<string, LessonFacts>;
  /** Quiz results on the learner's own authority: the practice quizzes. */
  quizzes: Record<string, QuizFacts>;
  /** Quiz results whose authority is the server: the only ones the final assessment counts. */
  serverQuizzes: Record<string, QuizFacts>;
  scenarios: Record<string, ScenarioFacts>;
  /** Session code → first attendance the server recorded. */
  attendance: Record<string, number>;
}

/** Creates the empty state of one learner on one course; a scope limits it to one actor and enrolment. */
export function initProgress(model: ProgressModel, scope: ProgressScope = {}): ProgressState {
  return {
    format: 1,
    course: model.id,
    scope: {
      ...(scope.actorKey !== undefined ? { actorKey: scope.actorKey } : {}),
      ...(scope.registration !== undefined ? { registration: scope.registration.toLowerCase() } : {}),
    },
    seen: [],
    lastActivityAt: null,
    activeMs: 0,
    lessons: {},
    quizzes: {},
    serverQuizzes: {},
    scenarios: {},
    attendance: {},
  };
}

const ratingRank: Record<EndingRating, number> = { poor: 0, acceptable: 1, best: 2 };
/** Scores are sums of partial credits; a pass mark of 0.8 must accept a score computed as 0.7999999999999999. */
const scoreTolerance = 1e-9;

/**
 * Folds one statement into the state and returns it. For speed the state is changed in place: keep a copy
 * (`structuredClone`) if the state before is still needed. A statement is ignored when it is outside the scope, when its
 * timestamp is not a time, or when its id was counted before. Statements about final-assessment results and attendance
 * count only with the server's authority. The model is not consulted (the state keeps facts; see `viewProgress`).
 */
export function applyStatement(_model: ProgressModel, state: ProgressState, statement: Statement): ProgressState {
  return fold(state, seenSet(state), statement);
}

/** Folds statements into the state in place and returns it (see `applyStatement`). */
export function applyStatements(_model: ProgressModel, state: ProgressState, statements: Iterable<Statement>): ProgressState {
  const seen = seenSet(state);
  for (const statement of statements) fold(state, seen, statement);
  return state;
}

function fold(state: ProgressState, seen: IdSet, statement: Statement): ProgressState {
  const { scope } = state;
  if (scope.registration !== undefined && !sameRegistration(statement.context?.registration, scope.registration)) return state;
  if (scope.actorKey !== undefined && agentIdentityKey(statement.actor) !== scope.actorKey) return state;
  const at = happenedAt(statement);
  if (Number.isNaN(at)) return state;
  // UUIDs are the same in either case (RFC 4122).
  const key = statement.id.toLowerCase();
  if (!seen.add(key)) return state;
  state.seen.push(key);
  if (state.lastActivityAt === null || at > state.lastActivityAt) state.lastActivityAt = at;

  const target = activityOf(statement.object.id);
  const verb = verbName(statement.verb.id);
  if (!target || !verb) return state;
  const result = statement.result;

  switch (target.kind) {
    case 'lesson': {
      if (verb !== 'experienced' && verb !== 'progressed' && verb !== 'completed') break;
      const lesson = entry(state.lessons, target.id, newLesson);
      // Stored only when earlier: a time is a boxed number, and storing one on every statement made garbage.
      if (lesson.openedAt === null || at < lesson.openedAt) lesson.openedAt = at;
      if (verb === 'experienced') break;
      state.activeMs += durationMs(result?.duration);
      if (verb === 'completed' && (lesson.completedAt === null || at < lesson.completedAt)) lesson.completedAt = at;
      const percent = result?.extensions?.[progressExtension];
      if (verb === 'progressed' && typeof percent === 'number' && Number.isFinite(percent)) {
        lesson.share = Math.max(lesson.share, Math.min(1, Math.max(0, percent / 100)));
      }
      break;
    }
    case 'quiz': {
      if (verb !== 'passed' && verb !== 'failed') break;
      const byServer = statement.authority?.account?.name === SERVER_ACCOUNT_NAME;
      const quizzes = byServer ? state.serverQuizzes : state.quizzes;
      const quiz = entry(quizzes, target.id, newQuiz);
      quiz.attempts += 1;
      quiz.durationMs += durationMs(result?.duration);
      const scaled = result?.score?.scaled;
      if (typeof scaled !== 'number' || !Number.isFinite(scaled)) break;
      if (quiz.bestScaled === null || scaled > quiz.bestScaled) quiz.bestScaled = scaled;
      // A pass is re-checked against the pass mark in the view, so only `passed` with a score can become one.
      if (verb === 'passed') {
        if (byServer) quiz.passes.push([scaled, at]);
        else addPass(quiz.passes, scaled, at);
      }
      break;
    }
    case 'scenario': {
      if (verb !== 'attempted' && verb !== 'completed') break;
      const scenario = entry(state.scenarios, target.id, newScenario);
      if (verb === 'attempted') {
        scenario.attempts += 1;
        break;
      }
      scenario.completions += 1;
      if (scenario.completedAt === null || at < scenario.completedAt) scenario.completedAt = at;
      // A role-play inside a lesson is timed by the lesson page; only one played on its own page adds its time.
      if (!playedInLesson(statement)) state.activeMs += durationMs(result?.duration);
      const { ending, rating, scores } = scenarioExtensions(result?.extensions);
      if (typeof ending === 'string' && !scenario.endings.includes(ending)) {
        scenario.endings.push(ending);
        scenario.endings.sort();
      }
      if (rating === 'best' || rating === 'acceptable' || rating === 'poor') {
        if (scenario.bestRating === null || ratingRank[rating] > ratingRank[scenario.bestRating]) scenario.bestRating = rating;
      }
      if (scores && typeof scores === 'object') {
        // for…in with an own-key check rather than Object.entries: no array of pairs per statement.
        for (const principle in scores) {
          const value: unknown = Object.hasOwn(scores, principle) ? (scores as Record<string, unknown>)[principle] : undefined;
          if (typeof value === 'number' && Number.isFinite(value)) {
            scenario.bestScores[principle] = Math.max(own(scenario.bestScores, principle) ?? value, value);
          }
        }
      }
      break;
    }
    case 'session':
      if (verb === 'attended' && statement.authority?.account?.name === SERVER_ACCOUNT_NAME) {
        const before = own(state.attendance, target.id);
        state.attendance[target.id] = before === undefined ? at : Math.min(before, at);
      }
      break;
    default:
      break;
  }
  return state;
}

/** Computes everything a person sees about a learner's progress from the state, with expiry judged at `now`. */
export function viewProgress(model: ProgressModel, state: ProgressState, now: Date): ProgressReport {
  const lessons: LessonProgress[] = model.lessons.map(({ id, title }) => {
    const facts = own(state.lessons, id);
    const completedAt = facts?.completedAt ?? null;
    const openedAt = facts?.openedAt ?? null;
    return {
      id,
      title,
      status: completedAt !== null ? 'completed' : openedAt !== null ? 'in-progress' : 'not-started',
      share: completedAt !== null ? 1 : (facts?.share ?? 0),
      ...(openedAt !== null ? { firstOpenedAt: iso(openedAt) } : {}),
      ...(completedAt !== null ? { completedAt: iso(completedAt) } : {}),
    };
  });
  const lessonById = new Map(lessons.map((lesson) => [lesson.id, lesson]));

  const modules: ModuleProgress[] = model.modules.map((module) => {
    const moduleLessons = module.lessons.map((id) => lessonById.get(id)).filter((lesson) => lesson !== undefined);
    return {
      id: module.id,
      title: module.title,
      lessonsCompleted: moduleLessons.filter((lesson) => lesson.status === 'completed').length,
      lessonsTotal: moduleLessons.length,
      share: moduleLessons.length ? moduleLessons.reduce((sum, lesson) => sum + lesson.share, 0) / moduleLessons.length : 0,
    };
  });

  const quizzes: QuizProgress[] = model.quizzes.map(({ id, title, lessonId, passMark }) => {
    const facts = [own(state.quizzes, id), own(state.serverQuizzes, id)].filter((quiz) => quiz !== undefined);
    const passedAt = facts.reduce<number | null>((first, quiz) => earliest(first, firstPass(quiz, passMark)), null);
    return {
      id,
      title,
      lessonId,
      attempts: facts.reduce((sum, quiz) => sum + quiz.attempts, 0),
      bestScaled: facts.reduce<number | null>((best, quiz) => highest(best, quiz.bestScaled), null),
      passed: passedAt !== null,
      ...(passedAt !== null ? { passedAt: iso(passedAt) } : {}),
    };
  });

  const scenarios: ScenarioProgress[] = model.scenarios.map(({ id, title }) => {
    const facts = own(state.scenarios, id);
    return {
      id,
      title,
      attempts: facts?.attempts ?? 0,
      completions: facts?.completions ?? 0,
      endings: [...(facts?.endings ?? [])],
      bestRating: facts?.bestRating ?? null,
      bestScores: Object.fromEntries(Object.entries(facts?.bestScores ?? {}).sort(([a], [b]) => a.localeCompare(b))),
      ...(facts?.completedAt != null ? { completedAt: iso(facts.completedAt) } : {}),
    };
  });

  const final = own(state.serverQuizzes, model.finalAssessment.id);
  const assessmentPassedAt = final ? firstPass(final, model.finalAssessment.passMark) : null;
  const attendance = Object.entries(state.attendance)
    .sort(([codeA, a], [codeB, b]) => a - b || codeA.localeCompare(codeB))
    .map(([code, at]) => ({ code, attendedAt: iso(at) }));

  const requirement = (kind: Requirement['kind'], id: string, title: string, metAt: string | undefined): Requirement => ({
    kind,
    id,
    title,
    met: metAt !== undefined,
    ...(metAt !== undefined ? { metAt } : {}),
  });
  const quizById = new Map(quizzes.map((quiz) => [quiz.id, quiz]));
  const scenarioById = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  const requirements: Requirement[] = [
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
    requirement(
      'assessment',
      model.finalAssessment.id,
      model.finalAssessment.title,
      assessmentPassedAt !== null ? iso(assessmentPassedAt) : undefined,
    ),
    ...(model.completion.classroomAttendance === 'required'
      ? [requirement('attendance', 'classroom', '参加一次课堂培训', attendance[0]?.attendedAt)]
      : []),
  ];

  const shareOf = (r: Requirement) => (r.kind === 'lesson' ? (lessonById.get(r.id)?.share ?? 0) : r.met ? 1 : 0);
  const share = requirements.length ? requirements.reduce((sum, r) => sum + shareOf(r), 0) / requirements.length : 0;
  const complete = requirements.every((r) => r.met);
  let completedAt = complete ? requirements.reduce((last, r) => Math.max(last, Date.parse(r.metAt!)), -Infinity) : null;
  let expiresAt = completedAt !== null ? addCalendarMonths(completedAt, model.certificateValidityMonths) : null;
  // Recertification: after a certificate expires, passing the final assessment again begins a new period.
  let recertificationFrom: number | null = null;
  while (expiresAt !== null && final) {
    const renewed = firstPass(final, model.finalAssessment.passMark, expiresAt);
    if (renewed === null) {
      if (now.getTime() >= expiresAt) recertificationFrom = expiresAt;
      break;
    }
    recertificationFrom = expiresAt;
    completedAt = renewed;
    expiresAt = addCalendarMonths(renewed, model.certificateValidityMonths);
  }
  const status: CourseStatus =
    expiresAt !== null ? (now.getTime() >= expiresAt ? 'expired' : 'completed') : state.seen.length > 0 ? 'in-progress' : 'not-started';
  const nextLesson = lessons.find((lesson) => lesson.status !== 'completed');

  return {
    lessons,
    modules,
    quizzes,
    scenarios,
    assessment: {
      attempts: final?.attempts ?? 0,
      bestScaled: final?.bestScaled ?? null,
      passed: assessmentPassedAt !== null,
      ...(assessmentPassedAt !== null ? { passedAt: iso(assessmentPassedAt) } : {}),
    },
    attendance,
    activeMs: state.activeMs + (final?.durationMs ?? 0),
    share,
    requirements,
    complete,
    status,
    ...(completedAt !== null && expiresAt !== null ? { completedAt: iso(completedAt), certificateExpiresAt: iso(expiresAt) } : {}),
    ...(recertificationFrom !== null ? { recertificationFrom: iso(recertificationFrom) } : {}),
    ...(nextLesson ? { nextLessonId: nextLesson.id } : {}),
    ...(state.lastActivityAt !== null ? { lastActivityAt: iso(state.lastActivityAt) } : {}),
    statementCount: state.seen.length,
  };
}

/** Says whether a role-play was played inside a lesson page, which names the lesson as its parent. */
function playedInLesson(statement: Statement): boolean {
  const parents = statement.context?.contextActivities?.parent;
  // Without an empty array per statement when there is no parent.
  if (parents != null) for (const parent of parents) if (activityOf(parent.id)?.kind === 'lesson') return true;
  return false;
}

const endingSuffix = '/xapi/extensions/ending';
const ratingSuffix = '/xapi/extensions/rating';
const scoresSuffix = '/xapi/extensions/principle-scores';

/** Reads a role-play ending's extensions in one pass, whatever origin their keys were written under (see readExtension). */
function scenarioExtensions(extensions: Record<string, unknown> | undefined): { ending?: unknown; rating?: unknown; scores?: unknown } {
  const found: { ending?: unknown; rating?: unknown; scores?: unknown } = {};
  for (const key in extensions) {
    if (!Object.hasOwn(extensions, key)) continue;
    if (found.ending === undefined && key.endsWith(endingSuffix)) found.ending = extensions[key];
    else if (found.rating === undefined && key.endsWith(ratingSuffix)) found.rating = extensions[key];
    else if (found.scores === undefined && key.endsWith(scoresSuffix)) found.scores = extensions[key];
  }
  return found;
}

/** Compares registrations as UUIDs, in either case (the scope's is kept in lower case). */
function sameRegistration(registration: string | undefined, scoped: string): boolean {
  return registration === scoped || (registration !== undefined && registration.toLowerCase() === scoped);
}

/** Reads a record's own entry: ids come from statements, and `constructor` must not find Object's. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

// The first facts of an activity, made by functions defined once: a closure written in the call made one per statement.
const newLesson = (): LessonFacts => ({ openedAt: null, share: 0, completedAt: null });
const newQuiz = (): QuizFacts => ({ attempts: 0, bestScaled: null, passes: [], durationMs: 0 });
const newScenario = (): ScenarioFacts => ({
  attempts: 0,
  completions: 0,
  endings: [],
  bestRating: null,
  bestScores: {},
  completedAt: null,
});

/** Returns a record's own entry, creating it first when there is none. */
function entry<T>(record: Record<string, T>, key: string, create: () => T): T {
  const found = own(record, key);
  if (found !== undefined) return found;
  return (record[key] = create());
}

/**
 * A set of statement ids split 16 ways by two of their characters (in a UUID of any version, at least one of them
 * changes from statement to statement). In Node, a Set growing past 4,096 entries moves its table out of the regular
 * heap, which costs several times the 4,096 adds before it, and this set holds every statement of a learner: 5,000
 * ids in one Set took a fifth of the fold's time.
 */
class IdSet {
  private readonly shards: Set<string>[] = Array.from({ length: 16 }, () => new Set<string>());
  size = 0;

  constructor(ids: Iterable<string>) {
    for (const id of ids) this.add(id);
  }

  /** Adds an id and says whether it was new. */
  add(id: string): boolean {
    const shard = this.shards[(id.charCodeAt(7) * 3 + id.charCodeAt(id.length - 1)) & 15]!;
    const before = shard.size;
    if (shard.add(id).size === before) return false;
    this.size += 1;
    return true;
  }
}

// The seen list as a set for quick look-ups, made once per state object (after JSON.parse, on its first statement).
const seenSets = new WeakMap<ProgressState, IdSet>();

function seenSet(state: ProgressState): IdSet {
  let set = seenSets.get(state);
  // A list changed behind the fold's back (or a state object reused for another list) is read afresh.
  if (set === undefined || set.size !== state.seen.length) {
    set = new IdSet(state.seen);
    seenSets.set(state, set);
  }
  return set;
}

function requiredIds(rule: 'all' | string[], all: { id: string }[]): string[] {
  return rule === 'all' ? all.map((item) => item.id) : rule;
}

const earliest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null || a <= b ? a : b);
const highest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null || a >= b ? a : b);
const iso = (at: number) => new Date(at).toISOString();

/** The first time, at or after `from`, that a `passed` result reached the pass mark, or null. */
function firstPass(quiz: QuizFacts, passMark: number, from = -Infinity): number | null {
  let first: number | null = null;
  for (const [scaled, at] of quiz.passes) if (at >= from && scaled >= passMark - scoreTolerance) first = earliest(first, at);
  return first;
}

/** Adds a pass to the list unless another is at least as good and no later, dropping those the new one beats. */
function addPass(passes: [number, number][], scaled: number, at: number): void {
  for (const [s, t] of passes) if (s >= scaled && t <= at) return;
  for (let i = passes.length - 1; i >= 0; i--) if (scaled >= passes[i]![0] && at <= passes[i]![1]) passes.splice(i, 1);
  passes.push([scaled, at]);
  passes.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
}

function durationMs(duration: string | undefined): number {
  if (!duration) return 0;
  // Whole milliseconds: sums of integers do not depend on the order they are added in, sums of fractions can.
  const ms = Math.round(durationToMilliseconds(duration));
  return Number.isFinite(ms) ? ms : 0;
}

const zoneSuffix = /(?:[zZ]|[+-]\d\d(?::?\d\d)?)$/;

/**
 * When a statement happened, for every figure: its timestamp, but never later than the instant the server stored it.
 * A device whose clock runs ahead would otherwise date progress, a completion and a certificate's expiry in the future;
 * a clock that runs behind cannot be told from studying offline, so an earlier timestamp stands.
 */
function happenedAt(statement: Statement): number {
  const at = instant(statement.timestamp);
  const stored = statement.stored === undefined ? Number.NaN : instant(statement.stored);
  return Number.isNaN(stored) ? at : Math.min(at, stored);
}

/**
 * Reads an xAPI timestamp as milliseconds since the epoch, so `16:00+08:00` and `08:00Z` are the same instant. A time
 * without a zone is taken as UTC (JavaScript would take the reader's own zone, and the browser and server would differ).
 */
function instant(timestamp: string): number {
  if (typeof timestamp !== 'string') return Number.NaN;
  const canonical = canonicalInstant(timestamp);
  if (!Number.isNaN(canonical)) return canonical;
  if (timestamp.endsWith('Z')) return Date.parse(timestamp);
  const time = timestamp.indexOf('T');
  return Date.parse(time > 0 && !zoneSuffix.test(timestamp.slice(time)) ? `${timestamp}Z` : timestamp);
}

/** Reads the digits of t from `from` up to `to` as a number, or -1 if one is not a digit. */
function digitsAt(t: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = t.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Reads the form devices write (`toISOString`: 2026-11-30T08:00:00.000Z) from its character codes, faster than
 * Date.parse, which every other form (and any value out of range) is left to: NaN means "not in this form".
 */
function canonicalInstant(t: string): number {
  if (t.length !== 24 || t.charCodeAt(23) !== 90 || t.charCodeAt(10) !== 84 || t.charCodeAt(19) !== 46) return Number.NaN;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return Number.NaN;
  const year = digitsAt(t, 0, 4);
  const month = digitsAt(t, 5, 7);
  const day = digitsAt(t, 8, 10);
  const hour = digitsAt(t, 11, 13);
  const minute = digitsAt(t, 14, 16);
  const second = digitsAt(t, 17, 19);
  const ms = digitsAt(t, 20, 23);
  // A day the month does not have (30 February) goes to Date.parse, whose leniency differs between browsers and stays the rule.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || (day > 28 && day > daysInMonth(year, month)) || hour < 0 || hour > 23) {
    return Number.NaN;
  }
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return Number.NaN;
  return daysSinceEpoch(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (year ≥ 1), as Date.UTC counts them but in plain
 * arithmetic: Date.UTC is a call into the engine's runtime, made once per statement. (H. Hinnant, days_from_civil.)
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  // Years counted from March, so the leap day comes last. Every quotient is of positive numbers, so `| 0` is floor
  // (and cheaper than Math.floor of a division).
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

// Learners repeat the same few activities thousands of times: parse each IRI once. Bounded, since ids come from outside.
const activities = new Map<string, { kind: ActivityKind; id: string } | null>();

function activityOf(iri: string): { kind: ActivityKind; id: string } | null {
  let target = activities.get(iri);
  if (target === undefined) {
    if (activities.size >= 5000) activities.clear();
    target = readActivityId(iri);
    activities.set(iri, target);
  }
  return target;
}

/** Parses an activity IRI, refusing a malformed escape and the one id a plain object cannot hold as its own. */
function readActivityId(iri: string): { kind: ActivityKind; id: string } | null {
  try {
    const target = parseActivityId(iri);
    return target && target.id !== '__proto__' ? target : null;
  } catch {
    return null;
  }
}
