import { IDBFactory, IDBKeyRange, IDBObjectStore as FDBObjectStore } from 'fake-indexeddb';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createAppDb, type AppDb } from '../../../src/client/app-db.ts';
import {
  actorOf,
  ensureLearnerProfile,
  readStatements,
  recordStatements,
  StorageFullError,
} from '../../../src/client/learning-record.ts';
import { DeviceRecordUnreadableError, openAppDb, setAsideKey } from '../../../src/client/open-app-db.ts';
import { outboxBatch } from '../../../src/client/sync/outbox.ts';
import { testStatementFactory } from '../../support/statements.ts';

let indexedDB: IDBFactory;
let db: AppDb;
const factory = testStatementFactory();
const lesson = { id: 'shared-goals', title: '共同目标' };

beforeEach(async () => {
  // A fresh IndexedDB per test, as a fresh browser profile would be.
  indexedDB = new IDBFactory();
  db = createAppDb('test', { indexedDB, IDBKeyRange });
  await db.open();
});
afterEach(() => db.close());

describe('recordStatements', () => {
  test('stores statements at once as unsynced, and reads them back in recording order', async () => {
    const first = factory.lessonExperienced(lesson);
    const second = factory.lessonCompleted(lesson, 0);
    await recordStatements(db, [first], 1000);
    await recordStatements(db, [second], 2000);
    expect(await readStatements(db)).toEqual([first, second]);
    expect((await db.statements.where('synced').equals(0).count())).toBe(2);
  });

  test('stores a statement recorded twice once and keeps its synced flag', async () => {
    const statement = factory.lessonExperienced(lesson);
    await recordStatements(db, [statement]);
    await db.statements.update(statement.id, { synced: 1 });
    await recordStatements(db, [statement, statement]);
    expect(await db.statements.count()).toBe(1);
    expect((await db.statements.get(statement.id))?.synced).toBe(1);
  });

  test('lets two tabs record the same statement without storing it twice', async () => {
    const otherTab = createAppDb('test', { indexedDB, IDBKeyRange });
    const statement = factory.lessonExperienced(lesson);
    await Promise.all([recordStatements(db, [statement]), recordStatements(otherTab, [statement])]);
    expect(await db.statements.count()).toBe(1);
    otherTab.close();
  });

  test('turns a full disk into StorageFullError and loses nothing stored before', async () => {
    const kept = factory.lessonExperienced(lesson);
    await recordStatements(db, [kept]);
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const spy = vi.spyOn(db.statements, 'bulkAdd').mockRejectedValueOnce(new Dexie.QuotaExceededError(quota as never));
    await expect(recordStatements(db, [factory.lessonCompleted(lesson, 0)])).rejects.toBeInstanceOf(StorageFullError);
    spy.mockRestore();
    expect(await readStatements(db)).toEqual([kept]);
  });
});

describe('ensureLearnerProfile', () => {
  test('creates one anonymous id per device and one registration per course, stable across calls', async () => {
    const first = await ensureLearnerProfile(db, 'icrm');
    const again = await ensureLearnerProfile(db, 'icrm');
    const other = await ensureLearnerProfile(db, 'another-course');
    expect(again).toEqual(first);
    expect(other.anonymousId).toBe(first.anonymousId);
    expect(other.registrations.icrm).toBe(first.registrations.icrm);
    expect(other.registrations['another-course']).not.toBe(first.registrations.icrm);
  });

  test('attributes statements to the anonymous device id until an account is known', async () => {
    const profile = await ensureLearnerProfile(db, 'icrm');
    expect(actorOf(profile, 'https://learn.example.com')).toEqual({
      objectType: 'Agent',
      account: { homePage: 'https://learn.example.com/xapi/anonymous', name: profile.anonymousId },
    });
    const signedIn = { ...profile, account: { homePage: 'https://learn.example.com', name: 'E1001', displayName: '王芳' } };
    expect(actorOf(signedIn, 'https://learn.example.com')).toEqual({
      objectType: 'Agent',
      name: '王芳',
      account: { homePage: 'https://learn.example.com', name: 'E1001' },
    });
  });
});

