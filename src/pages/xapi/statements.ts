import type { APIContext } from 'astro';
import { loadCourses } from '../../server/course-content.ts';
import { HttpError } from '../../server/http.ts';
import { issueAfterCommit, watchFoldedActors } from '../../server/certificates/issue-on-completion.ts';
import { runtime, type Runtime } from '../../server/runtime.ts';
import type { AfterInsert } from '../../server/xapi/statement-store.ts';
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

/**
 * Stores statements, folding them into the progress rows of the course (one course today) in the same transaction,
 * then issues the certificates the batch made due.
 */
async function storeAndCertify(store: (rt: Runtime, afterInsert: AfterInsert) => Promise<Response>): Promise<Response> {
  const [content] = await loadCourses();
  const rt = await runtime();
  const watch = watchFoldedActors(rt.progress.updater(content!.progressModel));
  const response = await store(rt, watch.afterInsert);
  const { course, contentVersion } = content!;
  await issueAfterCommit(rt.certificates, { id: course.id, title: course.title, contentVersion }, watch.actors);
  return response;
}

export async function POST(context: APIContext) {
  return handle(context, () => storeAndCertify((rt, afterInsert) => postStatements(rt, context.locals.identity, context.request, afterInsert)));
}

export async function PUT(context: APIContext) {
  return handle(context, () => storeAndCertify((rt, afterInsert) => putStatement(rt, context.locals.identity, context.request, context.url, afterInsert)));
}

export async function GET(context: APIContext) {
  return handle(context, async () => getStatements(await runtime(), context.locals.identity, context.request, context.url));
}

export async function HEAD(context: APIContext) {
  const response = await GET(context);
  return new Response(null, { status: response.status, headers: response.headers });
}
