import type { AstroCookies } from 'astro';
import type { Account, ApiClient } from './accounts/accounts.ts';
import { hasRole, type Role } from './accounts/roles.ts';
import { HttpError } from './http.ts';
import type { Runtime } from './runtime.ts';

export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'account'; account: Account; via: 'session' | 'basic' }
  | { kind: 'client'; client: ApiClient };

export const SESSION_COOKIE = 'icrm_session';

/** The session cookie as Astro's cookies or the server entry's own reading of the Cookie header give it. */
export type CookieReader = Pick<AstroCookies, 'get'> | { get(name: string): { value: string } | undefined };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request comes from a page of this site: a browser always names the origin of a cross-site post. */
function sameOrigin(request: Request, publicOrigin: string): boolean {
  const origin = request.headers.get('origin');
  if (origin) {
    if (origin === publicOrigin) return true;
    // The host the browser addressed (e.g. a LAN address of the same server) also counts as this site.
    return URL.canParse(origin) && new URL(origin).host === request.headers.get('host');
  }
  const site = request.headers.get('sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}

/** Refuses a cross-site mutation (403), then works out who is asking: every request passes here first. */
export async function admitRequest(request: Request, cookies: CookieReader, runtime: Runtime): Promise<Identity> {
  if (!SAFE_METHODS.has(request.method) && !sameOrigin(request, runtime.settings.publicOrigin)) {
    throw new HttpError(403, 'cross_origin', '拒绝来自其他网站的请求。');
  }
  return resolveIdentity(request, cookies, runtime);
}

/** Works out who sent a request: a session cookie, or HTTP Basic credentials of an API client or an account. */
async function resolveIdentity(request: Request, cookies: CookieReader, runtime: Runtime): Promise<Identity> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized('只支持 HTTP Basic 认证。');
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw unauthorized('认证信息格式应为 key:secret。');
    const [name, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const client = name.startsWith('icrm_') ? await runtime.accounts.checkApiClient(name, secret) : undefined;
    if (client) return { kind: 'client', client };
    const account = client ? undefined : await runtime.accounts.checkPassword(name, secret);
    if (account) return { kind: 'account', account, via: 'basic' };
    throw unauthorized('用户名或密码（或 API 密钥）不正确。');
  }
  const token = cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const account = await runtime.accounts.accountForSession(token);
    if (account) return { kind: 'account', account, via: 'session' };
  }
  return { kind: 'anonymous' };
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Basic realm="icrm", charset="UTF-8"' });
}

/** The signed-in account, or a 401 that tells the person to sign in. */
export function requireAccount(identity: Identity): Account {
  if (identity.kind !== 'account') throw new HttpError(401, 'unauthorized', '请先登录。');
  return identity.account;
}

/** The signed-in account holding `role` (an admin holds every role), or 401/403. */
export function requireRole(identity: Identity, role: Role): Account {
  const account = requireAccount(identity);
  if (!hasRole(account.roles, role)) throw new HttpError(403, 'forbidden', '你的账号没有执行这项操作的权限。');
  return account;
}
