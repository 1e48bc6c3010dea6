import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { encodeGbk } from '../support/gbk.ts';
import { HttpSession } from '../support/http-client.ts';
import { acceptInvite, check, importRoster } from '../support/hr.ts';

let server: SiteServer;
let admin: HttpSession;
let hr: HttpSession;
let learner: HttpSession;
let facilitator: HttpSession;

const utf8 = (text: string) => new TextEncoder().encode(text);

async function learnerCount(): Promise<number> {
  const body = (await (await admin.request('/api/hr/learners?size=25')).json()) as { total: number };
  return body.total;
}

beforeAll(async () => {
  server = await startSiteServer();
  admin = new HttpSession(server);
  await admin.signIn(server.admin.username, server.admin.password);
  // The admin brings in the first people by roster, and each sets a password through their invite link.
  const job = await importRoster(admin, utf8('工号,姓名,部门,邮箱,角色\nH001,王人事,人力资源部,hr@example.com,人力资源\nL001,李学员,销售部,,学员\nF001,赵讲师,培训部,,讲师\n'));
  expect(job.status).toBe('done');
  const { invites } = (await (await admin.request(`/api/hr/roster/imports/${job.id}/invites`, { method: 'POST' })).json()) as { invites: { username: string; inviteUrl: string }[] };
  expect(invites.map((invite) => invite.username)).toEqual(['H001', 'L001', 'F001']);
  for (const invite of invites) await acceptInvite(server, invite.inviteUrl, `${invite.username}-password-123`);
  hr = new HttpSession(server);
  await hr.signIn('H001', 'H001-password-123');
  learner = new HttpSession(server);
  await learner.signIn('L001', 'L001-password-123');
  facilitator = new HttpSession(server);
  await facilitator.signIn('F001', 'F001-password-123');
});
afterAll(async () => {
  await server?.stop();
});

describe('who may use the HR console', () => {
  const pages = ['/hr/', '/hr/roster/', '/hr/certificates/', '/hr/learners/someone/'];
  const apis = ['/api/hr/summary', '/api/hr/learners', '/api/hr/learners/someone', '/api/hr/certificates', '/api/hr/roster/imports/none', '/api/hr/exports/learners.csv', '/api/hr/exports/certificates.xlsx'];

  test('sends signed-out people to sign in from a page, and answers 401 from the API', async () => {
    const visitor = new HttpSession(server);
    for (const path of [...pages, '/hr/audit/']) {
      const response = await visitor.request(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toBe(`/signin/?next=${encodeURIComponent(path)}`);
    }
    for (const path of [...apis, '/api/hr/audit']) expect((await visitor.request(path)).status, path).toBe(401);
    expect((await visitor.request('/api/hr/roster/imports', { method: 'POST', body: utf8('工号,姓名,部门\n') })).status).toBe(401);
  });

  test('refuses learners and facilitators with 403 on every page and API, showing no data', async () => {
    for (const session of [learner, facilitator]) {
      for (const path of [...pages, '/hr/audit/']) {
        const response = await session.request(path);
        expect(response.status, path).toBe(403);
        const html = await response.text();
        expect(html).toContain('role="alert"');
        expect(html).not.toContain('李学员');
      }
      for (const path of [...apis, '/api/hr/audit']) expect((await session.request(path)).status, path).toBe(403);
      const upload = await session.request('/api/hr/roster/imports', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: utf8('工号,姓名,部门\nX1,某人,某部\n') });
      expect(upload.status).toBe(403);
    }
  });

  test('lets HR in everywhere but the audit log, which is for admins', async () => {
    for (const path of pages.slice(0, 3)) expect((await hr.request(path)).status, path).toBe(200);
    expect((await hr.request('/hr/audit/')).status).toBe(403);
    expect((await hr.request('/api/hr/audit')).status).toBe(403);
    expect((await hr.request('/api/hr/exports/audit.csv')).status).toBe(403);
    expect((await admin.request('/hr/audit/')).status).toBe(200);
  });

  test('refuses an upload posted from another site', async () => {
    const response = await hr.request('/api/hr/roster/imports', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'text/csv' },
      body: utf8('工号,姓名,部门\nX1,某人,某部\n'),
    });
    expect(response.status).toBe(403);
  });
});

