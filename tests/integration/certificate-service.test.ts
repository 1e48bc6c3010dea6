import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { verifyCertificate } from '../../src/core/certificates/credential.ts';
import { addCalendarMonths } from '../../src/core/progress/calendar-months.ts';
import { buildProgressModel, type ProgressModel } from '../../src/core/progress/progress-model.ts';
import { AccountStore, type Account } from '../../src/server/accounts/accounts.ts';
import { CertificateService, type CertifiedCourse } from '../../src/server/certificates/certificate-service.ts';
import { KEY_FILE, SigningKeys } from '../../src/server/certificates/signing-keys.ts';
import type { AppDatabase } from '../../src/server/db/database.ts';
import { ProgressBook } from '../../src/server/learning/progress-book.ts';
import { actorOf } from '../../src/server/me.ts';
import { agentIdentityKey } from '../../src/server/xapi/statement-records.ts';
import { StatementStore } from '../../src/server/xapi/statement-store.ts';
import type { XapiAgent } from '../../src/core/xapi/types.ts';
import { AssessmentService, type AssessmentRules } from '../../src/server/assessment/assessment-service.ts';
import { loadFinalBank } from '../../src/server/assessment/final-bank.ts';
import type { Question } from '../../src/core/quiz/schemas/quiz.ts';
import { keyedAnswer, storeCompletion } from '../support/certificates.ts';
import { loadShippedContent } from '../support/course-fixture.ts';
import { testDatabases } from '../support/databases.ts';

const origin = 'https://learn.example.com';
const course: CertifiedCourse = { id: 'icrm', title: '内部客户关系管理培训', contentVersion: 'v-test' };

let model: ProgressModel;
let rules: AssessmentRules;
let bank: Map<string, Question>;

beforeAll(async () => {
  const shipped = await loadShippedContent();
  model = buildProgressModel(shipped.course, shipped.lessons);
  const finalBank = await loadFinalBank('final-assessment');
  bank = new Map(finalBank.questions.map((question) => [question.id, question]));
  rules = {
    courseId: course.id,
    courseTitle: course.title,
    title: '结业测验',
    bank: finalBank,
    questions: 20,
    passMark: 0.8,
    attempts: 3,
    timeLimitMinutes: 40,
    contentVersion: course.contentVersion,
    model,
  };
});

