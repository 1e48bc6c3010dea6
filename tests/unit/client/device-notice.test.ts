import { IDBFactory, IDBKeyRange, IDBObjectStore as FDBObjectStore } from 'fake-indexeddb';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { DeviceNotice } from '../../../src/client/learner-session.ts';
import { appDbName } from '../../../src/client/app-db.ts';
import { testStatementFactory } from '../../support/statements.ts';

let notices: DeviceNotice[];

beforeEach(() => {
  notices = [];
  const events = new EventTarget();
  events.addEventListener('icrm:device-notice', (event) => notices.push((event as CustomEvent<DeviceNotice>).detail));
  vi.stubGlobal('window', events);
  // A fresh browser profile per test, for the raw reads of the rebuild and for Dexie alike.
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.stubGlobal('IDBKeyRange', IDBKeyRange);
  Object.assign(Dexie.dependencies, { indexedDB, IDBKeyRange });
  // deviceDb opens the database once per page: each test is a fresh page.
  vi.resetModules();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Leaves a database whose statements store no upgrade can re-key, as a broken build might. */
function createUnupgradableDb(): Promise<void> {
  const factory = testStatementFactory();
  const lesson = { id: 'shared-goals', title: '共同目标' };
  const [synced, unsynced] = [factory.lessonExperienced(lesson), factory.lessonCompleted(lesson, 0)];
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(appDbName, 10);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('statements', { autoIncrement: true });
      store.put({ id: synced.id, statement: synced, synced: 1, recordedAt: 1 });
      store.put({ id: unsynced.id, statement: unsynced, synced: 0, recordedAt: 2 });
      store.put({ statement: null });
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

describe('deviceDb', () => {
  test('tells the learner how many records a repair kept, how many of them wait to sync, and how many were set aside', async () => {
    await createUnupgradableDb();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { deviceDb } = await import('../../../src/client/learner-session.ts');
    (await deviceDb()).close();
    warn.mockRestore();
    expect(notices).toEqual([
      { key: 'status.repaired', values: { kept: 2, unsynced: 1 } },
      { key: 'status.setAside', values: { n: 1 } },
    ]);
  });

  test('tells the learner when the database cannot be read, and that it was kept', async () => {
    await createUnupgradableDb();
    const getAll = FDBObjectStore.prototype.getAll;
    FDBObjectStore.prototype.getAll = function () {
      throw new DOMException('The disk is damaged', 'UnknownError');
    };
    try {
      const { deviceDb } = await import('../../../src/client/learner-session.ts');
      await expect(deviceDb()).rejects.toMatchObject({ name: 'DeviceRecordUnreadableError' });
    } finally {
      FDBObjectStore.prototype.getAll = getAll;
    }
    expect(notices).toEqual([{ key: 'status.unreadable' }]);
  });

  test('says nothing when the database opens as it is', async () => {
    const { deviceDb } = await import('../../../src/client/learner-session.ts');
    (await deviceDb()).close();
    expect(notices).toEqual([]);
  });
});
