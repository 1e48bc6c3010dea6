import { actorKeyOf, pending, rejected, synced, type AppDb, type LearnerProfile, type StoredStatement } from './app-db';
import { looksLikeStatement, setAsideKey } from './open-app-db';

/** What a rebuild carried over: statements (and how many of them unsynced), and unreadable records set aside. */
export interface Carried {
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
export async function rebuildInPlace(idb: IDBFactory, db: AppDb): Promise<Carried> {
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
