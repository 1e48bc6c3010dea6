import { defineMiddleware } from 'astro:middleware';
import { HttpError, unexpectedFailure } from './server/http.ts';
import { admitRequest } from './server/identity.ts';
import { runtime } from './server/runtime.ts';
import { baseContentSecurityPolicy } from './server/security-headers.ts';

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
    context.locals.identity = await admitRequest(request, context.cookies, rt);
    const response = await next();
    if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
    withBasePolicy(response);
    return response;
  } catch (error) {
    if (error instanceof HttpError) {
      return isApi(url) ? error.toResponse() : new Response(error.message, { status: error.status, headers: error.headers });
    }
    return unexpectedFailure(error, request.method, url.pathname);
  }
});
