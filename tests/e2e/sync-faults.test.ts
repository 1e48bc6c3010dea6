import { describe, expect, test } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import type { Statement } from '../../src/core/statements/xapi.ts';
import {
  courseContextOf,
  deviceWrites,
  holdStoreWrites,
  peekDevice,
  readDevice,
  watchDeviceWrites,
} from '../support/device-log.ts';
import { freshPostgresDatabase } from '../support/databases.ts';
import { expectedReport, holdSqliteWriteLock, serverReport, serverStatements, signInContext } from '../support/server-record.ts';
import {
  afterThisTest,
  CrashableServer,
  deviceWithUnsyncedCourse,
  expectExactlyOnce,
  expectWholeCourseStudied,
  interceptPosts,
  learner,
  learnerSession,
  newDevice,
  pendingCount,
  useFaultHarness,
} from '../support/sync-harness.ts';

/*
 * Fault injection on the way from a device's outbox to the server (DESIGN §11: 0 lost, 0 duplicated). Each test runs a
 * server of its own on a data folder of its own (some kill it), seeds a device with a whole course studied anonymously
 * (about 400 statements, 9 batches), breaks something while they travel, and then asserts the exact statements the
 * server holds and the report it gives.
 */

useFaultHarness();

/** Ids of the statements a device's POST carries. */
const postedIds = (route: Route) => (route.request().postDataJSON() as Statement[]).map((statement) => statement.id);

describe('the server killed with SIGKILL in the middle of a sync', () => {
  test('loses nothing and stores nothing twice once it is restarted on the same data and the device resyncs', async () => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    const { page, seeded } = await deviceWithUnsyncedCourse(device, server.baseUrl);
    expect(seeded.length).toBeGreaterThanOrEqual(8 * 50);

    // First crash: while the device's second batch is on its way to the server (sent, no answer yet).
    // Second crash, once restarted: after the server stored the second batch it receives, before its 200 reached the device.
    let crashedInFlight!: () => void;
    const inFlight = new Promise<void>((resolve) => (crashedInFlight = resolve));
    let crashedAfterStore!: (status: number) => void;
    const afterStore = new Promise<number>((resolve) => (crashedAfterStore = resolve));
    let phase: 'in-flight' | 'restarting' | 'after-store' | 'done' = 'in-flight';
    let postsSinceRestart = 0;
    await interceptPosts(device, async (route, n) => {
      if (phase === 'in-flight' && n === 2) {
        phase = 'restarting';
        await route.continue();
        await server.kill();
        crashedInFlight();
        return;
      }
      if (phase === 'after-store' && ++postsSinceRestart === 2) {
        phase = 'done';
        const response = await route.fetch();
        await server.kill();
        await route.abort('connectionreset');
        crashedAfterStore(response.status());
        return;
      }
      await route.continue().catch(() => undefined);
    });

    await signInContext(device, server.baseUrl, learner.username, learner.password);
    await page.reload();
    await inFlight;
    await server.restart();
    phase = 'after-store';
    expect(await afterStore).toBe(200);
    await server.restart();

    expectWholeCourseStudied((await expectExactlyOnce(page, server.baseUrl, seeded)).report);
  }, 300_000);
});

/** A gate that holds routed requests until `size` of them wait, then hands them over together to be let go at once. */
function gate(size: number) {
  const held: Route[] = [];
  let opened!: (routes: Route[]) => void;
  const full = new Promise<Route[]>((resolve) => (opened = resolve));
  return {
    full,
    hold(route: Route): void {
      held.push(route);
      if (held.length === size) opened([...held]);
    },
  };
}