describe.each(testDatabases())('certificates on $name', (target) => {
  let database: AppDatabase;
  let dispose: () => Promise<void>;
  let dataDir: string;
  let now: number;
  let accounts: AccountStore;
  let store: StatementStore;
  let progress: ProgressBook;
  let keys: SigningKeys;
  let certificates: CertificateService;

  beforeEach(async () => {
    ({ database, dispose } = await target.open());
    dataDir = mkdtempSync(join(tmpdir(), 'icrm-keys-'));
    now = Date.UTC(2026, 10, 30, 8);
    accounts = new AccountStore(database.db);
    store = new StatementStore(database.db, database.kind);
    progress = new ProgressBook(origin, () => now);
    keys = new SigningKeys(database.db, { dataDir, configured: undefined }, () => now);
    await keys.publishCurrent();
    certificates = new CertificateService(database.db, keys, origin, '内训学堂', () => now);
  });
  afterEach(async () => {
    await dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function learner(username: string, extra: { employeeId?: string; department?: string; displayName?: string } = {}): Promise<Account> {
    return (await accounts.upsertUser({ username, roles: ['learner'], displayName: extra.displayName ?? '李娜', ...extra })).account;
  }
  const actorKey = (account: Account) => agentIdentityKey(actorOf(account, origin) as XapiAgent);

  test('issues one signed certificate once the progress row says the course is complete, and none before', async () => {
    const account = await learner('li.na', { employeeId: 'E1024', department: '财务部' });
    await storeCompletion(store, progress, model, account, origin, now - 60_000, { assessment: false });
    expect(await certificates.issueDue(course, [actorKey(account)])).toEqual([]);

    await storeCompletion(store, progress, model, account, origin, now, { coursework: false });
    const [issued, ...more] = await certificates.issueDue(course, [actorKey(account)]);
    expect(more).toEqual([]);
    expect(issued).toMatchObject({
      userId: account.id,
      courseTitle: '内部客户关系管理培训',
      learnerName: '李娜',
      employeeId: 'E1024',
      department: '财务部',
      completedAt: now,
      issuedAt: now,
      expiresAt: addCalendarMonths(now, 24),
      status: 'valid',
    });
    expect(issued!.verifyUrl).toBe(`${origin}/verify/#${issued!.credential}`);
    const verification = await verifyCertificate(issued!.credential, await keys.publishedKeys(), new Date(now));
    expect(verification).toMatchObject({
      status: 'valid',
      certificate: { id: issued!.id, learnerName: '李娜', employeeId: 'E1024', courseId: 'icrm', courseVersion: 'v-test', completedAt: new Date(now).toISOString() },
    });
  });

  test('issues nothing more when asked again, at once or later, or after a re-dated statement moves the completion', async () => {
    const account = await learner('wang.fang');
    await storeCompletion(store, progress, model, account, origin, now);
    const results = await Promise.all([1, 2, 3].map(() => certificates.issueDue(course, [actorKey(account), actorKey(account)])));
    expect(results.flat()).toHaveLength(1);
    now += 86_400_000;
    expect(await certificates.issueDue(course, [actorKey(account)])).toEqual([]);
    // A device that was offline sends a lesson completed earlier: the completion instant moves, the period does not.
    await storeCompletion(store, progress, model, account, origin, now - 3 * 86_400_000, { assessment: false });
    expect(await certificates.issueDue(course, [actorKey(account)])).toEqual([]);
    expect(await certificates.forUser(account.id)).toHaveLength(1);
  });

  test('keeps the name and department as they were at completion when the roster changes later', async () => {
    const account = await learner('zhao.lei', { department: '销售部', displayName: '赵磊' });
    await storeCompletion(store, progress, model, account, origin, now);
    const [issued] = await certificates.issueDue(course, [actorKey(account)]);
    await accounts.upsertUser({ username: 'zhao.lei', roles: ['learner'], displayName: '赵磊磊', department: '客服部' });
    expect(await certificates.find(issued!.id)).toMatchObject({ learnerName: '赵磊', department: '销售部' });
  });

  test('says expired from the expiry on, and issues nothing for a completion whose validity has already run out', async () => {
    const account = await learner('qian.yu');
    await storeCompletion(store, progress, model, account, origin, now);
    const [issued] = await certificates.issueDue(course, [actorKey(account)]);
    now = addCalendarMonths(issued!.completedAt, 24);
    expect((await certificates.find(issued!.id))!.status).toBe('expired');
    expect(await certificates.publicStatus(issued!.id)).toEqual({ id: issued!.id, status: 'expired', revoked: false });

    const late = await learner('sun.hao');
    await storeCompletion(store, progress, model, late, origin, addCalendarMonths(now, -25));
    expect(await certificates.issueDue(course, [actorKey(late)])).toEqual([]);
  });

  test('revokes with a reason, records who did it in the audit log, and refuses a second revocation', async () => {
    const account = await learner('zhou.min');
    const hr = (await accounts.upsertUser({ username: 'hr.wang', roles: ['hr'] })).account;
    await storeCompletion(store, progress, model, account, origin, now);
    const [issued] = await certificates.issueDue(course, [actorKey(account)]);
    now += 60_000;
    const revoked = await certificates.revoke(issued!.id, hr, '考试期间违规');
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: now, revokeReason: '考试期间违规' });
    expect(await certificates.publicStatus(issued!.id)).toEqual({
      id: issued!.id,
      status: 'revoked',
      revoked: true,
      revokedAt: new Date(now).toISOString(),
      reason: '考试期间违规',
    });
    expect(await accounts.auditEntries(5)).toContainEqual({ at: now, actorUserId: hr.id, action: 'certificate.revoke', subject: issued!.id });
    await expect(certificates.revoke(issued!.id, hr, '再撤一次')).rejects.toMatchObject({ status: 409, code: 'already_revoked' });
    // Revoking does not make a new certificate due: the revoked one still covers the period.
    expect(await certificates.issueDue(course, [actorKey(account)])).toEqual([]);
  });

  test('lets a learner whose certificate expired sit the final assessment again, and passing it issues a new certificate', async () => {
    const assessments = new AssessmentService(database.db, store, progress, origin, () => now, certificates);
    const account = await learner('recertify');
    const pass = async () => {
      const { attempt } = await assessments.start(account, rules);
      for (const question of attempt.questions) await assessments.saveAnswer(account, rules, attempt.id, question.id, keyedAnswer(bank.get(question.id)!));
      now += 10 * 60_000;
      return assessments.submit(account, rules, attempt.id);
    };
    await storeCompletion(store, progress, model, account, origin, now, { assessment: false });
    expect(await pass()).toMatchObject({ passed: true });
    const [first, ...none] = await certificates.forUser(account.id);
    expect(none).toEqual([]);
    expect(first).toMatchObject({ completedAt: now, status: 'valid' });
    await expect(assessments.start(account, rules)).rejects.toMatchObject({ code: 'already_passed' });

    now = first!.expiresAt! + 86_400_000;
    expect(await assessments.status(account, rules)).toMatchObject({ attemptsUsed: 0, passed: false, results: [] });
    expect(await pass()).toMatchObject({ passed: true });
    const [renewed, expired] = await certificates.forUser(account.id);
    expect(expired).toMatchObject({ id: first!.id, status: 'expired' });
    expect(renewed).toMatchObject({ status: 'valid', completedAt: now, expiresAt: addCalendarMonths(now, 24) });
    expect(await assessments.status(account, rules)).toMatchObject({ attemptsUsed: 1, passed: true });
  });

  test('creates the key file readable by its owner only, and keeps it across restarts', async () => {
    const file = join(dataDir, KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
    const first = await keys.current();
    const again = await new SigningKeys(database.db, { dataDir, configured: undefined }).publishCurrent();
    expect(again.kid).toBe(first.kid);
    expect((await keys.publishedKeys()).keys).toEqual([first.publicJwk]);
  });

  test('rotates the key: new certificates carry the new kid, old ones still verify against the published set', async () => {
    const before = await learner('before.rotation');
    await storeCompletion(store, progress, model, before, origin, now);
    const [old] = await certificates.issueDue(course, [actorKey(before)]);
    const { previous, current } = await keys.rotate();
    expect(previous).not.toBe(current);
    const after = await learner('after.rotation');
    await storeCompletion(store, progress, model, after, origin, now);
    const [fresh] = await certificates.issueDue(course, [actorKey(after)]);
    const header = (credential: string) => JSON.parse(Buffer.from(credential.split('.')[0]!, 'base64url').toString());
    expect(header(old!.credential).kid).toBe(previous);
    expect(header(fresh!.credential).kid).toBe(current);
    const published = await keys.publishedKeys();
    expect(published.keys.map((key) => key.kid).sort()).toEqual([previous, current].sort());
    for (const credential of [old!.credential, fresh!.credential]) {
      expect(await verifyCertificate(credential, published, new Date(now))).toMatchObject({ status: 'valid' });
    }
    const rows = await database.db.selectFrom('signing_keys').select(['kid', 'retired_at']).execute();
    expect(rows.find((row) => row.kid === previous)!.retired_at).toBe(now);
    expect(rows.find((row) => row.kid === current)!.retired_at).toBeNull();
  });

  test('signs with SIGNING_KEY when it is set, and refuses to rotate a key only the operator can change', async () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const configured = new SigningKeys(database.db, { dataDir, configured: pem.replace(/\n/g, '\\n') }, () => now);
    const key = await configured.publishCurrent();
    expect(key.kid).not.toBe((await keys.current()).kid);
    await expect(configured.rotate()).rejects.toThrow('SIGNING_KEY');
    expect((await configured.publishedKeys()).keys.map((published) => published.kid)).toContain(key.kid);
  });
});
