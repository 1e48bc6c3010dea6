/**
 * `npm run demo`: fills the database DATA_DIR / DATABASE_URL names with a demo organisation: six departments, 300
 * learners at every stage (not started, in progress, completed, expiring within 30 days, expired, revoked), a
 * facilitator and an HR user whose sign-in details it prints. Learning is recorded as real statements through the
 * server's statement store, so the progress rows are folded exactly as the server folds a learner's sync.
 * Running it again keeps the people and their records, and sets new passwords for the two demo accounts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/core/quiz/layout.ts';
import { addCalendarMonths } from '../src/core/progress/calendar-months.ts';
import { serverAuthority } from '../src/core/statements/server-authority.ts';
import type { XapiAgent, XapiStatement } from '../src/core/xapi/types.ts';
import { registrationOf } from '../src/server/learning/enrolments.ts';
import { CertificateService } from '../src/server/certificates/certificate-service.ts';
import { t } from '../src/i18n/ui.ts';
import { startRuntime } from '../src/server/runtime.ts';
import { SettingsError } from '../src/server/settings.ts';
import { completeStatement, recordOf } from '../src/server/xapi/statement-records.ts';
import { learnerJourney, loadProgressModel } from './lib/demo-learning.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const DAY = 24 * 60 * 60 * 1000;
const LEARNERS = 300;
const departments = ['销售部', '市场部', '财务部', '人力资源部', '客服部', '物流部'];
const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '欧阳', '司马'];
const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '华', '慧', '建国', '晓东', '雨桐', '子涵', '梓萱', '浩然'];

type Stage = 'not-started' | 'in-progress' | 'completed' | 'expiring' | 'expired' | 'revoked';
const stageLabels: Record<Stage, string> = {
  'not-started': '未开始',
  'in-progress': '学习中',
  completed: '已完成',
  expiring: '30 天内到期',
  expired: '已过期',
  revoked: '证书已撤销',
};

/** Every learner's stage, in fixed shares: about a fifth not started, a third in progress, a third completed. */
function stageOf(index: number): Stage {
  const slot = index % 20;
  if (slot < 4) return 'not-started';
  if (slot < 10) return 'in-progress';
  if (slot < 16) return 'completed';
  if (slot < 18) return 'expiring';
  if (slot < 19) return 'expired';
  return 'revoked';
}

let rt;
try {
  rt = await startRuntime(process.env);
} catch (error) {
  console.error(error instanceof SettingsError ? error.message : String(error));
  process.exit(1);
}