describe('openAppDb', () => {
  test('opens a healthy database as it is', async () => {
    db.close();
    const opened = await openAppDb('test', { indexedDB, IDBKeyRange });
    expect(opened).toMatchObject({ rebuiltWith: null, setAside: 0 });
    opened.db.close();
  });

  /** Creates a database the way an older, newer or broken build might have left it. */
  function createForeignDb(name: string, version: number, build: (db: IDBDatabase) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(name, version);
      request.onupgradeneeded = () => build(request.result);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
  }

  /** Reads every record of a store without Dexie, as evidence independent of the code under test. */
  function rawRecords(name: string, store: string): Promise<{ version: number; records: unknown[] }> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const raw = request.result;
        const read = raw.transaction(store).objectStore(store).getAll();
        read.onsuccess = () => {
          raw.close();
          resolve({ version: raw.version, records: read.result });
        };
        read.onerror = () => reject(read.error);
      };
    });
  }

  const profile = { key: 'learner', anonymousId: 'anon-7', registrations: { icrm: 'r-7' } };

  /** A database whose statements store is keyed differently: Dexie cannot upgrade a primary key, so it must be rebuilt. */
  async function createUnupgradableDb(name: string) {
    const statements = [factory.lessonExperienced(lesson), factory.lessonCompleted(lesson, 0), factory.lessonExperienced(lesson)];
    await createForeignDb(name, 10, (raw) => {
      const store = raw.createObjectStore('statements', { autoIncrement: true });
      store.put({ id: statements[0]!.id, statement: statements[0], synced: 1, recordedAt: 1 });
      store.put({ id: statements[1]!.id, statement: statements[1], synced: 0, recordedAt: 2 });
      store.put({ id: statements[2]!.id, statement: statements[2], synced: 2, recordedAt: 3, rejection: { status: 400, message: 'bad', at: 4 } });
      store.put({ statement: 'garbage', synced: 0 });
      raw.createObjectStore('profile', { keyPath: 'key' }).put(profile);
      raw.createObjectStore('scenarioSnapshots', { keyPath: 'scenarioId' }).put({ scenarioId: 'tiny', snapshot: { revision: 'r1' }, updatedAt: 5 });
    });
    return statements;
  }

  test('sets aside records that are not statements instead of deleting them, and opens a newer version as it is', async () => {
    const statements = [factory.lessonExperienced(lesson), factory.lessonCompleted(lesson, 0)];
    await createForeignDb('newer', 999, (raw) => {
      const store = raw.createObjectStore('statements', { keyPath: 'id' });
      store.put({ id: statements[0]!.id, statement: statements[0], synced: 1, recordedAt: 1 });
      store.put({ id: statements[1]!.id, statement: statements[1], synced: 0, recordedAt: 2 });
      store.put({ id: 'junk', statement: { nonsense: true }, synced: 0, recordedAt: 3 });
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opened = await openAppDb('newer', { indexedDB, IDBKeyRange });
    warn.mockRestore();
    expect(opened).toMatchObject({ rebuiltWith: null, setAside: 1 });
    expect(await readStatements(opened.db)).toEqual(statements);
    expect((await opened.db.meta.get(setAsideKey))?.value).toEqual([{ id: 'junk', statement: { nonsense: true }, synced: 0, recordedAt: 3 }]);
    await ensureLearnerProfile(opened.db, 'icrm');
    opened.db.close();
  });

  test('rebuilds a database whose layout cannot be upgraded in place, keeping every statement with its state, the profile and role-plays', async () => {
    const statements = await createUnupgradableDb('broken');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opened = await openAppDb('broken', { indexedDB, IDBKeyRange });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('保留 3 条记录'));
    warn.mockRestore();
    expect(opened).toMatchObject({ rebuiltWith: 3, unsynced: 1, setAside: 1 });
    const rows = await opened.db.statements.orderBy('recordedAt').toArray();
    expect(rows.map((row) => [row.id, row.synced, row.rejection?.message])).toEqual([
      [statements[0]!.id, 1, undefined],
      [statements[1]!.id, 0, undefined],
      [statements[2]!.id, 2, 'bad'],
    ]);
    expect(await opened.db.profile.get('learner')).toEqual(profile);
    expect((await opened.db.scenarioSnapshots.get('tiny'))?.snapshot).toEqual({ revision: 'r1' });
    expect((await opened.db.meta.get(setAsideKey))?.value).toEqual([{ statement: 'garbage', synced: 0 }]);
    // The unsynced statement is in the outbox again, under the learner it belongs to.
    expect((await outboxBatch(opened.db, 'account:u-1', 50)).map((row) => row.id)).toEqual([statements[1]!.id]);
    opened.db.close();
  });

  test('leaves a database it cannot read exactly as it was, and says so', async () => {
    await createUnupgradableDb('unreadable');
    const before = await rawRecords('unreadable', 'statements');
    const getAll = FDBObjectStore.prototype.getAll;
    FDBObjectStore.prototype.getAll = function () {
      throw new DOMException('The disk is damaged', 'UnknownError');
    };
    try {
      await expect(openAppDb('unreadable', { indexedDB, IDBKeyRange })).rejects.toBeInstanceOf(DeviceRecordUnreadableError);
    } finally {
      FDBObjectStore.prototype.getAll = getAll;
    }
    expect(await rawRecords('unreadable', 'statements')).toEqual(before);
    expect((await rawRecords('unreadable', 'profile')).records).toEqual([profile]);
  });

  test('leaves the old database whole when a rebuild fails halfway, after its stores were dropped', async () => {
    await createUnupgradableDb('halfway');
    const before = await rawRecords('halfway', 'statements');
    const createIndex = FDBObjectStore.prototype.createIndex;
    FDBObjectStore.prototype.createIndex = function () {
      throw new DOMException('Out of space', 'QuotaExceededError');
    };
    try {
      await expect(openAppDb('halfway', { indexedDB, IDBKeyRange })).rejects.toBeInstanceOf(DeviceRecordUnreadableError);
    } finally {
      FDBObjectStore.prototype.createIndex = createIndex;
    }
    expect(await rawRecords('halfway', 'statements')).toEqual(before);
    expect(before.records).toHaveLength(4);
    expect((await rawRecords('halfway', 'profile')).records).toEqual([profile]);

    // Once the fault is gone, the next start rebuilds it.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opened = await openAppDb('halfway', { indexedDB, IDBKeyRange });
    warn.mockRestore();
    expect(opened).toMatchObject({ rebuiltWith: 3, unsynced: 1 });
    opened.db.close();
  });
});
