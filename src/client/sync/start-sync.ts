/**
 * Starts the sync engine when there is someone to sync for. A signed-out learner has nothing to send
 * (the server takes statements only from an account), so the page asks `/api/me` first and loads the
 * engine, with xstate, in its own chunk only when it answers 200: an anonymous lesson page stays within
 * its script budget. Signing in always lands on a new page, which asks again. Offline, the device's profile
 * says whether this learner signed in here before: then the engine starts too, to show the account and what waits.
 */
import { afterLoadWhenIdle } from '../when-idle';

let started = false;

async function signedInOnThisDevice(): Promise<boolean> {
  const { deviceDb } = await import('../learner-session');
  const profile = await (await deviceDb()).profile.get('learner');
  return Boolean(profile?.account);
}

async function startIfSignedIn(): Promise<void> {
  if (started) return;
  const signedIn = navigator.onLine
    ? await fetch('/api/me').then(
        // The body is read to its end so the connection is released.
        async (response) => (await response.text(), response.ok),
        () => false,
      )
    : await signedInOnThisDevice().catch(() => false);
  if (!signedIn || started) return;
  started = true;
  // Without sync the page still works and records on the device; the next page load tries again.
  import('./sync-engine')
    .then((engine) => engine.startSyncEngine())
    .catch((error: unknown) => console.warn('同步未能启动：', error));
}

afterLoadWhenIdle(() => void startIfSignedIn());
addEventListener('online', () => void startIfSignedIn());
