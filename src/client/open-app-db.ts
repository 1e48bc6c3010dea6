import type { Statement } from '../core/statements/xapi';
import { createAppDb, type AppDb } from './app-db';
import type { Carried } from './rebuild-app-db';

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
      // Loaded only when needed: a rebuild is rare, and every page that opens the database would carry it otherwise.
      const { rebuildInPlace } = await import('./rebuild-app-db');
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
export function looksLikeStatement(value: unknown): value is Statement {
  const s = value as Partial<Statement> | undefined;
  return (
    typeof s?.id === 'string' &&
    typeof s.timestamp === 'string' &&
    typeof s.actor === 'object' &&
    typeof s.verb?.id === 'string' &&
    typeof s.object?.id === 'string'
  );
}
