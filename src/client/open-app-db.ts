import type { Statement } from '../core/statements/xapi';
import { actorKeyOf, createAppDb, pending, rejected, synced, type AppDb, type LearnerProfile, type StoredStatement } from './app-db';

export interface OpenedAppDb {
  db: AppDb;
  /** How many statements a database that had to be rebuilt was given back; null when it opened as it was. */
  rebuiltWith: number | null;
  /** Of those, how many had not reached the server yet (they are sent as usual). */
  unsynced: number;
  /** How many unreadable records were moved out of the log into `meta` (under `setAsideKey`), never deleted. */
  setAside: number;
}

/** The `meta` record that keeps log records no reader can use, so that nothing the learner recorded is ever deleted. */
export const setAsideKey = 'unreadable-records';

/**
 * The device database could not be read at all (a damaged disk, a browser that cannot open it): it is left exactly as
 * it was, so a later start or the browser's own repair may still recover it, and nothing can be recorded meanwhile.
 */
export class DeviceRecordUnreadableError extends Error {
  constructor(cause: unknown) {
    super('The device database could not be read; it was left as it is', { cause });
    this.name = 'DeviceRecordUnreadableError';
  }
}

type Deps = { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange };

/**
 * Opens the device database. One that cannot be opened as this version expects (written by a newer or broken
 * version, or damaged) is rebuilt in place, in the one transaction of an IndexedDB version change: every readable
 * statement (with its synced or refused state), the learner profile and the role-play snapshots are carried over, and
 * records that are not statements are set aside, so a closed tab or a failure halfway leaves the old database whole.
 * One that cannot even be read is left untouched (`DeviceRecordUnreadableError`).
 */
export async function openAppDb(name?: string, deps: Deps = {}): Promise<OpenedAppDb> {
  const db = createAppDb(name, deps);
  try {
    await db.open();
    return { db, rebuiltWith: null, unsynced: 0, setAside: await setAsideUnreadableRecords(db) };
  } catch (error) {
    db.close();
    let carried: Carried;
    try {
      carried = await rebuildInPlace(deps.indexedDB ?? globalThis.indexedDB, db);
    } catch (cause) {
      throw new DeviceRecordUnreadableError(cause);
    }
    const fresh = createAppDb(name, deps);
    await fresh.open();
    console.warn(`学习记录数据库无法按当前版本打开（${(error as Error).name}），已原地重建，保留 ${carried.kept} 条记录。`);
    return { db: fresh, rebuiltWith: carried.kept, unsynced: carried.unsynced, setAside: carried.setAside };
  }
}

/** Moves records that are not statements (a damaged or foreign write) out of the log, so every reader can trust it. */
async function setAsideUnreadableRecords(db: AppDb): Promise<number> {
  const broken = (await db.statements.toArray()).filter((record) => !looksLikeStatement(record.statement));
  if (broken.length === 0) return 0;
  await db.transaction('rw', db.statements, db.meta, async () => {
    const before = (await db.meta.get(setAsideKey))?.value;
    await db.meta.put({ key: setAsideKey, value: [...(Array.isArray(before) ? before : []), ...broken] });
    await db.statements.bulkDelete(broken.map((record) => record.id));
  });
  console.warn(`学习记录中有 ${broken.length} 条无法读取的记录，已另行保存。`);
  return broken.length;
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

interface Carried {
  kept: number;
  unsynced: number;
  setAside: number;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Reads a statement-log record of any version as this version stores it, or null if it holds no usable statement. */
function storedStatement(record: Partial<StoredStatement> | undefined): StoredStatement | null {
  const statement = record?.statement;
  if (!looksLikeStatement(statement)) return null;
  const refused = record?.synced === rejected && record.rejection;
  return {
    id: statement.id,
    statement,
    synced: record?.synced === synced ? synced : refused ? rejected : pending,
    recordedAt: typeof record?.recordedAt === 'number' ? record.recordedAt : Date.parse(statement.timestamp),
    actorKey: actorKeyOf(statement.actor),
    ...(refused ? { rejection: record.rejection } : {}),
  };
}

/**
 * Replaces the database's stores with the ones `db` declares, carrying the records over, inside the version change's
 * own transaction: IndexedDB commits all of it or, on any error or a closed tab, none of it.
 */
async function rebuildInPlace(idb: IDBFactory, db: AppDb): Promise<Carried> {
  const existing = await request(idb.open(db.name));
  const version = existing.version;
  existing.close();
  return new Promise((resolve, reject) => {
    // At least the version Dexie expects, so that it opens the result without upgrading it again.
    const open = idb.open(db.name, Math.max(version + 1, Math.round(db.verno * 10)));
    const carried: Carried = { kept: 0, unsynced: 0, setAside: 0 };
    open.onupgradeneeded = () => {
      const raw = open.result;
      const tx = open.transaction!;
      const names = [...raw.objectStoreNames];
      const records = new Map<string, unknown[]>();
      // Callbacks, not promises: the version change must not run out of requests before the stores are rebuilt.
      for (const store of names) {
        const read = tx.objectStore(store).getAll();
        read.onsuccess = () => {
          records.set(store, read.result);
          if (records.size === names.length) rebuild();
        };
      }
      if (names.length === 0) rebuild();

      function rebuild() {
        for (const store of names) raw.deleteObjectStore(store);
        for (const table of db.tables) {
          const { primKey, indexes } = table.schema;
          const store = raw.createObjectStore(table.name, { keyPath: primKey.keyPath ?? null, autoIncrement: primKey.auto });
          for (const index of indexes) store.createIndex(index.name, index.keyPath!, { unique: index.unique, multiEntry: index.multi });
        }
        const unreadable: unknown[] = [];
        for (const record of records.get('statements') ?? []) {
          const row = storedStatement(record as Partial<StoredStatement>);
          if (!row) {
            unreadable.push(record);
            continue;
          }
          tx.objectStore('statements').put(row);
          carried.kept++;
          if (row.synced === pending) carried.unsynced++;
        }
        const profile = (records.get('profile') ?? []).find(
          (record): record is LearnerProfile =>
            (record as Partial<LearnerProfile>)?.key === 'learner' &&
            typeof (record as Partial<LearnerProfile>).anonymousId === 'string' &&
            typeof (record as Partial<LearnerProfile>).registrations === 'object',
        );
        if (profile) tx.objectStore('profile').put(profile);
        for (const snapshot of records.get('scenarioSnapshots') ?? []) {
          if (typeof (snapshot as { scenarioId?: unknown })?.scenarioId === 'string') tx.objectStore('scenarioSnapshots').put(snapshot);
        }
        const setAsideBefore = (records.get('meta') ?? []).find((record) => (record as { key?: unknown })?.key === setAsideKey) as
          | { value?: unknown }
          | undefined;
        const setAside = [...(Array.isArray(setAsideBefore?.value) ? setAsideBefore.value : []), ...unreadable];
        if (setAside.length) tx.objectStore('meta').put({ key: setAsideKey, value: setAside });
        carried.setAside = unreadable.length;
      }
    };
    open.onsuccess = () => {
      open.result.close();
      resolve(carried);
    };
    open.onerror = () => reject(open.error);
    open.onblocked = () => reject(new Error('Another tab holds the device database open'));
  });
}
