import type { APIContext } from 'astro';
import { HttpError, jsonOk, readBody } from '../../../../../server/http.ts';
import { hrServices } from '../../../../../server/hr/services.ts';
import { requireRole } from '../../../../../server/identity.ts';
import { runtime } from '../../../../../server/runtime.ts';

export const prerender = false;

/** A roster of 100,000 people is about 8 MB; this leaves room for long names and addresses. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** POST /api/hr/roster/imports?name=<file name>: the CSV file as the body; 202 with the job, which is then polled. */
export async function POST({ locals, request, url }: APIContext) {
  const account = requireRole(locals.identity, 'hr');
  const bytes = await readBody(request, MAX_FILE_BYTES);
  if (bytes.byteLength === 0) throw new HttpError(400, 'empty_file', '文件是空的。');
  const job = await hrServices(await runtime()).roster.start(account, url.searchParams.get('name') || 'roster.csv', bytes);
  return jsonOk(job, { status: 202, headers: { Location: `/api/hr/roster/imports/${job.id}` } });
}
