import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
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
import { openAppDb } from '../../../src/client/open-app-db.ts';
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
    expect(opened.rebuiltWith).toBeNull();
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

  test('repairs a database from a newer version and removes records that are not statements', async () => {
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
    expect(opened).toMatchObject({ rebuiltWith: null, removed: 1 });
    expect(await readStatements(opened.db)).toEqual(statements);
    await ensureLearnerProfile(opened.db, 'icrm');
    opened.db.close();
  });

  test('rebuilds a database whose layout cannot be upgraded, carrying over every readable statement', async () => {
    const statements = [factory.lessonExperienced(lesson), factory.lessonCompleted(lesson, 0)];
    // The statements store keyed differently: an upgrade cannot change a primary key.
    await createForeignDb('broken', 10, (raw) => {
      const store = raw.createObjectStore('statements', { autoIncrement: true });
      store.put({ id: statements[0]!.id, statement: statements[0], synced: 1, recordedAt: 1 });
      store.put({ id: statements[1]!.id, statement: statements[1], synced: 0, recordedAt: 2 });
      store.put({ statement: 'garbage' });
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opened = await openAppDb('broken', { indexedDB, IDBKeyRange });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('已用 2 条记录重建'));
    warn.mockRestore();
    expect(opened.rebuiltWith).toBe(2);
    expect(await readStatements(opened.db)).toEqual(statements);
    expect((await opened.db.statements.get(statements[0]!.id))?.synced).toBe(1);
    opened.db.close();
  });
});