describe('roster import over HTTP', () => {
  test('imports UTF-8, UTF-8 with a BOM and GBK, and a re-import updates without duplicating', async () => {
    const before = await learnerCount();
    const plain = await importRoster(hr, utf8('工号,姓名,部门,邮箱\nR001,陈一,销售部,chen1@example.com\n'));
    expect(plain.preview).toMatchObject({ encoding: 'utf-8', create: 1 });
    const bom = await importRoster(hr, new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('工号,姓名,部门\nR002,陈二,销售部\n')]));
    expect(bom.preview).toMatchObject({ encoding: 'utf-8-bom', create: 1 });
    const gbk = await importRoster(hr, encodeGbk('工号,姓名,部门\r\nR003,欧阳三,财务部\r\n'));
    expect(gbk.preview).toMatchObject({ encoding: 'gbk', create: 1 });
    expect(await learnerCount()).toBe(before + 3);
    const again = await importRoster(hr, encodeGbk('工号,姓名,部门\r\nR001,陈一,市场部\r\nR002,陈二,销售部\r\nR003,欧阳三,财务部\r\n'));
    expect(again.preview).toMatchObject({ create: 0, update: 1, unchanged: 2 });
    expect(await learnerCount()).toBe(before + 3);
    const found = (await (await hr.request(`/api/hr/learners?q=${encodeURIComponent('陈一')}`)).json()) as { rows: { department: string }[] };
    expect(found.rows).toEqual([expect.objectContaining({ department: '市场部' })]);
  });

  test('shows row-level errors and writes nothing', async () => {
    const before = await learnerCount();
    const job = await check(hr, utf8('工号,姓名,部门,邮箱\nB001,甲,销售部,a@example.com\nB001,乙,销售部,b@example.com\nB003,丙,销售部,bad-email\n'));
    expect(job.status).toBe('invalid');
    expect(job.preview.errors.map((issue) => [issue.line, issue.message])).toEqual([
      [3, '工号 B001 与第 2 行重复。'],
      [4, '邮箱格式不正确：bad-email'],
    ]);
    const apply = await hr.request(`/api/hr/roster/imports/${job.id}/apply`, { method: 'POST' });
    expect(apply.status).toBe(409);
    const missing = await check(hr, utf8('姓名,部门\n甲,销售部\n'));
    expect(missing.preview.fileError).toContain('缺少必需的列：工号');
    expect(await learnerCount()).toBe(before);
  });

  test('refuses an empty file', async () => {
    const response = await hr.request('/api/hr/roster/imports', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: new Uint8Array() });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'empty_file', message: '文件是空的。' });
  });
});

describe('exports', () => {
  beforeAll(async () => {
    await importRoster(
      admin,
      utf8('工号,姓名,部门\nX001,"=HYPERLINK(""http://evil.example"")",公式部\nX002,<script>alert(1)</script>,公式部\nX003,+张三,公式部\nX004,@李四,公式部\nX005,-王五,公式部\nX006,普通人,其他部\n'),
    );
  });

  test('export exactly the filtered rows as CSV with a BOM, dated, with formulas neutralised', async () => {
    const response = await hr.request(`/api/hr/exports/learners.csv?department=${encodeURIComponent('公式部')}&sort=employee-id`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="completion-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/^学习完成情况-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.subarray(3)).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('工号,姓名,部门,名册中的部门,状态,进度,完成日期,证书到期,最近学习');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      `X001,"'=HYPERLINK(""http://evil.example"")",公式部`,
      'X002,<script>alert(1)</script>,公式部',
      "X003,'+张三,公式部",
      "X004,'@李四,公式部",
      "X005,'-王五,公式部",
    ]);
  });

  test('export the same rows as XLSX that a reader opens, cells as text', async () => {
    const response = await hr.request(`/api/hr/exports/learners.xlsx?department=${encodeURIComponent('公式部')}&sort=employee-id`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(response.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toMatch(/^学习完成情况-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [sheet] = await readXlsxFile(Buffer.from(await response.arrayBuffer()));
    expect(sheet!.sheet).toBe('学习完成情况');
    expect(sheet!.data[0]).toEqual(['工号', '姓名', '部门', '名册中的部门', '状态', '进度', '完成日期', '证书到期', '最近学习']);
    expect(sheet!.data.slice(1).map((row) => row.slice(0, 6))).toEqual([
      ['X001', '=HYPERLINK("http://evil.example")', '公式部', '公式部', '未开始', '0%'],
      ['X002', '<script>alert(1)</script>', '公式部', '公式部', '未开始', '0%'],
      ['X003', '+张三', '公式部', '公式部', '未开始', '0%'],
      ['X004', '@李四', '公式部', '公式部', '未开始', '0%'],
      ['X005', '-王五', '公式部', '公式部', '未开始', '0%'],
    ]);
  });

  test('show names with markup as text on the dashboard', async () => {
    const html = await (await hr.request(`/hr/?department=${encodeURIComponent('公式部')}`)).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  test('export the certificate registry, empty but well-formed', async () => {
    const response = await hr.request('/api/hr/exports/certificates.csv');
    expect(response.status).toBe(200);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())).toBe('\uFEFF证书编号,姓名,工号,完成时所在部门,完成日期,颁发日期,有效期至,状态,撤销原因\r\n');
  });
});

describe('the audit log', () => {
  test('records who imported and exported, viewable and exportable by admins only', async () => {
    await hr.request('/api/hr/exports/learners.csv?status=completed');
    const body = (await (await admin.request('/api/hr/audit?size=200')).json()) as { rows: { actorUsername: string | null; action: string; subject: string }[] };
    const byHr = body.rows.filter((entry) => entry.actorUsername === 'H001').map((entry) => entry.action);
    expect(byHr).toContain('roster.import');
    expect(byHr).toContain('export.learners');
    expect(body.rows.some((entry) => entry.actorUsername === 'admin' && entry.action === 'roster.invites')).toBe(true);
    const filtered = (await (await admin.request('/api/hr/audit?action=export.learners&actor=H001')).json()) as { rows: { action: string }[]; total: number };
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.rows.every((entry) => entry.action === 'export.learners')).toBe(true);
    const csv = await admin.request('/api/hr/exports/audit.csv?action=roster.import');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.split('\r\n')[0]).toBe('\uFEFF时间,操作人,操作人姓名,操作,操作代码,对象');
    expect(text).toContain('H001,王人事,导入名册,roster.import,');
    const page = await (await admin.request('/hr/audit/?action=roster.import')).text();
    expect(page).toContain('导入名册');
  });
});
