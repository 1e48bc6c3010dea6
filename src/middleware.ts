import { defineMiddleware } from 'astro:middleware';
import { isDatabaseUnavailable } from './server/db/database.ts';
import { HttpError, jsonError } from './server/http.ts';
import { resolveIdentity } from './server/identity.ts';
import { runtime } from './server/runtime.ts';
import { baseContentSecurityPolicy } from './server/security-headers.ts';

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

/** Adds the directives only a header can carry to the hashed policy Astro sets on server-rendered pages. */
function withBasePolicy(response: Response): void {
  const policy = response.headers.get('content-security-policy');
  if (policy && !policy.includes('frame-ancestors')) {
    response.headers.set('content-security-policy', `${policy.replace(/;?\s*$/, '')}; ${baseContentSecurityPolicy}`);
  }
}

function isApi(url: URL): boolean {
  return url.pathname.startsWith('/api/') || url.pathname.startsWith('/xapi/');
}

/** Resolves who is asking, refuses cross-site mutations, and turns every failure into a clear answer without a stack. */
export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  const { request, url } = context;
  try {
    const rt = await runtime();
    if (!SAFE_METHODS.has(request.method) && !sameOrigin(request, rt.settings.publicOrigin)) {
      return jsonError(403, 'cross_origin', '拒绝来自其他网站的请求。');
    }
    context.locals.identity = await resolveIdentity(request, context.cookies, rt);
    const response = await next();
    if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
    withBasePolicy(response);
    return response;
  } catch (error) {
    if (error instanceof HttpError) {
      return isApi(url) ? error.toResponse() : new Response(error.message, { status: error.status, headers: error.headers });
    }
    if (isDatabaseUnavailable(error)) {
      // The pool reconnects by itself once the database is back: the client only has to send again.
      console.warn(`处理 ${request.method} ${url.pathname} 时数据库无法连接：`, (error as Error).message);
      return jsonError(503, 'database_unavailable', '数据库暂时无法连接，请稍后再试。', { 'Retry-After': '5' });
    }
    console.error(`处理 ${request.method} ${url.pathname} 时出错：`, error);
    return jsonError(500, 'internal_error', '服务器内部错误，请稍后再试。');
  }
});
