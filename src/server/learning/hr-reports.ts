import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { EXPIRING_WINDOW_MS, type CompletionFigures, type LearnerStatusFilter } from '../../core/hr/completion.ts';
import type { Database } from '../db/schema.ts';

export type ProgressStatus = 'not-started' | 'in-progress' | 'completed' | 'expired';

export interface DepartmentSummary extends CompletionFigures {
  /** Mean share of the requirements met, 0–1. */
  meanShare: number;
}

export interface LearnerRow {
  userId: string;
  username: string;
  displayName: string;
  /** The department the learner counts under: where they were when they completed, else where they are now. */
  department: string | null;
  /** Where the roster puts them now (differs from `department` after a transfer since completing). */
  rosterDepartment: string | null;
  employeeId: string | null;
  status: ProgressStatus;
  share: number;
  completedAt: number | null;
  expiresAt: number | null;
  lastActivityAt: number | null;
}

export const learnerSorts = ['name', 'employee-id', 'department', 'status', 'share', 'last-activity', 'completed-at', 'expires-at'] as const;
export type LearnerSort = (typeof learnerSorts)[number];

export interface LearnerFilters {
  courseId: string;
  department?: string;
  status?: LearnerStatusFilter;
  /** Part of a name, employee id or username. */
  search?: string;
  /** Last activity (or completion, for completed learners) within [from, to], milliseconds. */
  from?: number;
  to?: number;
}

export interface LearnerQuery extends LearnerFilters {
  sort: LearnerSort;
  descending: boolean;
  page: number;
  pageSize: number;
}

type LearnerBase = SelectQueryBuilder<Database & { u: Database['users']; p: Database['progress'] }, 'u' | 'p', object>;

/** Escapes LIKE's wildcards so a search for "50%" means the text 50%. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** HR's figures, read from the progress rows (never the statement log), joined to the roster of accounts. */
export class HrReports {
  constructor(private readonly db: Kysely<Database>) {}

  // A row's status is as of its last update; expiry is judged against now.
  private status(now: number) {
    return sql<ProgressStatus>`case when p.status = 'completed' and p.expires_at is not null and p.expires_at <= ${now} then 'expired' else coalesce(p.status, 'not-started') end`;
  }

  // A completion counts under the department the learner had when completing; everyone else under their roster department.
  private readonly department = sql<string | null>`case when p.completed_at is not null and p.completed_department is not null then p.completed_department else u.department end`;

  private learnerBase(courseId: string): LearnerBase {
    return this.db
      .selectFrom('users as u')
      .leftJoin('progress as p', (join) => join.onRef('p.user_id', '=', 'u.id').on('p.course_id', '=', courseId))
      .where('u.roles', 'like', '%learner%')
      .where('u.disabled_at', 'is', null) as unknown as LearnerBase;
  }

