import { sql, type Kysely } from 'kysely';
import { EXPIRING_WINDOW_MS } from '../../core/hr/completion.ts';
import type { Database } from '../db/schema.ts';

export type CertificateState = 'valid' | 'expiring' | 'expired' | 'revoked';

export const certificateStateLabels: Record<CertificateState, string> = {
  valid: '有效',
  expiring: '即将到期',
  expired: '已过期',
  revoked: '已撤销',
};

export interface CertificateEntry {
  id: string;
  userId: string;
  courseId: string;
  learnerName: string;
  employeeId: string | null;
  /** As at completion. */
  department: string | null;
  completedAt: number;
  issuedAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  revokeReason: string | null;
  state: CertificateState;
}

export interface CertificateQuery {
  /** Part of the learner's name or employee id, or a certificate id. */
  search?: string;
  state?: CertificateState;
  page: number;
  pageSize: number;
}

/** The state of a certificate row as of `now`: revoked first, then expired, then expiring within 30 days. */
export function certificateState(row: { revoked_at: number | null; expires_at: number | null }, now: number): CertificateState {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && row.expires_at <= now) return 'expired';
  if (row.expires_at !== null && row.expires_at <= now + EXPIRING_WINDOW_MS) return 'expiring';
  return 'valid';
}

/** HR's view of the issued certificates: search and filter; issuing and revoking belong to the certificates module. */
export class CertificateRegistry {
  constructor(private readonly db: Kysely<Database>) {}

  private filtered(query: Omit<CertificateQuery, 'page' | 'pageSize'>, now: number) {
    let base = this.db.selectFrom('certificates as c');
    if (query.search) {
      const text = query.search.trim();
      const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
      base = base.where((eb) =>
        eb.or([
          eb('c.id', '=', text),
          eb(sql`lower(c.learner_name)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(c.employee_id)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    switch (query.state) {
      case 'revoked':
        return base.where('c.revoked_at', 'is not', null);
      case 'expired':
        return base.where('c.revoked_at', 'is', null).where('c.expires_at', '<=', now);
      case 'expiring':
        return base.where('c.revoked_at', 'is', null).where('c.expires_at', '>', now).where('c.expires_at', '<=', now + EXPIRING_WINDOW_MS);
      case 'valid':
        return base.where('c.revoked_at', 'is', null).where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', now)]));
      default:
        return base;
    }
  }

  private select(base: ReturnType<CertificateRegistry['filtered']>) {
    return base
      .select([
        'c.id',
        'c.user_id',
        'c.course_id',
        'c.learner_name',
        'c.employee_id',
        'c.department',
        'c.completed_at',
        'c.issued_at',
        'c.expires_at',
        'c.revoked_at',
        'c.revoke_reason',
      ])
      .orderBy('c.issued_at', 'desc')
      .orderBy('c.id');
  }

  private entry(row: Awaited<ReturnType<ReturnType<CertificateRegistry['select']>['execute']>>[number], now: number): CertificateEntry {
    return {
      id: row.id,
      userId: row.user_id,
      courseId: row.course_id,
      learnerName: row.learner_name,
      employeeId: row.employee_id,
      department: row.department,
      completedAt: row.completed_at,
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      revokeReason: row.revoke_reason,
      state: certificateState(row, now),
    };
  }

  /** One page of certificates, newest first, and how many match. */
  async search(query: CertificateQuery, now: number): Promise<{ total: number; rows: CertificateEntry[] }> {
    const base = this.filtered(query, now);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await this.select(base)
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    return { total, rows: rows.map((row) => this.entry(row, now)) };
  }

  /** Every certificate the filters match, newest first: what an export holds. */
  async all(query: Omit<CertificateQuery, 'page' | 'pageSize'>, now: number): Promise<CertificateEntry[]> {
    return (await this.select(this.filtered(query, now)).execute()).map((row) => this.entry(row, now));
  }

  /** One learner's certificates, newest first. */
  async ofUser(userId: string, now: number): Promise<CertificateEntry[]> {
    return (await this.select(this.db.selectFrom('certificates as c').where('c.user_id', '=', userId)).execute()).map((row) => this.entry(row, now));
  }
}
