import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { learnerJourney, loadProgressModel } from '../../scripts/lib/demo-learning.ts';
import type { ProgressModel } from '../../src/core/progress/progress-model.ts';
import { serverAuthority } from '../../src/core/statements/server-authority.ts';
import type { XapiAgent, XapiStatement } from '../../src/core/xapi/types.ts';
import { AccountStore, type Account } from '../../src/server/accounts/accounts.ts';
import type { AppDatabase } from '../../src/server/db/database.ts';
import { AuditLog } from '../../src/server/hr/audit-log.ts';
import { CertificateRegistry } from '../../src/server/hr/certificate-registry.ts';
import { RosterImports, type RosterJobView } from '../../src/server/hr/roster-import.ts';
import { HrReports } from '../../src/server/learning/hr-reports.ts';
import { ProgressBook } from '../../src/server/learning/progress-book.ts';
import { completeStatement, recordOf } from '../../src/server/xapi/statement-records.ts';
import { StatementStore } from '../../src/server/xapi/statement-store.ts';
import { contentDir, repoRoot } from '../support/course-fixture.ts';
import { testDatabases } from '../support/databases.ts';
import { encodeGbk } from '../support/gbk.ts';

const origin = 'https://learn.example.com';
const DAY = 24 * 60 * 60 * 1000;

/** Runs a job to the end of its check or its import, as the page polls it. */
async function settle(roster: RosterImports, job: RosterJobView): Promise<RosterJobView> {
  let current = job;
  while (current.status === 'checking' || current.status === 'applying') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    current = await roster.view(current.id);
  }
  return current;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

let model: ProgressModel;
beforeAll(async () => {
  model = await loadProgressModel(contentDir, repoRoot);
});

