import type { ParticipantView, PublicSessionState } from '../../core/classroom/live-wire';

/** The server could not be reached. */
export class OfflineError extends Error {}

/** The server refused: the status, its error code and its message in plain words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
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
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(response.status, body.error ?? 'error', body.message ?? `HTTP ${response.status}`);
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const sessionPath = (code: string) => `/api/classroom/sessions/${encodeURIComponent(code)}`;
const joinPath = (code: string) => `/api/classroom/join/${encodeURIComponent(code)}`;

/** Sends a facilitator's command with the version it was given on and an id that makes re-sending harmless. */
export const sendCommand = (code: string, command: { type: string; version: number; commandId: string } & Record<string, unknown>) =>
  call<{ state: PublicSessionState }>(`${sessionPath(code)}/commands`, { method: 'POST', body: JSON.stringify(command) });

/** Checks a participant in or out by hand. */
export const setPresence = (code: string, participantId: string, present: boolean) =>
  call<{ participant: ParticipantView }>(`${sessionPath(code)}/attendance`, { method: 'POST', body: JSON.stringify({ participantId, present }) });

/** Adds someone to the list by name or username, checked in. */
export const addPerson = (code: string, name: string) =>
  call<{ participant: ParticipantView }>(`${sessionPath(code)}/attendance`, { method: 'POST', body: JSON.stringify({ name }) });

/** What a phone knows of a session before joining: its title, its phase, and whether this phone joined already. */
export interface JoinStatus {
  code: string;
  title: string;
  status: string;
  signedInAs: string | null;
  me: { participant: { id: string; name: string } } | null;
}

export const fetchJoinStatus = (code: string) => call<JoinStatus>(joinPath(code));

/** Joins a session as the signed-in account, or as a guest with a name. */
export const joinSession = (input: { code: string; name?: string; employeeId?: string }) =>
  call<{ code: string; participant: { id: string; name: string } }>('/api/classroom/join', { method: 'POST', body: JSON.stringify(input) });

/** Saves this phone's answer or vote for a push. */
export const sendAnswer = (code: string, push: number, selected: string[]) =>
  call<void>(`${joinPath(code)}/answers/${push}`, { method: 'PUT', body: JSON.stringify({ selected }) });

/** The stream URLs of a session: the facilitator's, and a phone's. */
export const facilitatorStreamUrl = (code: string) => `${sessionPath(code)}/events`;
export const learnerStreamUrl = (code: string) => `${joinPath(code)}/events`;
