import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export type ProgressStatus = 'not-started' | 'in-progress' | 'completed' | 'expired';

export interface DepartmentSummary {
  department: string;
  learners: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  expired: number;
  /** Mean share of the requirements met, 0–1. */
  meanShare: number;
}

export interface LearnerRow {
  userId: string;
  username: string;
  displayName: string;
  department: string | null;
  employeeId: string | null;
  status: ProgressStatus;
  share: number;
  completedAt: number | null;
  expiresAt: number | null;
  lastActivityAt: number | null;
}

export interface LearnerQuery {
  courseId: string;
  department?: string;
  status?: ProgressStatus;
  /** Last activity (or completion, for completed learners) within [from, to], milliseconds. */
  from?: number;
  to?: number;
  sort: 'name' | 'department' | 'share' | 'last-activity' | 'completed-at';
  descending: boolean;
  page: number;
  pageSize: number;
}

/** HR's figures, read from the progress rows (never the statement log), joined to the roster of accounts. */
export class HrReports {
  constructor(private readonly db: Kysely<Database>) {}

  /** Completion by department: every learner account counts, with or without a progress row yet. */
  async departmentSummary(courseId: string, now: number): Promise<DepartmentSummary[]> {
    // A row's status is as of its last update; expiry is judged against now.
    const status = sql<string>`case when p.status = 'completed' and p.expires_at is not null and p.expires_at <= ${now} then 'expired' else coalesce(p.status, 'not-started') end`;
    const rows = await this.db
      .selectFrom('users as u')
      .leftJoin('progress as p', (join) => join.onRef('p.user_id', '=', 'u.id').on('p.course_id', '=', courseId))
      .where('u.roles', 'like', '%learner%')
      .where('u.disabled_at', 'is', null)
      .select((eb) => [
        eb.fn.coalesce('u.department', sql<string>`''`).as('department'),
        eb.fn.countAll<number>().as('learners'),
        sql<number>`sum(case when ${status} = 'not-started' then 1 else 0 end)`.as('notStarted'),
        sql<number>`sum(case when ${status} = 'in-progress' then 1 else 0 end)`.as('inProgress'),
        sql<number>`sum(case when ${status} = 'completed' then 1 else 0 end)`.as('completed'),
        sql<number>`sum(case when ${status} = 'expired' then 1 else 0 end)`.as('expired'),
        sql<number>`avg(coalesce(p.share, 0))`.as('meanShare'),
      ])
      .groupBy(sql`coalesce(u.department, '')`)
      .orderBy(sql`coalesce(u.department, '')`)
      .execute();
    return rows.map((row) => ({
      department: row.department,
      learners: Number(row.learners),
      notStarted: Number(row.notStarted),
      inProgress: Number(row.inProgress),
      completed: Number(row.completed),
      expired: Number(row.expired),
      meanShare: Number(row.meanShare),
    }));
  }

  /** One page of learners, filtered and sorted; returns the page and how many match in all. */
  async learners(query: LearnerQuery, now: number): Promise<{ total: number; rows: LearnerRow[] }> {
    const status = sql<ProgressStatus>`case when p.status = 'completed' and p.expires_at is not null and p.expires_at <= ${now} then 'expired' else coalesce(p.status, 'not-started') end`;
    let base = this.db
      .selectFrom('users as u')
      .leftJoin('progress as p', (join) => join.onRef('p.user_id', '=', 'u.id').on('p.course_id', '=', query.courseId))
      .where('u.roles', 'like', '%learner%')
      .where('u.disabled_at', 'is', null);
    if (query.department !== undefined) base = base.where('u.department', '=', query.department);
    if (query.status !== undefined) base = base.where(status, '=', query.status);
    if (query.from !== undefined) base = base.where(sql`coalesce(p.completed_at, p.last_activity_at)`, '>=', query.from);
    if (query.to !== undefined) base = base.where(sql`coalesce(p.completed_at, p.last_activity_at)`, '<=', query.to);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const order = {
      name: sql`u.display_name`,
      department: sql`u.department`,
      share: sql`coalesce(p.share, 0)`,
      'last-activity': sql`p.last_activity_at`,
      'completed-at': sql`p.completed_at`,
    }[query.sort];
    const rows = await base
      .select([
        'u.id as userId',
        'u.username as username',
        'u.display_name as displayName',
        'u.department as department',
        'u.employee_id as employeeId',
        status.as('status'),
        sql<number>`coalesce(p.share, 0)`.as('share'),
        'p.completed_at as completedAt',
        'p.expires_at as expiresAt',
        'p.last_activity_at as lastActivityAt',
      ])
      .orderBy(order, query.descending ? 'desc' : 'asc')
      .orderBy('u.username')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    return { total, rows: rows.map((row) => ({ ...row, share: Number(row.share) })) };
  }
}