try {
  const model = await loadProgressModel(`${root}content/`, root);
  const origin = rt.settings.publicOrigin;
  const db = rt.database.db;
  const random = seededRandom(20261130);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const now = Date.now();
  const counts: Record<Stage, number> = { 'not-started': 0, 'in-progress': 0, completed: 0, expiring: 0, expired: 0, revoked: 0 };
  let certificates = 0;
  // HR revokes the revoked stage's certificates, so the registry and the audit log show who did it.
  const { account: hrAccount } = await rt.accounts.upsertUser({ username: 'demo.hr', displayName: '人事 王老师', department: '人力资源部', roles: ['hr'] });

  for (let index = 0; index < LEARNERS; index++) {
    const stage = stageOf(index);
    counts[stage] += 1;
    const employeeId = `D${String(10001 + index)}`;
    const department = departments[index % departments.length]!;
    const name = `${pick(surnames)}${pick(given)}`;
    const existing = await rt.accounts.findByUsername(employeeId);
    const { account } = await rt.accounts.upsertUser({
      username: employeeId,
      displayName: existing?.displayName ?? name,
      department: existing?.department ?? department,
      employeeId,
      email: `${employeeId.toLowerCase()}@demo.example.com`,
      roles: ['learner'],
    });
    if (stage === 'not-started') continue;
    const hasRecords = await db.selectFrom('progress').select('user_id').where('user_id', '=', account.id).executeTakeFirst();
    if (hasRecords) continue;

    // When each stage's learner started: a completion is a few hours after its start.
    const startedAt =
      stage === 'in-progress'
        ? now - Math.floor(random() * 60 + 1) * DAY
        : stage === 'expiring'
          ? addCalendarMonths(now, -model.certificateValidityMonths) + Math.floor(random() * 25 + 2) * DAY
          : stage === 'expired'
            ? addCalendarMonths(now, -model.certificateValidityMonths) - Math.floor(random() * 120 + 5) * DAY
            : now - Math.floor(random() * 300 + 5) * DAY;
    const journey = learnerJourney(model, {
      origin,
      userId: account.id,
      displayName: account.displayName,
      registration: await registrationOf(db, account.id, model.id),
      startedAt,
      lessons: 1 + Math.floor(random() * (model.lessons.length - 2)),
      complete: stage !== 'in-progress',
    });
    const storedMs = Date.now();
    const learnerAuthority = { objectType: 'Agent', name: account.displayName, account: { homePage: origin, name: account.id } } as XapiAgent;
    const records = [
      ...journey.learner.map((statement) => recordOf(completeStatement(statement as unknown as XapiStatement, learnerAuthority, storedMs), storedMs)),
      ...journey.server.map((statement) => recordOf(completeStatement(statement as unknown as XapiStatement, serverAuthority(origin) as XapiAgent, storedMs), storedMs)),
    ];
    const outcome = await rt.statements.insert(records, [], () => true, rt.progress.updater(model));
    if (!outcome.ok) throw new Error(`demo statements conflicted with ${outcome.conflict.id}`);
    // The attempt row the assessment page leaves with its result statement.
    const assessment = journey.server[0];
    if (assessment) {
      const submittedAt = Date.parse(assessment.timestamp!);
      await db
        .insertInto('assessment_attempts')
        .values({
          id: randomUUID(),
          user_id: account.id,
          course_id: model.id,
          bank_id: model.finalAssessment.id,
          questions: '[]',
          started_at: submittedAt - 20 * 60_000,
          deadline_at: submittedAt - 20 * 60_000 + model.finalAssessment.timeLimitMinutes * 60_000,
          submitted_at: submittedAt,
          raw: model.finalAssessment.questions,
          max: model.finalAssessment.questions,
          scaled: 1,
          passed: 1,
        })
        .execute();
    }
    if (stage === 'in-progress') continue;

    const row = await db.selectFrom('progress').select(['actor_key', 'completed_at']).where('user_id', '=', account.id).executeTakeFirstOrThrow();
    // Signed like any other certificate, as if issued on the day of completion (so expired ones were once valid).
    const issuer = new CertificateService(db, rt.signingKeys, origin, t('site.name'), () => row.completed_at!);
    const [issued] = await issuer.issueDue({ id: model.id, title: model.title, contentVersion: 'demo' }, [row.actor_key]);
    if (!issued) continue;
    if (stage === 'revoked') await rt.certificates.revoke(issued.id, hrAccount, '结业测验存在代考行为，证书作废');
    certificates += 1;
    // Every tenth completed learner has since moved department: their completion stays with the old one.
    if (index % 10 === 0) {
      await rt.accounts.upsertUser({ username: employeeId, department: departments[(index + 1) % departments.length]!, roles: ['learner'] });
    }
  }

  const password = () => randomBytes(9).toString('base64url');
  const staff = [
    { username: 'demo.hr', displayName: '人事 王老师', department: '人力资源部', role: 'hr' as const, label: '人力资源' },
    { username: 'demo.trainer', displayName: '讲师 李老师', department: '培训部', role: 'facilitator' as const, label: '讲师' },
  ];
  const signIns: string[] = [];
  for (const person of staff) {
    const { account } = await rt.accounts.upsertUser({ username: person.username, displayName: person.displayName, department: person.department, roles: [person.role] });
    const secret = password();
    await rt.accounts.setPassword(account.id, secret);
    await rt.accounts.audit(null, 'account.update-cli', account.id);
    signIns.push(`  ${person.label}：用户名 ${person.username}，密码 ${secret}`);
  }

  console.log(
    [
      `演示组织已就绪（${rt.database.description}）：`,
      `  ${departments.length} 个部门，${LEARNERS} 名学员：${(Object.keys(counts) as Stage[]).map((stage) => `${stageLabels[stage]} ${counts[stage]}`).join('，')}`,
      `  本次新签发证书 ${certificates} 张`,
      '',
      '登录信息（每次运行都会重设密码）：',
      ...signIns,
      '',
      `启动服务器（npm start）后打开 ${origin}/signin/ 登录，人力资源控制台在 ${origin}/hr/`,
    ].join('\n'),
  );
} finally {
  await rt.database.close();
}
