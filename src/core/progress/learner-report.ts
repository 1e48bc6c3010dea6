import type { ProgressReport } from './progress-fold.ts';

/** What `GET /api/me/report` answers: the learner's completion report as the server folded it. */
export interface LearnerReport {
  courseId: string;
  courseTitle: string;
  /** When the server computed the report: expiry is judged against this instant. */
  asOf: string;
  /** How many of the learner's statements the server holds. */
  statementsOnServer: number;
  report: ProgressReport;
}
