import type { APIContext } from 'astro';
import { loadCourses } from '../../server/course-content.ts';
import { HttpError } from '../../server/http.ts';
import { runtime } from '../../server/runtime.ts';
import {
  asHttpError,
  checkVersionHeader,
  getStatements,
  postStatements,
  putStatement,
  xapiError,
} from '../../server/xapi/statement-resource.ts';

export const prerender = false;

/** Runs a statement-resource handler with the version check and xAPI's error answers. */
async function handle(context: APIContext, run: () => Promise<Response>): Promise<Response> {
  try {
    checkVersionHeader(context.request);
    return await run();
  } catch (caught) {
    const error = asHttpError(caught);
    if (error instanceof HttpError) return xapiError(error.status, error.code, error.message, error.headers);
    throw error;
  }
}

/** Folds stored statements into the progress rows of the course (one course today). */
async function progressUpdater() {
  const [content] = await loadCourses();
  return (await runtime()).progress.updater(content!.progressModel);
}

export async function POST(context: APIContext) {
  return handle(context, async () => postStatements(await runtime(), context.locals.identity, context.request, await progressUpdater()));
}

export async function PUT(context: APIContext) {
  return handle(context, async () => putStatement(await runtime(), context.locals.identity, context.request, context.url, await progressUpdater()));
}

export async function GET(context: APIContext) {
  return handle(context, async () => getStatements(await runtime(), context.locals.identity, context.request, context.url));
}

export async function HEAD(context: APIContext) {
  const response = await GET(context);
  return new Response(null, { status: response.status, headers: response.headers });
}
