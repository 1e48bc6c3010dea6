import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parse } from 'csv-parse';
import { sql, type Insertable, type Kysely } from 'kysely';
import {
  headerProblem,
  readRosterHeader,
  RosterChecker,
  type RosterIssue,
  type RosterRole,
  type RosterRow,
} from '../../core/hr/roster.ts';
import { decodeCsvBytes, sniffDelimiter, type RosterEncoding } from '../../core/hr/text-decoding.ts';
import type { Account, AccountStore } from '../accounts/accounts.ts';
import { inviteUrl } from '../accounts/admin-actions.ts';
import { parseRoles, type Role } from '../accounts/roles.ts';
import type { Database, RosterImportRowTable } from '../db/schema.ts';
import { HttpError } from '../http.ts';

export type RosterJobStatus = 'checking' | 'invalid' | 'ready' | 'applying' | 'done' | 'failed';

export interface RosterPreviewRow {
  line: number;
  action: 'create' | 'update' | 'unchanged';
  employeeId: string;
  name: string;
  department: string;
  email: string | null;
  roles: Role[];
}

/** What HR sees before anything is written: how many people each action touches, and every problem by line. */
export interface RosterPreview {
  encoding: RosterEncoding | null;
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  errorCount: number;
  /** The first problems, by line (all of them are counted in errorCount). */
  errors: RosterIssue[];
  /** A problem with the whole file: its encoding, its header or its CSV syntax. */
  fileError: string | null;
  /** The first rows as they will be imported. */
  sample: RosterPreviewRow[];
}

export interface RosterJobView {
  id: string;
  fileName: string;
  status: RosterJobStatus;
  totalRows: number;
  processedRows: number;
  preview: RosterPreview | null;
  message: string | null;
  createdAt: number;
  appliedAt: number | null;
}

export interface RosterInvite {
  employeeId: string;
  name: string;
  department: string | null;
  email: string | null;
  username: string;
  inviteUrl: string;
}

interface ExistingUser {
  id: string;
  username: string;
  employee_id: string | null;
  display_name: string;
  department: string | null;
  email: string | null;
  roles: string;
}

/** Rows checked, staged and reported between two turns of the event loop. */
const CHUNK_ROWS = 500;
const MAX_ISSUES_SHOWN = 200;
const SAMPLE_ROWS = 50;
/** A job not heard from in this long died with its process (a restart); its staged rows were never applied. */
const STALE_MS = 10 * 60 * 1000;
/** Finished jobs (and the staged rows that say whom an import created) are kept this long for invites, then purged. */
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** Bytes handed to the CSV parser at a time. */
const FEED_BYTES = 64 * 1024;

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/**
 * Roster imports as jobs: a file is decoded, parsed and checked in chunks that yield to the event loop (so a 100,000-row
 * file never holds other requests up), its rows staged; then, on HR's word, applied to the accounts in one transaction
 * of two set-based statements. Job state lives in the database, so any server instance can report or apply it.
 */
