import type { LearnerReport } from '../core/progress/learner-report';

export type { LearnerReport };

/** What the server said about the learner's report: the report, that nobody is signed in, or that it could not answer. */
export type ServerReport =
  | { kind: 'ready'; body: LearnerReport }
  | { kind: 'signed-out' }
  /** `status` is absent when the server could not be reached at all. */
  | { kind: 'failed'; status?: number };

/** Asks the server for the signed-in learner's completion report (`GET /api/me/report`). */
export async function fetchMyReport(signal?: AbortSignal): Promise<ServerReport> {
  let response: Response;
  try {
    response = await fetch('/api/me/report', { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
  } catch {
    return { kind: 'failed' };
  }
  if (!response.ok) {
    // The body is read to its end so the connection is released.
    await response.text().catch(() => '');
    return response.status === 401 ? { kind: 'signed-out' } : { kind: 'failed', status: response.status };
  }
  return { kind: 'ready', body: (await response.json()) as LearnerReport };
}