describe.each(testDatabases())('the roster import on $name', (target) => {
  let database: AppDatabase;
  let dispose: () => Promise<void>;
  let accounts: AccountStore;
  let roster: RosterImports;
  let hr: Account;
  let admin: Account;

  beforeEach(async () => {
    ({ database, dispose } = await target.open());
    accounts = new AccountStore(database.db);
    roster = new RosterImports(database.db, accounts, origin);
    hr = (await accounts.upsertUser({ username: 'hr.wang', displayName: '王人事', roles: ['hr'] })).account;
    admin = (await accounts.upsertUser({ username: 'root', displayName: '管理员', roles: ['admin'] })).account;
  });
  afterEach(async () => {
    await dispose();
  });

  const importFile = async (bytes: Uint8Array, by = hr) => {
    const checked = await settle(roster, await roster.start(by, 'roster.csv', bytes));
    if (checked.status !== 'ready') return checked;
    return settle(roster, await roster.apply(checked.id, by));
  };

  test('creates accounts from a roster, then updates them on re-import without duplicating anyone', async () => {
    const first = await importFile(utf8('工号,姓名,部门,邮箱,角色\nE001,张伟,销售部,zhang.wei@example.com,学员\nE002,李娜,财务部,,讲师\n'));
    expect(first).toMatchObject({ status: 'done', preview: { rows: 2, create: 2, update: 0, unchanged: 0, errorCount: 0, encoding: 'utf-8' } });
    const again = await importFile(utf8('Employee ID,Name,Department,Email\nE001,张伟,市场部,zhang.wei@example.com\nE002,李娜,财务部,\nE003,赵敏,客服部,zhao.min@example.com\n'));
    expect(again).toMatchObject({ status: 'done', preview: { create: 1, update: 1, unchanged: 1 } });
    const people = await database.db.selectFrom('users').select(['username', 'employee_id', 'department', 'roles', 'email']).where('employee_id', 'is not', null).orderBy('employee_id').execute();
    expect(people).toEqual([
      { username: 'E001', employee_id: 'E001', department: '市场部', roles: 'learner', email: 'zhang.wei@example.com' },
      { username: 'E002', employee_id: 'E002', department: '财务部', roles: 'facilitator', email: null },
      { username: 'E003', employee_id: 'E003', department: '客服部', roles: 'learner', email: 'zhao.min@example.com' },
    ]);
    const audit = await new AuditLog(database.db).search({ action: 'roster.import', page: 1, pageSize: 10 });
    expect(audit.rows.map((entry) => [entry.actorUsername, entry.subject])).toEqual([
      ['hr.wang', again.id],
      ['hr.wang', first.id],
    ]);
  });

  test('reads GBK and a UTF-8 BOM alike', async () => {
    const gbk = await importFile(encodeGbk('工号,姓名,部门\r\nG001,欧阳娜娜,人力资源部\r\n'));
    expect(gbk).toMatchObject({ status: 'done', preview: { encoding: 'gbk', create: 1 } });
    const bom = await importFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('工号,姓名,部门\nG002,司马光,行政部\n')]));
    expect(bom).toMatchObject({ status: 'done', preview: { encoding: 'utf-8-bom', create: 1 } });
    expect((await accounts.findByUsername('G001'))?.displayName).toBe('欧阳娜娜');
    expect((await accounts.findByUsername('G002'))?.department).toBe('行政部');
  });

  test('writes nothing when any row is wrong, and reports every problem by line', async () => {
    const before = await accounts.countUsers();
    const checked = await importFile(utf8('工号,姓名,部门,邮箱\nE001,张伟,销售部,ok@example.com\nE001,张伟二,销售部,\nE003,,客服部,not-an-email\nE004,王芳\n'));
    expect(checked.status).toBe('invalid');
    expect(checked.preview!.errors.map((issue) => [issue.line, issue.field ?? null])).toEqual([
      [3, 'employeeId'],
      [4, 'name'],
      [4, 'email'],
      [5, null],
      [5, 'department'],
    ]);
    await expect(roster.apply(checked.id, hr)).rejects.toMatchObject({ status: 409 });
    expect(await accounts.countUsers()).toBe(before);
    expect(await database.db.selectFrom('roster_import_rows').selectAll().execute()).toEqual([]);
  });

  test('refuses a file without the required columns, an unclosed quote, and an empty file', async () => {
    const missing = await importFile(utf8('姓名,邮箱\n张伟,a@example.com\n'));
    expect(missing.preview!.fileError).toContain('缺少必需的列：工号、部门');
    const quote = await importFile(utf8('工号,姓名,部门\nE001,"张伟,销售部\n'));
    expect(quote.status).toBe('invalid');
    expect(quote.preview!.fileError).toContain('引号');
    const empty = await importFile(utf8('\n'));
    expect(empty.preview!.fileError).toContain('文件是空的');
  });

  test('lets only an admin create or change an admin account through the roster', async () => {
    const byHr = await importFile(utf8('工号,姓名,部门,角色\nA001,新管理员,信息部,管理员\n'));
    expect(byHr.status).toBe('invalid');
    expect(byHr.preview!.errors[0]!.message).toContain('只有管理员');
    const byAdmin = await importFile(utf8('工号,姓名,部门,角色\nA001,新管理员,信息部,管理员\n'), admin);
    expect(byAdmin.status).toBe('done');
    const demote = await importFile(utf8('工号,姓名,部门,角色\nA001,新管理员,信息部,学员\n'));
    expect(demote.status).toBe('invalid');
    expect((await accounts.findByUsername('A001'))?.roles).toEqual(['admin']);
  });

  test('fails whole when the roster changed between check and import', async () => {
    const one = await settle(roster, await roster.start(hr, 'a.csv', utf8('工号,姓名,部门\nE100,甲,销售部\nE101,乙,销售部\n')));
    const two = await settle(roster, await roster.start(hr, 'b.csv', utf8('工号,姓名,部门\nE101,乙,销售部\n')));
    expect(await settle(roster, await roster.apply(two.id, hr))).toMatchObject({ status: 'done' });
    const failed = await settle(roster, await roster.apply(one.id, hr));
    expect(failed.status).toBe('failed');
    expect(failed.message).toContain('没有写入任何内容');
    expect(await accounts.findByUsername('E100')).toBeUndefined();
  });

  test('mints invite links for the new people who have no password, replacing earlier links', async () => {
    const job = await importFile(utf8('工号,姓名,部门\nN001,新人一,销售部\nN002,新人二,销售部\n'));
    const first = await roster.invites(job.id, hr);
    expect(first.map((invite) => invite.username)).toEqual(['N001', 'N002']);
    const token = (url: string) => new URL(url).pathname.split('/')[2]!;
    expect((await accounts.inviteAccount(token(first[0]!.inviteUrl)))?.username).toBe('N001');
    await accounts.acceptInvite(token(first[1]!.inviteUrl), 'a-good-password-1');
    const second = await roster.invites(job.id, hr);
    expect(second.map((invite) => invite.username)).toEqual(['N001']);
    expect(await accounts.inviteAccount(token(first[0]!.inviteUrl))).toBeUndefined();
  });
});