export class RosterImports {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accounts: AccountStore,
    private readonly publicOrigin: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts checking a file; the returned job is polled until it is `ready` or `invalid`. */
  async start(importer: Account, fileName: string, bytes: Uint8Array): Promise<RosterJobView> {
    const now = this.now();
    await this.db.deleteFrom('roster_imports').where('created_at', '<', now - KEEP_MS).execute();
    const id = randomUUID();
    let lines = 0;
    for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) lines += 1;
    await this.db
      .insertInto('roster_imports')
      .values({
        id,
        created_by: importer.id,
        created_at: now,
        updated_at: now,
        file_name: fileName.slice(0, 200),
        status: 'checking',
        total_rows: Math.max(lines, 1),
        processed_rows: 0,
        preview: null,
        message: null,
        applied_at: null,
      })
      .execute();
    void this.check(id, importer, bytes).catch((error: unknown) => this.fail(id, error));
    return this.view(id);
  }

  /** The job as the page shows it. */
  async view(id: string): Promise<RosterJobView> {
    const row = await this.db.selectFrom('roster_imports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new HttpError(404, 'not_found', '找不到这次导入。');
    let status = row.status as RosterJobStatus;
    let message = row.message;
    if ((status === 'checking' || status === 'applying') && row.updated_at < this.now() - STALE_MS) {
      status = 'failed';
      message = '导入中断了（服务器可能重启过），名册没有任何改动。请重新上传文件。';
    }
    return {
      id: row.id,
      fileName: row.file_name,
      status,
      totalRows: row.total_rows,
      processedRows: row.processed_rows,
      preview: row.preview ? (JSON.parse(row.preview) as RosterPreview) : null,
      message,
      createdAt: row.created_at,
      appliedAt: row.applied_at,
    };
  }

  /** Applies a checked file: 202-style, the job moves to `applying` and then `done` (or `failed`, with nothing written). */
  async apply(id: string, importer: Account): Promise<RosterJobView> {
    const claimed = await this.db
      .updateTable('roster_imports')
      .set({ status: 'applying', updated_at: this.now() })
      .where('id', '=', id)
      .where('status', '=', 'ready')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      const job = await this.view(id);
      if (job.status === 'applying' || job.status === 'done') return job;
      throw new HttpError(409, 'not_ready', job.status === 'invalid' ? '文件中还有错误，不能导入。请修正后重新上传。' : '这次导入还不能执行。');
    }
    void this.applyStaged(id, importer).catch((error: unknown) => this.fail(id, error));
    return this.view(id);
  }

  /** Mints invite links for the people an import created who have not set a password yet (earlier links stop working). */
  async invites(id: string, importer: Account): Promise<RosterInvite[]> {
    const job = await this.view(id);
    if (job.status !== 'done') throw new HttpError(409, 'not_done', '名册导入完成后才能生成邀请链接。');
    const people = await this.db
      .selectFrom('roster_import_rows as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.department', 'u.email', 'u.employee_id'])
      .where('r.import_id', '=', id)
      .where('r.action', '=', 'create')
      .where('u.password_hash', 'is', null)
      .where('u.disabled_at', 'is', null)
      .orderBy('r.line')
      .execute();
    const invites: RosterInvite[] = [];
    for (let i = 0; i < people.length; i += CHUNK_ROWS) {
      const chunk = people.slice(i, i + CHUNK_ROWS);
      const tokens = await this.accounts.createInvites(
        chunk.map((person) => person.id),
        importer.id,
      );
      for (const person of chunk) {
        invites.push({
          employeeId: person.employee_id ?? person.username,
          name: person.display_name,
          department: person.department,
          email: person.email,
          username: person.username,
          inviteUrl: inviteUrl(this.publicOrigin, tokens.get(person.id)!.token),
        });
      }
      await nextTurn();
    }
    await this.accounts.audit(importer.id, 'roster.invites', id);
    return invites;
  }

  private async fail(id: string, error: unknown): Promise<void> {
    const code = (error as { code?: unknown } | null)?.code;
    const conflict = code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
    if (!conflict) console.error(`名册导入 ${id} 失败：`, error);
    const message = conflict
      ? '名册在检查之后发生了变化（例如另一次导入已经建立了相同工号的账号），这次导入没有写入任何内容。请重新上传文件。'
      : '导入时服务器出错，名册没有任何改动。请稍后重新上传。';
    await this.db.updateTable('roster_imports').set({ status: 'failed', message, updated_at: this.now() }).where('id', '=', id).execute();
    await this.db.deleteFrom('roster_import_rows').where('import_id', '=', id).execute();
  }

  private async progress(id: string, processed: number, total?: number): Promise<void> {
    await this.db
      .updateTable('roster_imports')
      .set({ processed_rows: processed, updated_at: this.now(), ...(total === undefined ? {} : { total_rows: total }) })
      .where('id', '=', id)
      .execute();
  }

  /** Loads the accounts a roster is matched against, a page at a time between turns of the event loop. */
  private async existingUsers(): Promise<{ byEmployeeId: Map<string, ExistingUser>; byUsername: Map<string, ExistingUser> }> {
    const byEmployeeId = new Map<string, ExistingUser>();
    const byUsername = new Map<string, ExistingUser>();
    let after = '';
    for (;;) {
      const page = await this.db
        .selectFrom('users')
        .select(['id', 'username', 'employee_id', 'display_name', 'department', 'email', 'roles'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(5000)
        .execute();
      for (const user of page) {
        byUsername.set(user.username, user);
        if (user.employee_id !== null) byEmployeeId.set(user.employee_id, user);
      }
      if (page.length < 5000) return { byEmployeeId, byUsername };
      after = page[page.length - 1]!.id;
      await nextTurn();
    }
  }

  private async check(id: string, importer: Account, bytes: Uint8Array): Promise<void> {
    const preview: RosterPreview = { encoding: null, rows: 0, create: 0, update: 0, unchanged: 0, errorCount: 0, errors: [], fileError: null, sample: [] };
    const finish = async () => {
      const invalid = preview.fileError !== null || preview.errorCount > 0;
      if (invalid) await this.db.deleteFrom('roster_import_rows').where('import_id', '=', id).execute();
      await this.db
        .updateTable('roster_imports')
        .set({ status: invalid ? 'invalid' : 'ready', preview: JSON.stringify(preview), processed_rows: preview.rows, total_rows: preview.rows, updated_at: this.now() })
        .where('id', '=', id)
        .execute();
    };
    const decoded = decodeCsvBytes(bytes);
    if (!decoded.ok) {
      preview.fileError = decoded.message;
      return finish();
    }
    preview.encoding = decoded.encoding;
    const { byEmployeeId, byUsername } = await this.existingUsers();
    const importerIsAdmin = importer.roles.includes('admin');
    const issue = (found: RosterIssue) => {
      preview.errorCount += 1;
      if (preview.errors.length < MAX_ISSUES_SHOWN) preview.errors.push(found);
    };
    let staged: Insertable<RosterImportRowTable>[] = [];
    const flush = async () => {
      if (staged.length > 0 && preview.errorCount === 0) await this.db.insertInto('roster_import_rows').values(staged).execute();
      staged = [];
    };

    /** Matches a checked row to an account: by employee id, or an account named by it that has none yet. */
    const classify = (row: RosterRow): RosterPreviewRow | undefined => {
      let existing = byEmployeeId.get(row.employeeId);
      if (!existing) {
        const named = byUsername.get(row.employeeId);
        if (named && named.employee_id !== null) {
          issue({ line: row.line, field: 'employeeId', message: `用户名 ${row.employeeId} 已被工号为 ${named.employee_id} 的账号使用。` });
          return undefined;
        }
        existing = named;
      }
      const existingRoles = existing ? parseRoles(existing.roles) : [];
      const roles: Role[] = (row.roles as RosterRole[] | null) ?? (existing ? existingRoles : ['learner']);
      const email = row.email ?? existing?.email ?? null;
      if (!importerIsAdmin && (roles.includes('admin') || existingRoles.includes('admin'))) {
        const unchangedAdmin =
          existing && existing.display_name === row.name && existing.department === row.department && existing.email === email && sameRoles(roles, existingRoles);
        if (!unchangedAdmin) {
          issue({ line: row.line, field: 'role', message: '只有管理员可以通过名册建立或修改管理员账号。' });
          return undefined;
        }
      }
      const action: RosterPreviewRow['action'] = !existing
        ? 'create'
        : existing.employee_id === row.employeeId &&
            existing.display_name === row.name &&
            existing.department === row.department &&
            existing.email === email &&
            sameRoles(roles, existingRoles)
          ? 'unchanged'
          : 'update';
      return { line: row.line, action, employeeId: row.employeeId, name: row.name, department: row.department, email, roles };
    };

    const parser = parse({
      delimiter: sniffDelimiter(decoded.text.slice(0, 4096)),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      info: true,
    });
    const utf8 = Buffer.from(decoded.text, 'utf8');
    const feeding = (async () => {
      for (let offset = 0; offset < utf8.length && !parser.destroyed; offset += FEED_BYTES) {
        parser.write(utf8.subarray(offset, offset + FEED_BYTES));
        await nextTurn();
      }
      if (!parser.destroyed) parser.end();
    })();

    let checker: RosterChecker | undefined;
    let sinceYield = 0;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!checker) {
          const header = readRosterHeader(record);
          const problem = headerProblem(header);
          if (problem) {
            preview.fileError = problem;
            parser.destroy();
            break;
          }
          checker = new RosterChecker(header);
          continue;
        }
        preview.rows += 1;
        const checked = checker.check(record, info.lines);
        if ('issues' in checked) checked.issues.forEach(issue);
        else {
          const row = classify(checked.row);
          if (row) {
            preview[row.action] += 1;
            if (preview.sample.length < SAMPLE_ROWS) preview.sample.push(row);
            if (row.action !== 'unchanged' && preview.errorCount === 0) {
              const userId = row.action === 'create' ? randomUUID() : (byEmployeeId.get(row.employeeId) ?? byUsername.get(row.employeeId))!.id;
              staged.push({
                import_id: id,
                line: row.line,
                action: row.action,
                user_id: userId,
                employee_id: row.employeeId,
                display_name: row.name,
                department: row.department,
                email: row.email,
                roles: row.roles.join(','),
              });
            }
          }
        }
        if (++sinceYield >= CHUNK_ROWS) {
          sinceYield = 0;
          await flush();
          await this.progress(id, preview.rows);
          await nextTurn();
        }
      }
    } catch (error) {
      const where = (error as { lines?: number }).lines;
      preview.fileError = `CSV 格式有误${where ? `（第 ${where} 行附近）` : ''}：${csvProblem(error)}。请检查引号是否成对，然后重新上传。`;
    }
    await feeding.catch(() => undefined);
    if (!checker && preview.fileError === null) preview.fileError = '文件是空的：第一行应为表头，例如：工号,姓名,部门,邮箱,角色';
    else if (checker && preview.rows === 0 && preview.fileError === null) preview.fileError = '文件只有表头，没有人员。';
    await flush();
    await finish();
  }

  private async applyStaged(id: string, importer: Account): Promise<void> {
    const now = this.now();
    const staged = (trx: Kysely<Database>, action: string) =>
      trx.selectFrom('roster_import_rows as r').where('r.import_id', '=', id).where('r.action', '=', action);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .from('roster_import_rows as r')
        .set((eb) => ({
          employee_id: eb.ref('r.employee_id'),
          display_name: eb.ref('r.display_name'),
          department: eb.ref('r.department'),
          email: eb.ref('r.email'),
          roles: eb.ref('r.roles'),
          updated_at: now,
        }))
        .whereRef('r.user_id', '=', 'users.id')
        .where('r.import_id', '=', id)
        .where('r.action', '=', 'update')
        .execute();
      await trx
        .insertInto('users')
        .columns(['id', 'username', 'display_name', 'department', 'employee_id', 'email', 'roles', 'password_hash', 'disabled_at', 'created_at', 'updated_at'])
        .expression(
          staged(trx, 'create').select([
            'r.user_id',
            'r.employee_id',
            'r.display_name',
            'r.department',
            'r.employee_id',
            'r.email',
            'r.roles',
            sql<null>`cast(null as text)`.as('password_hash'),
            sql<null>`cast(null as bigint)`.as('disabled_at'),
            sql.lit(now).as('created_at'),
            sql.lit(now).as('updated_at'),
          ]),
        )
        .execute();
      // Only the rows that say whom this import created are kept, for their invite links.
      await trx.deleteFrom('roster_import_rows').where('import_id', '=', id).where('action', '!=', 'create').execute();
      await trx.updateTable('roster_imports').set({ status: 'done', applied_at: now, updated_at: now }).where('id', '=', id).execute();
      await trx.insertInto('audit_log').values({ at: now, actor_user_id: importer.id, action: 'roster.import', subject: id }).execute();
    });
  }
}

function csvProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return '有一个引号没有闭合';
  if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'INVALID_OPENING_QUOTE') return '引号的位置不对';
  return '无法解析';
}