describe('two tabs of one learner syncing at once', () => {
  test('take turns through the icrm-sync Web Lock, and the server stores each statement once', async () => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    const { page, seeded } = await deviceWithUnsyncedCourse(device, server.baseUrl);
    let inFlight = 0;
    let mostInFlight = 0;
    let firstHeld!: () => void;
    const held = new Promise<void>((resolve) => (firstHeld = resolve));
    let releaseFirst!: () => void;
    const released = new Promise<void>((resolve) => (releaseFirst = resolve));
    await interceptPosts(device, async (route, n) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      if (n === 1) {
        firstHeld();
        await released;
      }
      const response = await route.fetch();
      inFlight--;
      await route.fulfill({ response });
    });

    await signInContext(device, server.baseUrl, learner.username, learner.password);
    const other = await device.newPage();
    await Promise.all([page.reload(), other.goto(`${server.baseUrl}/courses/icrm/`)]);
    await held;
    // While one tab's first batch is on its way, the other tab's sync waits for the lock rather than sending.
    await expect
      .poll(() => page.evaluate(async () => {
        const { held: holding = [], pending = [] } = await navigator.locks.query();
        return { held: holding.filter((lock) => lock.name === 'icrm-sync').length, pending: pending.filter((lock) => lock.name === 'icrm-sync').length };
      }), { timeout: 30_000 })
      .toEqual({ held: 1, pending: 1 });
    releaseFirst();

    expectWholeCourseStudied((await expectExactlyOnce(page, server.baseUrl, seeded)).report);
    await expect.poll(() => other.locator('#sync-status').innerText(), { timeout: 30_000 }).toBe('已同步');
    expect(mostInFlight).toBe(1);
  }, 300_000);

  test('without Web Locks, both send the same batch at the same moment, and the server stores it once', async () => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    // A browser without the Web Locks API: the engine then syncs per tab, trusting the server to store re-sends once.
    await device.addInitScript(() => {
      delete (Navigator.prototype as { locks?: unknown }).locks;
    });
    const { page, seeded } = await deviceWithUnsyncedCourse(device, server.baseUrl);
    expect(await page.evaluate(() => 'locks' in navigator)).toBe(false);
    const firstPosts = gate(2);
    const firstPages = new Set<Page>();
    await interceptPosts(device, async (route) => {
      const from = route.request().frame().page();
      if (!firstPages.has(from)) {
        firstPages.add(from);
        firstPosts.hold(route);
        return;
      }
      await route.continue();
    });

    await signInContext(device, server.baseUrl, learner.username, learner.password);
    const other = await device.newPage();
    await Promise.all([page.reload(), other.goto(`${server.baseUrl}/courses/icrm/`)]);
    const [first, second] = await firstPosts.full;
    expect(first!.request().frame().page()).not.toBe(second!.request().frame().page());
    expect(postedIds(second!)).toEqual(postedIds(first!));
    // Both reach the server together; it accepts both (a re-sent statement is no error) and stores the batch once.
    const answers = await Promise.all([first!, second!].map((route) => route.fetch()));
    expect(answers.map((answer) => answer.status())).toEqual([200, 200]);
    await Promise.all([first!, second!].map((route, i) => route.fulfill({ response: answers[i] })));

    expectWholeCourseStudied((await expectExactlyOnce(page, server.baseUrl, seeded)).report);
    await expect.poll(() => other.locator('#sync-status').innerText(), { timeout: 30_000 }).toBe('已同步');
  }, 300_000);
});

describe('a tab closed mid-sync', () => {
  test('leaves the outbox as it was, and the next tab sends everything once', async () => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    const { page, seeded } = await deviceWithUnsyncedCourse(device, server.baseUrl);
    // The first tab closes after the server stored its second batch but before the 200 reached it; the second tab
    // closes with its first batch still unsent. The third is left to finish.
    let tab = 1;
    let postsInTab = 0;
    let closedFirst!: (status: number) => void;
    const firstClosed = new Promise<number>((resolve) => (closedFirst = resolve));
    let closedSecond!: () => void;
    const secondClosed = new Promise<void>((resolve) => (closedSecond = resolve));
    await interceptPosts(device, async (route) => {
      postsInTab++;
      if (tab === 1 && postsInTab === 2) {
        const response = await route.fetch();
        await route.request().frame().page().close();
        closedFirst(response.status());
        return;
      }
      if (tab === 2 && postsInTab === 1) {
        await route.request().frame().page().close();
        closedSecond();
        return;
      }
      await route.continue().catch(() => undefined);
    });

    await signInContext(device, server.baseUrl, learner.username, learner.password);
    await page.reload();
    expect(await firstClosed).toBe(200);
    // The batch the server acknowledged is marked synced; the one whose answer never came still waits.
    const { rows } = await peekDevice(device, server.baseUrl);
    expect(pendingCount(rows)).toBe(rows.length - 50);
    tab = 2;
    postsInTab = 0;
    const second = await device.newPage();
    await second.goto(`${server.baseUrl}/courses/icrm/`);
    await secondClosed;
    tab = 3;
    postsInTab = 0;
    const third = await device.newPage();
    await third.goto(`${server.baseUrl}/courses/icrm/`);

    expectWholeCourseStudied((await expectExactlyOnce(third, server.baseUrl, seeded)).report);
  }, 300_000);
});

/** The practice quiz of 什么是内部客户, answered rightly by the labels a learner clicks. */
const lessonPath = '/courses/icrm/what-is-an-internal-customer/';
const quizId = 'quiz-what-is-an-internal-customer';
const about = (statements: Statement[], verb: string, activity: string) =>
  statements.filter((statement) => statement.verb.id.endsWith(`/${verb}`) && statement.object.id.endsWith(`/xapi/activities/${activity}`));
