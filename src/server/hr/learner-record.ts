import type { Account } from '../accounts/accounts.ts';
import type { CourseContent } from '../course-content.ts';
import { HttpError } from '../http.ts';
import { learnerReport, type LearnerReport } from '../learning/learner-report.ts';
import type { Runtime } from '../runtime.ts';
import { CertificateRegistry, type CertificateEntry } from './certificate-registry.ts';

export interface AttemptSummary {
  id: string;
  startedAt: number;
  submittedAt: number | null;
  deadlineAt: number;
  scaled: number | null;
  passed: boolean | null;
}

/** What HR sees of one learner: their account, the report their own page shows, their certificates and assessment attempts. */
export interface LearnerRecord {
  account: Pick<Account, 'id' | 'username' | 'displayName' | 'department' | 'employeeId' | 'email' | 'roles' | 'disabled' | 'hasPassword'>;
  /** The department their completion counts under (null until they complete). */
  completedDepartment: string | null;
  report: LearnerReport;
  certificates: CertificateEntry[];
  attempts: AttemptSummary[];
}

/** Reads one learner's record for HR; 404 for an id that names no account. */
export async function learnerRecord(rt: Runtime, userId: string, content: CourseContent, now = new Date()): Promise<LearnerRecord> {
  const account = await rt.accounts.findById(userId);
  if (!account) throw new HttpError(404, 'not_found', '找不到这位学员。');
  const db = rt.database.db;
  const [report, certificates, attempts, progress] = await Promise.all([
    learnerReport(rt, account, content, now),
    new CertificateRegistry(db).ofUser(account.id, now.getTime()),
    db
      .selectFrom('assessment_attempts')
      .select(['id', 'started_at', 'submitted_at', 'deadline_at', 'scaled', 'passed'])
      .where('user_id', '=', account.id)
      .where('course_id', '=', content.course.id)
      .orderBy('started_at', 'desc')
      .execute(),
    db.selectFrom('progress').select('completed_department').where('user_id', '=', account.id).where('course_id', '=', content.course.id).executeTakeFirst(),
  ]);
  const { id, username, displayName, department, employeeId, email, roles, disabled, hasPassword } = account;
  return {
    account: { id, username, displayName, department, employeeId, email, roles, disabled, hasPassword },
    completedDepartment: progress?.completed_department ?? null,
    report,
    certificates,
    attempts: attempts.map((row) => ({
      id: row.id,
      startedAt: row.started_at,
      submittedAt: row.submitted_at,
      deadlineAt: row.deadline_at,
      scaled: row.scaled === null ? null : Number(row.scaled),
      passed: row.passed === null ? null : row.passed === 1,
    })),
  };
}
