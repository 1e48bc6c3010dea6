import type { BrowserContext, Page } from 'playwright-core';
import type { CourseContext } from '../../src/core/course/course-context.ts';
import { createStatementFactory } from '../../src/core/statements/builders.ts';
import { anonymousHomePage } from '../../src/core/statements/vocabulary.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';

/** A row of the device's `statements` table, read with the browser's own IndexedDB API. */
export interface DeviceRow {
  id: string;
  statement: Statement;
  /** 0 waiting in the outbox, 1 acknowledged by (or pulled from) the server, 2 refused. */
  synced: number;
  recordedAt: number;
  actorKey: string;
}

/** The device's learner profile, the fields the tests read. */
export interface DeviceProfile {
  anonymousId: string;
  account?: { name: string };
  registrations: Record<string, string>;
}

/**
 * Reads the device's statement log and profile straight from IndexedDB, as evidence independent of the page's own
 * code. Any page of the site will do; the page's scripts need not have opened the database.
 */
export async function readDevice(page: Page): Promise<{ rows: DeviceRow[]; profile: DeviceProfile | undefined }> {
  return page.evaluate(
    () =>
      new Promise<{ rows: DeviceRow[]; profile: DeviceProfile | undefined }>((resolve, reject) => {
        const open = indexedDB.open('icrm-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('statements')) {
            db.close();
            resolve({ rows: [], profile: undefined });
            return;
          }
          const tx = db.transaction(['statements', 'profile']);
          const rows = tx.objectStore('statements').getAll();
          const profile = tx.objectStore('profile').get('learner');
          tx.oncomplete = () => {
            db.close();
            resolve({ rows: rows.result as DeviceRow[], profile: profile.result as DeviceProfile | undefined });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** The course context a course page embeds for its scripts (origin, content version, progress model). */
export function courseContextOf(page: Page): Promise<CourseContext> {
  return page.evaluate(() => JSON.parse(document.getElementById('icrm-course-context')!.textContent!) as CourseContext);
}

/**
 * Builds the statements of a learner who studied the whole course anonymously on this device (every lesson opened,
 * read in `progressedPerLesson` steps and completed, every practice quiz answered and passed, every role-play played to
 * its best ending), as the page's own builders would, and appends them to the device's outbox in one transaction.
 * The page must show a course page whose scripts have made the device's anonymous profile. Returns what was added.
 */
export async function seedStudyHistory(page: Page, progressedPerLesson = 20): Promise<Statement[]> {
  const context = await courseContextOf(page);
  const { profile } = await readDevice(page);
  if (!profile?.registrations[context.courseId]) throw new Error('the device has no anonymous profile yet: open a lesson first');
  const origin = context.origin ?? new URL(page.url()).origin;
  let clock = Date.now() - 6 * 3600_000;
  const factory = createStatementFactory({
    origin,
    actor: { objectType: 'Agent', account: { homePage: anonymousHomePage(origin), name: profile.anonymousId } },
    registration: profile.registrations[context.courseId]!,
    contentVersion: context.contentVersion,
    course: { id: context.courseId, title: context.courseTitle },
    now: () => new Date((clock += 1000)),
  });
  const { model } = context;
  const statements: Statement[] = [];
  for (const lesson of model.lessons) {
    statements.push(factory.lessonExperienced(lesson));
    for (let step = 1; step <= progressedPerLesson; step++) {
      statements.push(factory.lessonProgressed(lesson, { share: step / progressedPerLesson, activeMs: 15_000 }));
    }
    const quiz = model.quizzes.find((candidate) => candidate.lessonId === lesson.id);
    if (quiz) {
      for (const n of [1, 2, 3]) {
        statements.push(
          factory.questionAnswered(
            { id: `${quiz.id}-q${n}`, title: `第 ${n} 题` },
            { quiz, response: 'a', success: true, scaled: 1, activeMs: 5_000 },
          ),
        );
      }
      statements.push(factory.quizFinished(quiz, { passed: true, raw: 3, max: 3, activeMs: 15_000, lesson }));
    }
    statements.push(factory.lessonCompleted(lesson, 10_000));
  }
  for (const scenario of model.scenarios) {
    statements.push(factory.scenarioAttempted(scenario));
    statements.push(
      factory.scenarioCompleted(scenario, {
        endingId: 'seeded-ending',
        rating: 'best',
        principleScores: { respect: 2, communication: 2, goals: 2, improvement: 2 },
        path: ['start', 'seeded-ending'],
        scaled: 1,
        activeMs: 60_000,
      }),
    );
  }
  const actorKey = `account:${profile.anonymousId}`;
  const rows: DeviceRow[] = statements.map((statement) => ({
    id: statement.id,
    statement,
    synced: 0,
    recordedAt: Date.parse(statement.timestamp),
    actorKey,
  }));
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('icrm-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('statements', 'readwrite');
          for (const row of rows) tx.objectStore('statements').add(row);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    rows,
  );
  return statements;
}

/** Opens a blank page of the site's origin that runs none of the site's scripts: it neither records nor syncs. */
async function openBlankPage(context: BrowserContext, baseUrl: string): Promise<Page> {
  const path = '/__blank-for-tests';
  await context.route(`${baseUrl}${path}`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  return page;
}

/** Reads the device's log from a blank page: a look at the device between two tabs without starting a sync engine. */
export async function peekDevice(context: BrowserContext, baseUrl: string): Promise<Awaited<ReturnType<typeof readDevice>>> {
  const page = await openBlankPage(context, baseUrl);
  try {
    return await readDevice(page);
  } finally {
    await page.close();
  }
}

/**
 * Holds a read transaction on one object store of the device's database from a blank page, kept alive request after
 * request, so every write to that store waits behind it while writes to the other stores go on. (A read-write
 * transaction would not do: Chromium runs one at a time per database, whatever their stores.) Lets a test stop a page
 * between two of its writes and close it there. Reads of the other stores may wait too, behind a queued write.
 */
export async function holdStoreWrites(context: BrowserContext, baseUrl: string, store: string): Promise<{ release(): Promise<void> }> {
  const page = await openBlankPage(context, baseUrl);
  await page.evaluate(
    (store) =>
      new Promise<void>((resolve, reject) => {
        const holder = window as unknown as { releaseStore?: () => void };
        const open = indexedDB.open('icrm-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readonly');
          let held = true;
          holder.releaseStore = () => (held = false);
          // The first answer means the transaction has started, and so holds the store.
          const spin = () => {
            if (held) tx.objectStore(store).get('__held').onsuccess = spin;
          };
          tx.objectStore(store).get('__held').onsuccess = () => {
            resolve();
            spin();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    store,
  );
  return {
    async release() {
      await page.evaluate(() => (window as unknown as { releaseStore: () => void }).releaseStore());
      await page.close();
    },
  };
}

/**
 * Notes the object stores of every read-write transaction the context's pages open, in `window.__icrmWrites`, so a
 * test can tell when a page has asked to write something (even a write still waiting for its turn).
 */
export async function watchDeviceWrites(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const writes: string[][] = [];
    (window as unknown as { __icrmWrites: string[][] }).__icrmWrites = writes;
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const [stores, mode] = args;
      if (mode === 'readwrite') writes.push(typeof stores === 'string' ? [stores] : [...stores]);
      return transaction.apply(this, args);
    };
  });
}

/** The stores of each read-write transaction the page has opened so far (see `watchDeviceWrites`). */
export function deviceWrites(page: Page): Promise<string[][]> {
  return page.evaluate(() => (window as unknown as { __icrmWrites?: string[][] }).__icrmWrites ?? []);
}

/**
 * Gives the context's pages a device whose storage can fill up: while full, every IndexedDB write that adds or
 * rewrites a record is refused with QuotaExceededError, as a browser at its quota refuses it (deletes and reads go on).
 * Chromium's own quota cannot be shrunk for this: it does not apply `Storage.overrideQuotaForOrigin` to IndexedDB
 * (a 5 MB record still went in under a 1-byte override). The state is a cookie, so every tab sees it at once.
 */
export async function deviceStorage(context: BrowserContext, baseUrl: string): Promise<{ fill(): Promise<void>; free(): Promise<void> }> {
  const cookie = 'test-storage-full';
  await context.addInitScript((cookie) => {
    const full = () => document.cookie.split('; ').includes(`${cookie}=1`);
    const refuse = <T extends object>(prototype: T, method: keyof T) => {
      const write = prototype[method] as (...args: unknown[]) => unknown;
      (prototype[method] as unknown) = function (this: unknown, ...args: unknown[]) {
        if (full()) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return write.apply(this, args);
      };
    };
    refuse(IDBObjectStore.prototype, 'add');
    refuse(IDBObjectStore.prototype, 'put');
    refuse(IDBCursor.prototype, 'update');
  }, cookie);
  return {
    fill: () => context.addCookies([{ name: cookie, value: '1', url: baseUrl }]),
    free: () => context.clearCookies({ name: cookie }),
  };
}
