import type { ProgressReport } from '../../core/progress/progress-reducer.ts';
import { reduceProgress } from '../../core/progress/progress-reducer.ts';
import type { Statement } from '../../core/statements/xapi.ts';
import type { Account } from '../accounts/accounts.ts';
import type { CourseContent } from '../course-content.ts';
import { actorOf } from '../me.ts';
import type { Runtime } from '../runtime.ts';
import { agentIdentityKey } from '../xapi/statement-records.ts';
import type { XapiAgent } from '../../core/xapi/types.ts';

export interface LearnerReport {
  courseId: string;
  courseTitle: string;
  /** When the server computed the report: the figures are as of then. */
  asOf: string;
  /** How many of the learner's statements the server holds. */
  statementsOnServer: number;
  report: ProgressReport;
}

/** The learner's completion report as the server sees it: the same fold the browser runs, over the server's log. */
export async function learnerReport(rt: Runtime, account: Account, content: CourseContent, now = new Date()): Promise<LearnerReport> {
  const actorKey = agentIdentityKey(actorOf(account, rt.settings.publicOrigin) as XapiAgent);
  const statements: Statement[] = [];
  let after: number | undefined;
  const upTo = await rt.statements.latestSeq();
  for (;;) {
    const page = await rt.statements.query({ agentKey: actorKey, limit: 1000, ascending: true, after, upTo });
    for (const row of page.slice(0, 1000)) statements.push(JSON.parse(row.body) as Statement);
    if (page.length <= 1000) break;
    after = page[999]!.seq;
  }
  return {
    courseId: content.course.id,
    courseTitle: content.course.title,
    asOf: now.toISOString(),
    statementsOnServer: statements.length,
    report: reduceProgress(content.progressModel, statements),
  };
}
