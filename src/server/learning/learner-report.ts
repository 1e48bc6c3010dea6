import type { LearnerReport } from '../../core/progress/learner-report.ts';
import type { XapiAgent } from '../../core/xapi/types.ts';
import type { Account } from '../accounts/accounts.ts';
import type { CourseContent } from '../course-content.ts';
import { actorOf } from '../me.ts';
import type { Runtime } from '../runtime.ts';
import { agentIdentityKey } from '../xapi/statement-records.ts';

export type { LearnerReport };

/** The learner's completion report as the server sees it: their progress row, folded as their statements arrived. */
export async function learnerReport(rt: Runtime, account: Account, content: CourseContent, now = new Date()): Promise<LearnerReport> {
  const actorKey = agentIdentityKey(actorOf(account, rt.settings.publicOrigin) as XapiAgent);
  return {
    courseId: content.course.id,
    courseTitle: content.course.title,
    asOf: now.toISOString(),
    statementsOnServer: await rt.statements.count(actorKey),
    report: await rt.progress.report(rt.database.db, content.progressModel, actorKey, now),
  };
}
