import { z } from 'zod';
import { agentIdentityKey } from '../../core/xapi/agent-identity.ts';
import type { XapiAgent } from '../../core/xapi/types.ts';
import { HttpError } from '../http.ts';
import { actorOf } from '../me.ts';
import type { Runtime } from '../runtime.ts';
import type { Account } from './accounts.ts';
import { ClassroomStore } from '../classroom/classroom-store.ts';
import { roles, type Role } from './roles.ts';

export const UsernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{2,64}$/, '用户名应为 2–64 个字母、数字或 . _ -');

const CreateUserSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1, '请填写姓名').max(40, '姓名最多 40 个字符'),
  department: z.string().trim().max(40, '部门最多 40 个字符').optional(),
  role: z.enum(roles, { errorMap: () => ({ message: '请选择一个角色' }) }),
});

/** The outcome an admin page shows after an action: a notice, a one-time secret, or nothing. */
export interface AdminNotice {
  message: string;
  secret?: string;
}

/** The link a new user opens to set a first password. */
export function inviteUrl(publicOrigin: string, token: string): string {
  return `${publicOrigin}/invite/${token}/`;
}

/** Carries out one action of the admin page, recording it in the audit log. */
export async function runAdminAction(rt: Runtime, admin: Account, form: FormData): Promise<AdminNotice> {
  const action = String(form.get('action') ?? '');
  const { accounts, settings } = rt;
  const target = async () => {
    const user = await accounts.findById(String(form.get('userId') ?? ''));
    if (!user) throw new HttpError(404, 'not_found', '找不到这个账号。');
    return user;
  };
  switch (action) {
    case 'create-user': {
      const parsed = CreateUserSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new HttpError(400, 'invalid_body', parsed.error.issues[0]!.message);
      if (await accounts.findByUsername(parsed.data.username)) throw new HttpError(409, 'exists', `用户名 ${parsed.data.username} 已被使用。`);
      const { account } = await accounts.upsertUser({
        username: parsed.data.username,
        displayName: parsed.data.displayName,
        department: parsed.data.department || null,
        roles: [parsed.data.role as Role],
      });
      const { token } = await accounts.createInvite(account.id, admin.id);
      await accounts.audit(admin.id, 'account.create', account.id);
      return { message: `已创建账号 ${account.username}。请把邀请链接发给本人：`, secret: inviteUrl(settings.publicOrigin, token) };
    }
    case 'invite': {
      const user = await target();
      const { token } = await accounts.createInvite(user.id, admin.id);
      await accounts.audit(admin.id, 'account.invite', user.id);
      return { message: `${user.displayName}（${user.username}）的邀请链接（7 天内有效，只能使用一次）：`, secret: inviteUrl(settings.publicOrigin, token) };
    }
    case 'disable':
    case 'enable': {
      const user = await target();
      if (user.id === admin.id) throw new HttpError(400, 'self', '不能停用自己的账号。');
      await accounts.setDisabled(user.id, action === 'disable');
      await accounts.audit(admin.id, `account.${action}`, user.id);
      return { message: action === 'disable' ? `已停用 ${user.username}，其登录会话已全部失效。` : `已启用 ${user.username}。` };
    }
    case 'delete-data': {
      const user = await target();
      if (user.id === admin.id) throw new HttpError(400, 'self', '不能删除自己的账号。');
      const removed = await deleteLearnerData(rt, user, admin);
      return { message: `已删除 ${user.username} 的账号和 ${removed} 条学习记录。操作记录中只保留了时间和执行人。` };
    }
    case 'create-client': {
      const name = String(form.get('name') ?? '').trim();
      if (!name || name.length > 60) throw new HttpError(400, 'invalid_body', '请填写 1–60 个字符的客户端名称。');
      const { client, secret } = await accounts.createApiClient(name, admin.id);
      await accounts.audit(admin.id, 'client.create', client.id);
      return { message: `已创建 API 客户端“${name}”。密钥 ID：${client.key}。请立即保存密钥，它只显示这一次：`, secret };
    }
    case 'disable-client': {
      const id = String(form.get('clientId') ?? '');
      await accounts.setApiClientDisabled(id, true);
      await accounts.audit(admin.id, 'client.disable', id);
      return { message: '已停用该 API 客户端。' };
    }
    default:
      throw new HttpError(400, 'unknown_action', '未知的操作。');
  }
}

/** Erases one person's records on request: statements, sessions, invites and the account; the audit keeps who and when. */
export async function deleteLearnerData(rt: Runtime, user: Account, admin: Account): Promise<number> {
  const actorKey = agentIdentityKey(actorOf(user, rt.settings.publicOrigin) as XapiAgent) ?? '';
  const removed = await rt.statements.deleteByActor(actorKey);
  await new ClassroomStore(rt.database.db, rt.database.kind).eraseUser(user.id);
  await rt.database.db.deleteFrom('users').where('id', '=', user.id).execute();
  await rt.accounts.audit(admin.id, 'account.erase-personal-data', user.id);
  return removed;
}