const rightAnswers: Record<string, string[]> = {
  'ic-who-counts': ['他是否要用你的工作成果才能把自己的事做完'],
  'ic-planner-call': ['“明白。以后计划一有变化，哪怕只是预估，我也先发你一份，好让你早点找供应商。”'],
  'ic-weakest-link': ['正确'],
  'ic-misconceptions': ['只有支持部门才需要服务别人', '内部客户提出什么要求，都应当照办', '搞好内部关系，就是多请同事吃吃喝喝'],
  'ic-service-origin': ['一线员工当面为顾客提供服务，他们的状态取决于在内部得到的支持'],
};
const questionOrder = Object.keys(rightAnswers);
const quiz = (page: Page) => page.locator('section.quiz');
const feedback = (page: Page) => quiz(page).locator('.quiz-feedback__summary').allInnerTexts();

async function openQuiz(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}${lessonPath}`);
  await quiz(page).scrollIntoViewIfNeeded();
  await expect.poll(() => quiz(page).getAttribute('data-ready'), { timeout: 15_000 }).toBe('');
}

async function answerRightly(page: Page, question: string): Promise<void> {
  await expect.poll(() => quiz(page).locator('.quiz__count').innerText(), { timeout: 15_000 }).toBe(`第 ${questionOrder.indexOf(question) + 1} 题，共 5 题`);
  for (const label of rightAnswers[question]!) await quiz(page).getByLabel(label, { exact: true }).check();
  await quiz(page).getByRole('button', { name: '提交' }).click();
  await expect.poll(() => feedback(page), { timeout: 15_000 }).toEqual(['回答正确']);
}

describe('a tab closed mid-write', () => {
  /**
   * Clicks `button` with the device's `meta` store held by another tab, waits until the page has asked to write the
   * quiz's position (which waits its turn), and closes the tab there: the moment a learner closes a tab while the
   * quiz is saving. What the page wrote by then, if anything, stays in the log.
   */
  async function closeWhileSaving(page: Page, baseUrl: string, button: string): Promise<void> {
    const writes = await holdStoreWrites(page.context(), baseUrl, 'meta');
    const before = (await deviceWrites(page)).length;
    await quiz(page).getByRole('button', { name: button }).click();
    await expect.poll(async () => (await deviceWrites(page)).slice(before).some((stores) => stores.includes('meta')), { timeout: 15_000 }).toBe(true);
    await page.close();
    await writes.release();
  }

  test('keeps each quiz statement and the quiz position together: reopened, the quiz neither asks again nor records twice', async () => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    await watchDeviceWrites(device);
    const first = await device.newPage();
    await openQuiz(first, server.baseUrl);
    for (const label of rightAnswers['ic-who-counts']!) await quiz(first).getByLabel(label, { exact: true }).check();
    await closeWhileSaving(first, server.baseUrl, '提交');

    // Reopened, the quiz stands where the log says: the first question answered (with its feedback) if its answer
    // was stored, and asked otherwise.
    const second = await device.newPage();
    await openQuiz(second, server.baseUrl);
    const answeredBefore = about((await readDevice(second)).rows.map((row) => row.statement), 'answered', 'question/ic-who-counts').length;
    expect(answeredBefore).toBeLessThanOrEqual(1);
    expect(await quiz(second).locator('.quiz__count').innerText()).toBe('第 1 题，共 5 题');
    expect(await feedback(second)).toEqual(answeredBefore ? ['回答正确'] : []);
    if (!answeredBefore) await answerRightly(second, 'ic-who-counts');
    for (const question of questionOrder.slice(1)) {
      await quiz(second).getByRole('button', { name: '下一题' }).click();
      await answerRightly(second, question);
    }
    await closeWhileSaving(second, server.baseUrl, '查看结果');

    // Reopened after the result was being saved: if it was stored, the quiz starts afresh; if not, it still stands
    // at its last answered question, and the result is recorded when the learner asks for it. Never twice.
    const third = await device.newPage();
    await openQuiz(third, server.baseUrl);
    const resultBefore = about((await readDevice(third)).rows.map((row) => row.statement), 'passed', `quiz/${quizId}`).length;
    expect(resultBefore).toBeLessThanOrEqual(1);
    expect(await quiz(third).locator('.quiz__count').innerText()).toBe(resultBefore ? '第 1 题，共 5 题' : '第 5 题，共 5 题');
    expect(await feedback(third)).toEqual(resultBefore ? [] : ['回答正确']);
    if (!resultBefore) {
      await quiz(third).getByRole('button', { name: '查看结果' }).click();
      await expect.poll(async () => about((await readDevice(third)).rows.map((row) => row.statement), 'passed', `quiz/${quizId}`).length, { timeout: 15_000 }).toBe(1);
    }

    // Signed in, the device sends its log: one answer per question, one result, one attempt in the report.
    await signInContext(device, server.baseUrl, learner.username, learner.password);
    await third.reload();
    const { onServer, report } = await expectExactlyOnce(third, server.baseUrl, []);
    for (const question of questionOrder) expect(about(onServer, 'answered', `question/${question}`), question).toHaveLength(1);
    expect(about(onServer, 'passed', `quiz/${quizId}`)).toHaveLength(1);
    expect(report.quizzes.find((entry) => entry.id === quizId)).toMatchObject({ attempts: 1, passed: true, bestScaled: 1 });
  }, 300_000);
});

describe('the network cut mid-sync', () => {
  test('after the server stored a batch but before its answer came: the device sends it again once online, and the server stores it once', async () => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    const { page, seeded } = await deviceWithUnsyncedCourse(device, server.baseUrl);
    let cut!: (status: number) => void;
    const wasCut = new Promise<number>((resolve) => (cut = resolve));
    await interceptPosts(device, async (route, n) => {
      if (n === 2) {
        const response = await route.fetch();
        await device.setOffline(true);
        cut(response.status());
        // The page may have given up on the request itself on going offline.
        await route.abort('internetdisconnected').catch(() => undefined);
        return;
      }
      await route.continue();
    });

    await signInContext(device, server.baseUrl, learner.username, learner.password);
    await page.reload();
    expect(await wasCut).toBe(200);
    // Offline, the device still counts the batch the server stored as waiting: it never heard the server say so.
    const { rows } = await readDevice(page);
    expect(pendingCount(rows)).toBe(rows.length - 50);
    await expect.poll(() => page.locator('#sync-status').innerText(), { timeout: 15_000 }).toBe(`${rows.length - 50} 条待同步`);

    await device.setOffline(false);
    expectWholeCourseStudied((await expectExactlyOnce(page, server.baseUrl, seeded)).report);
  }, 300_000);
});

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL names a server to make databases on. */
const databases = [
  { name: 'SQLite', env: async () => ({ env: {}, drop: async () => undefined }) },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          env: async () => {
            const database = await freshPostgresDatabase(process.env.TEST_DATABASE_URL!);
            return { env: { DATABASE_URL: database.url }, drop: database.drop };
          },
        },
      ]
    : []),
];

describe.each(databases)('two devices of one learner on $name', (database) => {
  test('sync at the same moment into one record: each statement once, one report, and each device ends up with it all', async () => {
    const { env, drop } = await database.env();
    afterThisTest(drop);
    const server = await CrashableServer.start(env);
    const laptop = await newDevice();
    const phone = await newDevice();
    const fromLaptop = await deviceWithUnsyncedCourse(laptop, server.baseUrl);
    const fromPhone = await deviceWithUnsyncedCourse(phone, server.baseUrl);
    // Each device's first batch is held until the other's has come too, then both go to the server at once.
    const firstPosts = gate(2);
    const statuses: number[] = [];
    const send = async (route: Route) => {
      const response = await route.fetch();
      statuses.push(response.status());
      await route.fulfill({ response });
    };
    for (const device of [laptop, phone]) {
      await interceptPosts(device, async (route, n) => (n === 1 ? firstPosts.hold(route) : send(route)));
    }

    for (const device of [laptop, phone]) await signInContext(device, server.baseUrl, learner.username, learner.password);
    await Promise.all([fromLaptop.page.reload(), fromPhone.page.reload()]);
    await Promise.all((await firstPosts.full).map(send));

    // Each device has sent its own; the next page's sync brings it what the other sent.
    for (const { page } of [fromLaptop, fromPhone]) {
      await expect.poll(async () => pendingCount((await readDevice(page)).rows), { timeout: 120_000, interval: 1000 }).toBe(0);
    }
    const both = [...fromLaptop.seeded, ...fromPhone.seeded];
    const total = (await serverStatements(await learnerSession(server.baseUrl))).length;
    expect(total).toBeGreaterThanOrEqual(both.length);
    for (const { page } of [fromLaptop, fromPhone]) {
      await page.goto(`${server.baseUrl}/courses/icrm/`);
      await expect.poll(async () => (await readDevice(page)).rows.length, { timeout: 60_000 }).toBe(total);
      const { report } = await expectExactlyOnce(page, server.baseUrl, both);
      expectWholeCourseStudied(report, 2);
      // The device's own figures, folded from its log, are the server's.
      const { model } = await courseContextOf(page);
      const onDevice = (await readDevice(page)).rows.map((row) => row.statement);
      expect(expectedReport(model, onDevice, (await serverReport(await learnerSession(server.baseUrl))).asOf)).toEqual(report);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 300_000);
});

/** Makes every `Date` of the context's pages run `offsetMs` ahead of (or behind) the real clock, as a badly set device does. */
async function skewClock(context: BrowserContext, offsetMs: number): Promise<void> {
  await context.addInitScript((offset) => {
    const RealDate = Date;
    class DeviceDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(RealDate.now() + offset);
        else super(...(args as [string]));
      }
      static override now(): number {
        return RealDate.now() + offset;
      }
    }
    globalThis.Date = DeviceDate as DateConstructor;
  }, offsetMs);
}

describe('a device whose clock is a day off', () => {
  const day = 24 * 3600_000;
  test.each([
    { label: 'a day ahead', offset: day },
    { label: 'a day behind', offset: -day },
  ])('$label: every statement reaches the server once, and the report dates nothing after the server saw it', async ({ offset }) => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    await skewClock(device, offset);
    const page = await device.newPage();

    // The learner reads the lesson to its end and passes its quiz, on the device's clock.
    await openQuiz(page, server.baseUrl);
    await page.keyboard.press('End');
    for (const question of questionOrder) {
      if (question !== questionOrder[0]) await quiz(page).getByRole('button', { name: '下一题' }).click();
      await answerRightly(page, question);
    }
    await quiz(page).getByRole('button', { name: '查看结果' }).click();
    await expect.poll(() => page.locator('[data-lesson-progress-label]').innerText(), { timeout: 15_000 }).toBe('本课已完成');
    const recorded = (await readDevice(page)).rows.map((row) => row.statement);
    for (const statement of recorded) expect(Math.abs(Date.parse(statement.timestamp) - Date.now() - offset)).toBeLessThan(3600_000);

    await signInContext(device, server.baseUrl, learner.username, learner.password);
    await page.reload();
    const { report } = await expectExactlyOnce(page, server.baseUrl, recorded);
    expect(report.lessons.find((lesson) => lesson.id === 'what-is-an-internal-customer')).toMatchObject({ status: 'completed' });
    expect(report.quizzes.find((entry) => entry.id === quizId)).toMatchObject({ attempts: 1, passed: true, bestScaled: 1 });
    const { asOf } = await serverReport(await learnerSession(server.baseUrl));
    const dates = [
      report.lastActivityAt,
      ...report.lessons.flatMap((lesson) => [lesson.firstOpenedAt, lesson.completedAt]),
      ...report.quizzes.map((entry) => entry.passedAt),
    ].filter((date) => date !== undefined);
    expect(dates.length).toBeGreaterThan(2);
    for (const date of dates) expect(Date.parse(date!)).toBeLessThanOrEqual(Date.parse(asOf));
  }, 300_000);
});

describe('the database file locked by another process for a moment', () => {
  test('makes the server wait for the lock, not refuse the batch, and everything is stored once', async () => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    const { page, seeded } = await deviceWithUnsyncedCourse(device, server.baseUrl);
    const statuses: number[] = [];
    let blocked = false;
    await interceptPosts(device, async (route, n) => {
      if (n !== 2) {
        const response = await route.fetch();
        statuses.push(response.status());
        await route.fulfill({ response });
        return;
      }
      // A backup or a second instance takes the write lock as the batch arrives, and lets go once the server waits.
      const lock = holdSqliteWriteLock(server.dataDir);
      const answer = route.fetch();
      blocked = await serverStopsAnswering(server.baseUrl);
      lock.release();
      const response = await answer;
      statuses.push(response.status());
      await route.fulfill({ response });
    });

    await signInContext(device, server.baseUrl, learner.username, learner.password);
    await page.reload();
    expectWholeCourseStudied((await expectExactlyOnce(page, server.baseUrl, seeded)).report);
    expect(blocked).toBe(true);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(statuses.length).toBe(Math.ceil((await readDevice(page)).rows.length / 50));
  }, 300_000);
});

/**
 * Whether the server stops answering while a request is with it: SQLite waits for a lock synchronously, so a server
 * waiting for the database answers nothing else meanwhile. Gives up after a few tries (the server never waited).
 */
async function serverStopsAnswering(baseUrl: string): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const answered = await fetch(`${baseUrl}/xapi/about`, { signal: AbortSignal.timeout(1000) }).then(
      async (response) => (await response.arrayBuffer(), true),
      () => false,
    );
    if (!answered) return true;
  }
  return false;
}
