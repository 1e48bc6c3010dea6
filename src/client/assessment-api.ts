import type { AssessmentStatus, AttemptResult, AttemptView } from '../core/quiz/final-assessment';
import type { QuizResponse } from '../core/quiz/grading';

export type { AssessmentStatus, AttemptResult, AttemptView };

/** The server could not be reached: the device is offline or the server is down. */
export class OfflineError extends Error {}

/** The server refused: `status` and its message in plain words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers }, credentials: 'same-origin' });
  } catch {
    throw new OfflineError('offline');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(response.status, body.message ?? `HTTP ${response.status}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Reads where the learner stands. */
export const fetchAssessment = () => call<AssessmentStatus>('/api/assessment');
/** Starts an attempt or resumes the open one. */
export const startAttempt = () => call<AttemptView>('/api/assessment/attempts', { method: 'POST', body: '{}' });
/** Saves one answer. */
export const saveAnswer = (attempt: string, question: string, response: QuizResponse) =>
  call<void>(`/api/assessment/attempts/${encodeURIComponent(attempt)}/answers/${encodeURIComponent(question)}`, {
    method: 'PUT',
    body: JSON.stringify(response),
  });
/** Hands the attempt in for grading. */
export const submitAttempt = (attempt: string) =>
  call<AttemptResult>(`/api/assessment/attempts/${encodeURIComponent(attempt)}/submit`, { method: 'POST', body: '{}' });