describe.each(testDatabases())('HR reads on $name', (target) => {
  test('count completions under the department at completion, with certificates valid and expiring, and search the learners', async () => {
    const { database, dispose } = await target.open();
    try {
      const accounts = new AccountStore(database.db);
      const book = new ProgressBook(origin);
      const store = new StatementStore(database.db, database.kind);
      const now = Date.now();
      const people = [
        { username: 'a.sales', name: '陈静', department: '销售部', journey: 'complete', startedAt: now - 40 * DAY },
        { username: 'b.sales', name: '<b>刘洋</b>', department: '销售部', journey: 'started', startedAt: now - 5 * DAY },
        { username: 'c.fin', name: '周杰', department: '财务部', journey: 'none', startedAt: 0 },
      ] as const;
      const ids = new Map<string, string>();
      for (const person of people) {
        const { account } = await accounts.upsertUser({ username: person.username, displayName: person.name, department: person.department, employeeId: `E-${person.username}`, roles: ['learner'] });
        ids.set(person.username, account.id);
        if (person.journey === 'none') continue;
        const journey = learnerJourney(model, {
          origin,
          userId: account.id,
          displayName: person.name,
          registration: randomUUID(),
          startedAt: person.startedAt,
          lessons: 2,
          complete: person.journey === 'complete',
        });
        const learnerAuthority = { objectType: 'Agent', account: { homePage: origin, name: account.id } } as XapiAgent;
        const records = [
          ...journey.learner.map((statement) => recordOf(completeStatement(statement as unknown as XapiStatement, learnerAuthority, now), now)),
          ...journey.server.map((statement) => recordOf(completeStatement(statement as unknown as XapiStatement, serverAuthority(origin) as XapiAgent, now), now)),
        ];
        await store.insert(records, [], () => true, book.updater(model));
      }
      // 陈静 moves to 市场部 after completing: her completion stays with 销售部.
      await accounts.upsertUser({ username: 'a.sales', department: '市场部', roles: ['learner'] });
      const certificate = (id: string, userId: string, department: string, expiresAt: number, revokedAt: number | null = null) => ({
        id,
        user_id: userId,
        actor_key: `account:${origin}|${userId}`,
        course_id: model.id,
        content_version: 'v1',
        learner_name: '陈静',
        employee_id: 'E-a.sales',
        department,
        completed_at: now - 30 * DAY,
        issued_at: now - 30 * DAY,
        expires_at: expiresAt,
        kid: 'k1',
        credential: 'x',
        revoked_at: revokedAt,
        revoked_by: null,
        revoke_reason: revokedAt ? '信息有误' : null,
      });
      await database.db
        .insertInto('certificates')
        .values([
          certificate('cert-valid', ids.get('a.sales')!, '销售部', now + 20 * DAY),
          { ...certificate('cert-old', ids.get('a.sales')!, '销售部', now - DAY), completed_at: now - 800 * DAY, issued_at: now - 800 * DAY },
          {
            ...certificate('cert-revoked', ids.get('b.sales')!, '销售部', now + 300 * DAY, now - DAY),
            completed_at: now - 10 * DAY,
            issued_at: now - 10 * DAY,
            learner_name: '<b>刘洋</b>',
            employee_id: 'E-b.sales',
          },
        ])
        .execute();

      const reports = new HrReports(database.db);
      const summary = await reports.departmentSummary(model.id, now);
      expect(summary.map(({ meanShare, ...figures }) => figures)).toEqual([
        { department: '财务部', learners: 1, notStarted: 1, inProgress: 0, completed: 0, expired: 0, certificatesValid: 0, certificatesExpiring: 0 },
        { department: '销售部', learners: 2, notStarted: 0, inProgress: 1, completed: 1, expired: 0, certificatesValid: 1, certificatesExpiring: 1 },
      ]);
      const base = { courseId: model.id, sort: 'name' as const, descending: false, page: 1, pageSize: 10 };
      const sales = await reports.learners({ ...base, department: '销售部' }, now);
      expect(sales.rows.map((row) => [row.displayName, row.department, row.rosterDepartment, row.status])).toEqual([
        ['<b>刘洋</b>', '销售部', '销售部', 'in-progress'],
        ['陈静', '销售部', '市场部', 'completed'],
      ]);
      expect((await reports.learners({ ...base, search: 'E-C.FIN' }, now)).rows.map((row) => row.username)).toEqual(['c.fin']);
      expect((await reports.learners({ ...base, search: '刘' }, now)).rows.map((row) => row.username)).toEqual(['b.sales']);
      expect((await reports.learners({ ...base, search: '100%' }, now)).total).toBe(0);
      expect((await reports.learners({ ...base, status: 'not-started' }, now)).rows.map((row) => row.username)).toEqual(['c.fin']);
      // Her completion 40 days ago runs 24 months: 即将到期 only within 30 days of its end, 已过期 after it.
      const { expires_at: expiresAt } = await database.db.selectFrom('progress').select('expires_at').where('user_id', '=', ids.get('a.sales')!).executeTakeFirstOrThrow();
      expect((await reports.learners({ ...base, status: 'expiring' }, now)).total).toBe(0);
      expect((await reports.learners({ ...base, status: 'expiring' }, expiresAt! - 10 * DAY)).rows.map((row) => row.username)).toEqual(['a.sales']);
      expect((await reports.learners({ ...base, status: 'expired' }, expiresAt! + DAY)).rows.map((row) => row.username)).toEqual(['a.sales']);
      expect((await reports.allLearners({ ...base, sort: 'share', descending: true }, now)).map((row) => row.username)).toEqual(['a.sales', 'b.sales', 'c.fin']);

      const registry = new CertificateRegistry(database.db);
      const all = await registry.search({ page: 1, pageSize: 10 }, now);
      expect(all.rows.map((row) => [row.id, row.state])).toEqual([
        ['cert-revoked', 'revoked'],
        ['cert-valid', 'expiring'],
        ['cert-old', 'expired'],
      ]);
      expect((await registry.search({ search: 'cert-revoked', page: 1, pageSize: 10 }, now)).rows[0]).toMatchObject({ revokeReason: '信息有误', learnerName: '<b>刘洋</b>' });
      expect((await registry.search({ state: 'valid', page: 1, pageSize: 10 }, now)).rows.map((row) => row.id)).toEqual(['cert-valid']);
      expect((await registry.all({ search: 'e-a.SALES' }, now)).map((row) => row.id).sort()).toEqual(['cert-old', 'cert-valid']);
      expect((await registry.ofUser(ids.get('b.sales')!, now)).map((row) => row.id)).toEqual(['cert-revoked']);
    } finally {
      await dispose();
    }
  });
});
