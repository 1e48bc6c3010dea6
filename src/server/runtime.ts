import { randomBytes } from 'node:crypto';
import { AccountStore } from './accounts/accounts.ts';
import { SignInLimiter } from './accounts/sign-in-limiter.ts';
import { AssessmentService } from './assessment/assessment-service.ts';
import { CertificateService } from './certificates/certificate-service.ts';
import { SigningKeys } from './certificates/signing-keys.ts';
import { ProgressBook } from './learning/progress-book.ts';
import { openDatabase, type AppDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrations.ts';
import { readSettings, SettingsError, type Settings } from './settings.ts';
import { StatementStore } from './xapi/statement-store.ts';
import { t } from '../i18n/ui.ts';

/** Everything a request handler needs from the running server, made once at start-up. */
export interface Runtime {
  settings: Settings;
  database: AppDatabase;
  accounts: AccountStore;
  signInLimiter: SignInLimiter;
  statements: StatementStore;
  assessments: AssessmentService;
  progress: ProgressBook;
  signingKeys: SigningKeys;
  certificates: CertificateService;
}

let current: Promise<Runtime> | undefined;

/** Starts the runtime: settings, database, migrations, the first admin, the signing key. Safe to call again: it starts once. */
export function startRuntime(env: Record<string, string | undefined> = process.env, builtOrigin?: string): Promise<Runtime> {
  current ??= createRuntime(env, builtOrigin);
  return current;
}

/** The runtime of this process; started on first use when the server entry did not start it (the dev server). */
export function runtime(): Promise<Runtime> {
  return startRuntime();
}

async function createRuntime(env: Record<string, string | undefined>, builtOrigin: string | undefined): Promise<Runtime> {
  const settings = readSettings(env);
  if (builtOrigin && builtOrigin.replace(/\/$/, '') !== settings.publicOrigin) {
    throw new SettingsError(
      `PUBLIC_ORIGIN: 这份构建是按 ${builtOrigin} 生成的，而当前设置是 ${settings.publicOrigin}。` +
        '学习记录里的活动地址必须一致：请用 npm start 启动（它会重新构建），或把 PUBLIC_ORIGIN 设回原值。',
    );
  }
  const database = openDatabase({ ...settings, backgroundCheckpoints: true });
  await migrateToLatest(database.db, database.kind);
  const accounts = new AccountStore(database.db);
  await ensureFirstAdmin(accounts, settings);
  const statements = new StatementStore(database.db, database.kind);
  const progress = new ProgressBook(settings.publicOrigin);
  const signingKeys = new SigningKeys(database.db, { dataDir: settings.dataDir, configured: settings.signingKey });
  // The key is made (or read from SIGNING_KEY) and published before the first request, so /.well-known/jwks.json is never empty.
  await signingKeys.publishCurrent();
  const certificates = new CertificateService(database.db, signingKeys, settings.publicOrigin, t('site.name'));
  return {
    settings,
    database,
    accounts,
    signInLimiter: new SignInLimiter(database.db),
    statements,
    assessments: new AssessmentService(database.db, statements, progress, settings.publicOrigin, Date.now, certificates),
    progress,
    signingKeys,
    certificates,
  };
}

/** On an empty database, creates the admin named by ADMIN_USER; a random password is printed once. */
async function ensureFirstAdmin(accounts: AccountStore, settings: Settings): Promise<void> {
  if ((await accounts.countUsers()) > 0) return;
  const password = settings.adminPassword ?? randomBytes(12).toString('base64url');
  const { account } = await accounts.upsertUser({ username: settings.adminUser, displayName: '管理员', roles: ['admin'] });
  await accounts.setPassword(account.id, password);
  await accounts.audit(null, 'account.create-first-admin', account.id);
  if (settings.adminPassword) {
    console.log(`已创建管理员账号 ${settings.adminUser}（密码取自 ADMIN_PASSWORD）。`);
  } else {
    console.log(
      [
        '',
        '══════════════════════════════════════════════',
        `  已创建管理员账号：${settings.adminUser}`,
        `  初始密码：${password}`,
        '  这个密码只显示这一次，请立即保存并在登录后妥善保管。',
        '══════════════════════════════════════════════',
        '',
      ].join('\n'),
    );
  }
}