  /** Completion by department, with the certificates valid and expiring within 30 days: every learner account counts. */
  async departmentSummary(courseId: string, now: number): Promise<DepartmentSummary[]> {
    const status = this.status(now);
    const department = sql<string>`coalesce(${this.department}, '')`;
    const rows = await this.learnerBase(courseId)
      .select((eb) => [
        department.as('department'),
        eb.fn.countAll<number>().as('learners'),
        sql<number>`sum(case when ${status} = 'not-started' then 1 else 0 end)`.as('notStarted'),
        sql<number>`sum(case when ${status} = 'in-progress' then 1 else 0 end)`.as('inProgress'),
        sql<number>`sum(case when ${status} = 'completed' then 1 else 0 end)`.as('completed'),
        sql<number>`sum(case when ${status} = 'expired' then 1 else 0 end)`.as('expired'),
        sql<number>`avg(coalesce(p.share, 0))`.as('meanShare'),
      ])
      .groupBy(department)
      .execute();
    const certificates = await this.db
      .selectFrom('certificates as c')
      .where('c.course_id', '=', courseId)
      .where('c.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', now)]))
      .select([
        sql<string>`coalesce(c.department, '')`.as('department'),
        sql<number>`count(distinct c.user_id)`.as('valid'),
        sql<number>`count(distinct case when c.expires_at <= ${now + EXPIRING_WINDOW_MS} then c.user_id end)`.as('expiring'),
      ])
      .groupBy(sql`coalesce(c.department, '')`)
      .execute();
    const byDepartment = new Map<string, DepartmentSummary>();
    for (const row of rows) {
      byDepartment.set(row.department, {
        department: row.department,
        learners: Number(row.learners),
        notStarted: Number(row.notStarted),
        inProgress: Number(row.inProgress),
        completed: Number(row.completed),
        expired: Number(row.expired),
        certificatesValid: 0,
        certificatesExpiring: 0,
        meanShare: Number(row.meanShare),
      });
    }
    for (const row of certificates) {
      const summary = byDepartment.get(row.department) ?? {
        department: row.department,
        learners: 0,
        notStarted: 0,
        inProgress: 0,
        completed: 0,
        expired: 0,
        certificatesValid: 0,
        certificatesExpiring: 0,
        meanShare: 0,
      };
      summary.certificatesValid = Number(row.valid);
      summary.certificatesExpiring = Number(row.expiring);
      byDepartment.set(row.department, summary);
    }
    return [...byDepartment.values()].sort((a, b) => (a.department < b.department ? -1 : a.department > b.department ? 1 : 0));
  }

  private filtered(filters: LearnerFilters, now: number): LearnerBase {
    const status = this.status(now);
    let base = this.learnerBase(filters.courseId);
    if (filters.department !== undefined) base = base.where(sql`coalesce(${this.department}, '')`, '=', filters.department);
    if (filters.status === 'expiring') {
      base = base.where(status, '=', 'completed').where('p.expires_at', '<=', now + EXPIRING_WINDOW_MS);
    } else if (filters.status !== undefined) {
      base = base.where(status, '=', filters.status);
    }
    if (filters.search) {
      const pattern = likePattern(filters.search);
      base = base.where((eb) =>
        eb.or([
          eb(sql`lower(u.display_name)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(u.employee_id)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(u.username)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    if (filters.from !== undefined) base = base.where(sql`coalesce(p.completed_at, p.last_activity_at)`, '>=', filters.from);
    if (filters.to !== undefined) base = base.where(sql`coalesce(p.completed_at, p.last_activity_at)`, '<=', filters.to);
    return base;
  }

  private selectRows(base: LearnerBase, query: Pick<LearnerQuery, 'sort' | 'descending'>, now: number) {
    const status = this.status(now);
    const order = {
      name: sql`u.display_name`,
      'employee-id': sql`u.employee_id`,
      department: this.department,
      status,
      share: sql`coalesce(p.share, 0)`,
      'last-activity': sql`p.last_activity_at`,
      'completed-at': sql`p.completed_at`,
      'expires-at': sql`p.expires_at`,
    }[query.sort];
    return base
      .select([
        'u.id as userId',
        'u.username as username',
        'u.display_name as displayName',
        this.department.as('department'),
        'u.department as rosterDepartment',
        'u.employee_id as employeeId',
        status.as('status'),
        sql<number>`coalesce(p.share, 0)`.as('share'),
        'p.completed_at as completedAt',
        'p.expires_at as expiresAt',
        'p.last_activity_at as lastActivityAt',
      ])
      .orderBy(order, query.descending ? 'desc' : 'asc')
      .orderBy('u.username');
  }

  /** One page of learners, filtered and sorted; returns the page and how many match in all. */
  async learners(query: LearnerQuery, now: number): Promise<{ total: number; rows: LearnerRow[] }> {
    const base = this.filtered(query, now);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await this.selectRows(base, query, now)
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    return { total, rows: rows.map((row) => ({ ...row, share: Number(row.share) }) as LearnerRow) };
  }

  /** Every learner the filters match, in the page's order: what an export holds. */
  async allLearners(query: LearnerFilters & Pick<LearnerQuery, 'sort' | 'descending'>, now: number): Promise<LearnerRow[]> {
    const rows = await this.selectRows(this.filtered(query, now), query, now).execute();
    return rows.map((row) => ({ ...row, share: Number(row.share) }) as LearnerRow);
  }
}
