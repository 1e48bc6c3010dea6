import { liveQuery } from 'dexie';
import { createActor, fromPromise, type SnapshotFrom } from 'xstate';
import { profileActorKey, type AppDb, type LearnerProfile, type StoredStatement } from '../app-db';
import { deviceDb } from '../learner-session';
import { setUiText, uiString } from '../ui-text';
import type { UiKey } from '../../i18n/ui';
import { forgetAccount } from './attribution';
import { outboxCounts, refusalOf } from './outbox';
import { syncMachine } from './sync-machine';
import { runSync, type SyncOutcome } from './sync-run';

/** How often a page left open syncs on its own. */
const intervalMs = 60_000;
/** How long after a new statement the engine waits before sending it, so a burst goes in one batch. */
const settleMs = 2_000;

/**
 * Runs one sync at a time across every tab of the site: a tab waits for the `icrm-sync` Web Lock.
 * Browsers without Web Locks sync per tab, which stays correct (the server stores a re-send once).
 */
function withSyncLock(run: () => Promise<SyncOutcome>, signal: AbortSignal): Promise<SyncOutcome> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks?.request) return run();
  return locks.request('icrm-sync', { signal }, run) as unknown as Promise<SyncOutcome>;
}

interface DeviceState {
  profile?: LearnerProfile;
  pending: number;
  rejected: StoredStatement[];
}

async function readDeviceState(db: AppDb): Promise<DeviceState> {
  const profile = await db.profile.get('learner');
  if (!profile) return { pending: 0, rejected: [] };
  return { profile, ...(await outboxCounts(db, profileActorKey(profile))) };
}

/** Starts the page's sync engine and the header's 最近同步 indicator and account controls. */
export async function startSyncEngine(): Promise<void> {
  const db = await deviceDb();
  const actor = createActor(
    syncMachine.provide({
      actors: {
        runSync: fromPromise(({ signal }) => withSyncLock(() => runSync({ db, fetch: (...args) => fetch(...args), signal }), signal)),
      },
    }),
  );
  let device: DeviceState = { pending: 0, rejected: [] };
  const render = () => renderIndicator(actor.getSnapshot(), device);
  actor.subscribe(render);
  actor.start();

  let settle: ReturnType<typeof setTimeout> | undefined;
  liveQuery(() => readDeviceState(db)).subscribe((state) => {
    const grew = state.pending > device.pending;
    device = state;
    render();
    // A learner the server said is signed out has nothing to send until they sign in: no request per record.
    if (grew && navigator.onLine && actor.getSnapshot().context.signedIn !== false) {
      clearTimeout(settle);
      settle = setTimeout(() => actor.send({ type: 'sync.now' }), settleMs);
    }
  });

  window.addEventListener('online', () => actor.send({ type: 'sync.online' }));
  window.addEventListener('offline', () => actor.send({ type: 'sync.offline' }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) actor.send({ type: 'sync.now' });
  });
  setInterval(() => {
    if (navigator.onLine) actor.send({ type: 'sync.now' });
  }, intervalMs);
  document.getElementById('signout-button')?.addEventListener('click', () => void signOut(db, device));
  actor.send({ type: navigator.onLine ? 'sync.now' : 'sync.offline' });
}

function statusOf(snapshot: SnapshotFrom<typeof syncMachine>, device: DeviceState): { key: UiKey; values?: Record<string, string | number> } | undefined {
  const { failure, signedIn } = snapshot.context;
  if (snapshot.matches('offline')) return device.pending > 0 ? { key: 'sync.pending', values: { n: device.pending } } : { key: 'sync.offline' };
  if (snapshot.matches('backoff') && failure) {
    const reason =
      failure.kind === 'server'
        ? uiString('sync.reason.server', { status: failure.status })
        : uiString(failure.kind === 'storage' ? 'sync.reason.storage' : 'sync.reason.network');
    return { key: 'sync.failed', values: { reason } };
  }
  if (device.rejected.length > 0) {
    const why = uiString(`sync.rejected.${refusalOf(device.rejected[0]!.rejection)}`);
    return { key: 'sync.failed', values: { reason: uiString('sync.reason.rejected', { n: device.rejected.length, why }) } };
  }
  if (device.pending > 0) return { key: 'sync.pending', values: { n: device.pending } };
  if (signedIn) return { key: 'sync.synced' };
  return undefined;
}

function renderIndicator(snapshot: SnapshotFrom<typeof syncMachine>, device: DeviceState): void {
  const status = document.getElementById('sync-status');
  if (status) {
    const shown = statusOf(snapshot, device);
    status.hidden = !shown;
    status.dataset.syncState = String(snapshot.value);
    if (shown) setUiText(status, shown.key, shown.values);
    const at = snapshot.context.lastSyncedAt;
    if (at) status.title = uiString('sync.lastSynced', { time: new Date(at).toLocaleTimeString() });
  }
  // The profile names the account even offline; the server's word (signedIn) wins once it has answered.
  const account = snapshot.context.signedIn === false ? undefined : device.profile?.account;
  const signIn = document.getElementById('signin-link');
  const who = document.getElementById('account-name');
  const signOutButton = document.getElementById('signout-button');
  if (signIn) signIn.hidden = Boolean(account);
  if (who) {
    who.hidden = !account;
    if (account) setUiText(who, 'nav.signedInAs', { name: account.displayName ?? account.name });
  }
  if (signOutButton) signOutButton.hidden = !account;
}

/** Signs out, then leaves this device's copy of the record or deletes it, as the learner chooses. */
async function signOut(db: AppDb, device: DeviceState): Promise<void> {
  const keepCopy = confirm(uiString('sync.keepCopy'));
  const deleteCopy = !keepCopy && (device.pending === 0 || confirm(uiString('sync.confirmDelete', { n: device.pending })));
  try {
    const response = await fetch('/api/auth/signout', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`Sign-out answered ${response.status}`);
  } catch {
    alert(uiString('sync.signOutFailed'));
    return;
  }
  await forgetAccount(db, !deleteCopy);
  location.reload();
}
