import type { Statement } from '../core/statements/xapi';
import { actorKeyOf, createAppDb, pending, rejected, synced, type AppDb, type LearnerProfile, type StoredStatement } from './app-db';

export interface OpenedAppDb {
  db: AppDb;
  /** How many statements were carried over when a broken database had to be rebuilt; null when it opened as it was. */
  rebuiltWith: number | null;
  /** How many unreadable records were removed from the log. */
  removed: number;
}

type Deps = { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange };

/**
 * Opens the device database. A database that cannot be opened as this version expects (written by a
 * newer or broken version, or corrupted) is rebuilt from its statement log rather than left broken:
 * every readable, valid statement and the learner profile are carried over; snapshots and caches are not,
 * as they can be remade.
 */
export async function openAppDb(name?: string, deps: Deps = {}): Promise<OpenedAppDb> {
  const db = createAppDb(name, deps);
  try {
    await db.open();
    return { db, rebuiltWith: null, removed: await removeUnreadableRecords(db) };
  } catch (error) {
    db.close();
    const idb = deps.indexedDB ?? globalThis.indexedDB;
    const salvaged = await salvageStatements(idb, db.name);
    const profile = await salvageProfile(idb, db.name);
    await deleteRaw(idb, db.name);
    const fresh = createAppDb(name, deps);
    await fresh.open();
    await fresh.statements.bulkPut(salvaged);
    if (profile) await fresh.profile.put(profile);
    console.warn(`学习记录数据库无法按当前版本打开（${(error as Error).name}），已用 ${salvaged.length} 条记录重建。`);
    return { db: fresh, rebuiltWith: salvaged.length, removed: 0 };
  }
}

/** Deletes records that are not statements (a damaged or foreign write), so every reader can trust the log. */
async function removeUnreadableRecords(db: AppDb): Promise<number> {
  const broken = (await db.statements.toArray()).filter((record) => !looksLikeStatement(record.statement));
  if (broken.length === 0) return 0;
  await db.statements.bulkDelete(broken.map((record) => record.id));
  console.warn(`学习记录中有 ${broken.length} 条无法读取的记录，已移除。`);
  return broken.length;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function deleteRaw(idb: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = idb.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve();
  });
}

/**
 * Checks the shape the reducer relies on. The full xAPI validator stays on the server: it would double
 * the JavaScript of every lesson page, and the server validates each statement again when it syncs.
 */
function looksLikeStatement(value: unknown): value is Statement {
  const s = value as Partial<Statement> | undefined;
  return (
    typeof s?.id === 'string' &&
    typeof s.timestamp === 'string' &&
    typeof s.actor === 'object' &&
    typeof s.verb?.id === 'string' &&
    typeof s.object?.id === 'string'
  );
}

/** Reads whatever statements a database of any version holds, without Dexie's schema expectations. */
async function salvageStatements(idb: IDBFactory, name: string): Promise<StoredStatement[]> {
  let raw: IDBDatabase;
  try {
    raw = await request(idb.open(name));
  } catch {
    return [];
  }
  try {
    if (!raw.objectStoreNames.contains('statements')) return [];
    const records = await request(raw.transaction('statements', 'readonly').objectStore('statements').getAll());
    return records.flatMap((record: Partial<StoredStatement> | undefined) => {
      const statement = record?.statement;
      if (!looksLikeStatement(statement)) return [];
      return [
        {
          id: statement.id,
          statement,
          synced: record?.synced === synced ? synced : record?.synced === rejected && record.rejection ? rejected : pending,
          recordedAt: typeof record?.recordedAt === 'number' ? record.recordedAt : Date.parse(statement.timestamp),
          actorKey: actorKeyOf(statement.actor),
          ...(record?.synced === rejected && record.rejection ? { rejection: record.rejection } : {}),
        } satisfies StoredStatement,
      ];
    });
  } catch {
    return [];
  } finally {
    raw.close();
  }
}

/** Reads the learner profile of a database of any version, so a rebuild keeps the device's identity and account. */
async function salvageProfile(idb: IDBFactory, name: string): Promise<LearnerProfile | undefined> {
  let raw: IDBDatabase;
  try {
    raw = await request(idb.open(name));
  } catch {
    return undefined;
  }
  try {
    if (!raw.objectStoreNames.contains('profile')) return undefined;
    const record = (await request(raw.transaction('profile', 'readonly').objectStore('profile').get('learner'))) as
      | Partial<LearnerProfile>
      | undefined;
    if (typeof record?.anonymousId !== 'string' || typeof record.registrations !== 'object' || !record.registrations) return undefined;
    return { ...record, key: 'learner' } as LearnerProfile;
  } catch {
    return undefined;
  } finally {
    raw.close();
  }
}
