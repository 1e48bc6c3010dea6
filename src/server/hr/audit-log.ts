import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What each recorded action means, in words an administrator reads; unknown actions are shown by their code. */
export const auditActionLabels: Record<string, string> = {
  'account.create-first-admin': '首次启动时创建管理员',
  'account.create': '创建账号',
  'account.create-cli': '命令行创建账号',
  'account.update-cli': '命令行更新账号',
  'account.invite': '生成邀请链接',
  'account.set-password-by-invite': '通过邀请链接设置密码',
  'account.disable': '停用账号',
  'account.enable': '启用账号',
  'account.erase-personal-data': '删除个人数据',
  'client.create': '创建 API 客户端',
  'client.create-cli': '命令行创建 API 客户端',
  'client.disable': '停用 API 客户端',
  'roster.import': '导入名册',
  'roster.invites': '生成名册新账号的邀请链接',
  'export.learners': '导出学习完成情况',
  'export.certificates': '导出证书登记',
  'export.audit': '导出操作记录',
  'certificate.issue': '颁发证书',
  'certificate.revoke': '撤销证书',
};

export function auditActionLabel(action: string): string {
  return auditActionLabels[action] ?? action;
}

export interface AuditEntry {
  id: number;
  at: number;
  actorUserId: string | null;
  /** The acting account's username and name now; null for the system or an account since erased. */
  actorUsername: string | null;
  actorName: string | null;
  action: string;
  subject: string;
}

export interface AuditQuery {
  action?: string;
  /** Part of the acting account's username or name. */
  actor?: string;
  from?: number;
  to?: number;
  page: number;
  pageSize: number;
}

/** The audit log as administrators read it: newest first, filtered by action, actor and time. */
export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  private filtered(query: Omit<AuditQuery, 'page' | 'pageSize'>) {
    let base = this.db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_user_id');
    if (query.action) base = base.where('a.action', '=', query.action);
    if (query.actor) {
      const pattern = `%${query.actor.toLowerCase().replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
      base = base.where((eb) =>
        eb.or([eb(sql`lower(u.username)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(u.display_name)`, 'like', sql`${pattern} escape '\\'`)]),
      );
    }
    if (query.from !== undefined) base = base.where('a.at', '>=', query.from);
    if (query.to !== undefined) base = base.where('a.at', '<=', query.to);
    return base;
  }

  private select(base: ReturnType<AuditLog['filtered']>) {
    return base
      .select(['a.id', 'a.at', 'a.actor_user_id', 'u.username', 'u.display_name', 'a.action', 'a.subject'])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc');
  }

  private static entry(row: {
    id: number;
    at: number;
    actor_user_id: string | null;
    username: string | null;
    display_name: string | null;
    action: string;
    subject: string;
  }): AuditEntry {
    return {
      id: Number(row.id),
      at: row.at,
      actorUserId: row.actor_user_id,
      actorUsername: row.username,
      actorName: row.display_name,
      action: row.action,
      subject: row.subject,
    };
  }

  async search(query: AuditQuery): Promise<{ total: number; rows: AuditEntry[] }> {
    const base = this.filtered(query);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await this.select(base)
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    return { total, rows: rows.map(AuditLog.entry) };
  }

  async all(query: Omit<AuditQuery, 'page' | 'pageSize'>): Promise<AuditEntry[]> {
    return (await this.select(this.filtered(query)).execute()).map(AuditLog.entry);
  }

  /** The actions recorded so far, for the filter's choices. */
  async actions(): Promise<string[]> {
    return (await this.db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()).map((row) => row.action);
  }
}
