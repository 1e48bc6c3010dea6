import type { AstroCookies } from 'astro';
import { SESSION_COOKIE } from '../identity.ts';
import type { Runtime } from '../runtime.ts';
import type { Account } from './accounts.ts';

export type SignInOutcome =
  | { ok: true; account: Account }
  | { ok: false; status: 401; message: string }
  | { ok: false; status: 429; message: string; retryAfter: number };

/** Checks a name and password under the rate limits; on success opens a session and sets its cookie. */
export async function signIn(
  runtime: Runtime,
  cookies: AstroCookies,
  input: { username: string; password: string; address: string },
): Promise<SignInOutcome> {
  const subjects = { username: input.username.trim(), address: input.address };
  const wait = await runtime.signInLimiter.retryAfterSeconds(subjects);
  if (wait > 0) {
    return { ok: false, status: 429, retryAfter: wait, message: `登录失败次数过多，请在 ${formatWait(wait)}后再试。` };
  }
  const account = await runtime.accounts.checkPassword(subjects.username, input.password);
  if (!account) {
    await runtime.signInLimiter.recordFailure(subjects);
    // One message for a wrong name and a wrong password: it must not tell which names exist.
    return { ok: false, status: 401, message: '用户名或密码不正确，或账号已停用。' };
  }
  await runtime.signInLimiter.recordSuccess(subjects);
  await startSession(runtime, cookies, account);
  return { ok: true, account };
}

/** Opens a session for an account and sets its HttpOnly cookie. */
export async function startSession(runtime: Runtime, cookies: AstroCookies, account: Account): Promise<void> {
  const { token, expiresAt } = await runtime.accounts.createSession(account.id);
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: runtime.settings.publicOrigin.startsWith('https:'),
    path: '/',
    expires: new Date(expiresAt),
  });
}

/** Ends the session of the cookie, on the server as well as in the browser. */
export async function signOut(runtime: Runtime, cookies: AstroCookies): Promise<void> {
  const token = cookies.get(SESSION_COOKIE)?.value;
  if (token) await runtime.accounts.revokeSession(token);
  cookies.delete(SESSION_COOKIE, { path: '/' });
}

function formatWait(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

/** A local path to return to after signing in; anything else (another site, `//host`) falls back to `/`. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** The client address for rate limiting: the socket's, which a header cannot forge. */
export function clientAddress(getAddress: () => string): string {
  try {
    return getAddress();
  } catch {
    return 'unknown';
  }
}
