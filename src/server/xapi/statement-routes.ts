import { loadCourses } from '../course-content.ts';
import { HttpError } from '../http.ts';
import { issueAfterCommit, watchFoldedActors } from '../certificates/issue-on-completion.ts';
import type { Identity } from '../identity.ts';
import { runtime, type Runtime } from '../runtime.ts';
import type { AfterInsert } from './statement-store.ts';
import { asHttpError, checkVersionHeader, getStatements, postStatements, putStatement, xapiError } from './statement-resource.ts';

/** Runs a statement-resource handler with the version check and xAPI's error answers. */
async function handle(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    checkVersionHeader(request);
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

/** /xapi/statements: the Astro route and the server entry's direct path for writes both answer through here. */
export function statementsResource(method: string, request: Request, url: URL, identity: Identity): Promise<Response> {
  switch (method) {
    case 'POST':
      return handle(request, () => storeAndCertify((rt, afterInsert) => postStatements(rt, identity, request, afterInsert)));
    case 'PUT':
      return handle(request, () => storeAndCertify((rt, afterInsert) => putStatement(rt, identity, request, url, afterInsert)));
    default:
      return handle(request, async () => getStatements(await runtime(), identity, request, url));
  }
}
