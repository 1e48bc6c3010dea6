import { assign, fromPromise, setup } from 'xstate';
import type { SyncOutcome } from './sync-run';

export type SyncEvent = { type: 'sync.now' } | { type: 'sync.online' } | { type: 'sync.offline' };

/** Why the last sync failed, in terms the indicator can put in plain words. */
export type SyncFailure = { kind: 'network' } | { kind: 'server'; status: number } | { kind: 'storage' };

export interface SyncContext {
  /** Failed syncs in a row; sets the backoff delay. */
  attempt: number;
  failure?: SyncFailure;
  /** null until the first sync has asked the server. */
  signedIn: boolean | null;
  lastSyncedAt?: number;
  /** A wake-up came during a sync: sync once more when it ends, so nothing recorded meanwhile waits for the interval. */
  again: boolean;
}

const baseDelayMs = 2_000;
const maxDelayMs = 5 * 60_000;

/**
 * Exponential backoff with jitter: the n-th failure in a row waits between half and all of
 * 2 s × 2^(n-1), capped at five minutes, so devices that failed together do not retry together.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

function failureOf(error: unknown): SyncFailure {
  // By name: the machine stays free of the device database's code (StorageFullError lives with it).
  if ((error as Error)?.name === 'StorageFullError') return { kind: 'storage' };
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? { kind: 'server', status } : { kind: 'network' };
}

/**
 * The sync engine's states (DESIGN §6): idle → syncing → backoff (on failure, retried after a growing,
 * jittered delay) and offline (until the browser is online again). The I/O is the `runSync` actor,
 * provided by the page (or a test) by name.
 */
export const syncMachine = setup({
  types: { context: {} as SyncContext, events: {} as SyncEvent },
  actors: {
    runSync: fromPromise<SyncOutcome>(() => Promise.reject(new Error('runSync is provided by the page'))),
  },
  delays: {
    retryDelay: ({ context }) => backoffDelay(context.attempt),
  },
  guards: {
    syncAgain: ({ context }) => context.again,
  },
  actions: {
    noteOutcome: assign(({ event }) => {
      const outcome = (event as unknown as { output: SyncOutcome }).output;
      return outcome.kind === 'signedOut'
        ? { attempt: 0, failure: undefined, signedIn: false }
        : { attempt: 0, failure: undefined, signedIn: true, lastSyncedAt: Date.now() };
    }),
    noteFailure: assign(({ context, event }) => ({
      attempt: context.attempt + 1,
      failure: failureOf((event as unknown as { error: unknown }).error),
    })),
    wantAgain: assign({ again: true }),
    clearAgain: assign({ again: false }),
  },
}).createMachine({
  id: 'sync',
  initial: 'idle',
  context: { attempt: 0, signedIn: null, again: false },
  on: { 'sync.offline': '.offline' },
  states: {
    idle: {
      always: { guard: 'syncAgain', target: 'syncing' },
      on: { 'sync.now': 'syncing', 'sync.online': 'syncing' },
    },
    syncing: {
      entry: 'clearAgain',
      invoke: {
        src: 'runSync',
        onDone: { target: 'idle', actions: 'noteOutcome' },
        onError: { target: 'backoff', actions: 'noteFailure' },
      },
      on: { 'sync.now': { actions: 'wantAgain' }, 'sync.online': { actions: 'wantAgain' } },
    },
    backoff: {
      after: { retryDelay: 'syncing' },
      on: { 'sync.now': 'syncing', 'sync.online': 'syncing' },
    },
    offline: {
      on: { 'sync.online': 'syncing' },
    },
  },
});
