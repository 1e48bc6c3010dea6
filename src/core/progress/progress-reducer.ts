import type { Statement } from '../statements/xapi.ts';
import { addCalendarMonths } from './calendar-months.ts';
import { applyStatements, initProgress, viewProgress, type ProgressReport, type ProgressScope } from './progress-fold.ts';
import type { ProgressModel } from './progress-model.ts';

export type {
  CourseStatus,
  EndingRating,
  LessonProgress,
  LessonStatus,
  ModuleProgress,
  ProgressReport,
  ProgressScope,
  QuizProgress,
  Requirement,
  ScenarioProgress,
} from './progress-fold.ts';

/**
 * Computes everything a person sees about a learner's progress from their statements in one go: the fold of
 * progress-fold.ts from an empty state. Statements may arrive in any order and more than once (counted once per id).
 */
export function reduceProgress(
  model: ProgressModel,
  statements: Iterable<Statement>,
  now: Date = new Date(),
  scope: ProgressScope = {},
): ProgressReport {
  return viewProgress(model, applyStatements(model, initProgress(model, scope), statements), now);
}

/** Adds calendar months to an ISO timestamp, clamping to the month's last day (e.g. 31 Aug + 6 → 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  return new Date(addCalendarMonths(Date.parse(iso), months)).toISOString();
}
