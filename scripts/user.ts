/**
 * `npm run user -- create <username> --role <role> [--name 显示名] [--department 部门] [--password-stdin]`
 * `npm run user -- client <name>`
 * `npm run user -- rotate-key`
 * Creates or updates accounts and API clients, or rotates the certificate signing key, in the database DATA_DIR /
 * DATABASE_URL name.
 */
import { parseArgs } from 'node:util';
import { inviteUrl, UsernameSchema } from '../src/server/accounts/admin-actions.ts';
import { passwordProblem } from '../src/server/accounts/passwords.ts';
import { roles, type Role } from '../src/server/accounts/roles.ts';
import { ConfiguredKeyError } from '../src/server/certificates/signing-keys.ts';
import { startRuntime } from '../src/server/runtime.ts';
import { SettingsError } from '../src/server/settings.ts';

const usage = `用法：
  npm run user -- create <用户名> --role <${roles.join('|')}> [--name 显示名] [--department 部门] [--password-stdin]
  npm run user -- client <客户端名称>
  npm run user -- rotate-key

不带 --password-stdin 时会打印一次性邀请链接，由本人设置密码。
rotate-key 换用新的证书签名密钥；旧公钥继续公布，已签发的证书照常可以核验。`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    department: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
}) as { values: { role?: string; name?: string; department?: string; 'password-stdin': boolean; help: boolean }; positionals: string[] };

const [command, subject] = positionals;
if (values.help || !command) {
  console.log(usage);
  process.exit(values.help ? 0 : 1);
}

let rt;
try {
  rt = await startRuntime(process.env);
} catch (error) {
  fail(error instanceof SettingsError ? error.message : String(error));
}

try {
  if (command === 'create') {
    const username = UsernameSchema.safeParse(subject ?? '');
    if (!username.success) fail(`用户名无效：${username.error.issues[0]!.message}\n\n${usage}`);
    if (!values.role || !(roles as readonly string[]).includes(values.role)) fail(`请用 --role 指定角色：${roles.join('、')}\n\n${usage}`);
    const password = values['password-stdin'] ? await readStdin() : undefined;
    const problem = password === undefined ? undefined : passwordProblem(password);
    if (problem) fail(problem);
    const { account, created } = await rt.accounts.upsertUser({
      username: username.data,
      displayName: values.name,
      department: values.department,
      roles: [values.role as Role],
    });
    await rt.accounts.audit(null, created ? 'account.create-cli' : 'account.update-cli', account.id);
    console.log(`${created ? '已创建' : '已更新'}账号 ${account.username}（${account.displayName}，角色：${account.roles.join(', ')}）。`);
    if (password !== undefined) {
      await rt.accounts.setPassword(account.id, password);
      console.log('密码已设置。');
    } else {
      const { token } = await rt.accounts.createInvite(account.id, null);
      console.log(`邀请链接（7 天内有效，只能使用一次）：\n${inviteUrl(rt.settings.publicOrigin, token)}`);
    }
  } else if (command === 'client') {
    const name = (subject ?? '').trim();
    if (!name) fail(`请给出客户端名称。\n\n${usage}`);
    const { client, secret } = await rt.accounts.createApiClient(name, null);
    await rt.accounts.audit(null, 'client.create-cli', client.id);
    console.log(`已创建 API 客户端“${name}”。以下信息只显示这一次，请立即保存：\nkey: ${client.key}\nsecret: ${secret}`);
  } else if (command === 'rotate-key') {
    try {
      const { previous, current } = await rt.signingKeys.rotate();
      await rt.accounts.audit(null, 'signing-key.rotate-cli', current);
      console.log(`已换用新的证书签名密钥 ${current}。旧密钥 ${previous} 的公钥继续公布，已签发的证书照常可以核验。`);
    } catch (error) {
      if (error instanceof ConfiguredKeyError) fail(error.message);
      throw error;
    }
  } else {
    fail(`未知的命令“${command}”。\n\n${usage}`);
  }
} finally {
  await rt.database.close();
}
