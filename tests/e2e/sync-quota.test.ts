import { describe, expect, test } from 'vitest';
import type { BrowserContext, Route } from 'playwright-core';
import type { Statement } from '../../src/core/statements/xapi.ts';
import { deviceStorage, readDevice } from '../support/device-log.ts';
import { serverReport, serverStatements, signInContext } from '../support/server-record.ts';
import {
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
 * The device's storage full while the learner studies and syncs (DESIGN §11: 0 lost, 0 duplicated): what was stored
 * stays, what could not be stored is said so in plain words, and what the device holds reaches the server once.
 */

useFaultHarness();

/** Errors the context's pages did not handle (an uncaught exception or an unhandled rejection). */
function uncaughtErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: import('playwright-core').Page) => page.on('pageerror', (error) => errors.push(error.message));
  context.pages().forEach(watch);
  context.on('page', watch);
  return errors;
}

const postedIds = (route: Route) => (route.request().postDataJSON() as Statement[]).map((statement) => statement.id);

describe('a device whose storage fills up mid-sync', () => {
  test('keeps what it stored, tells the learner, and once space is back sends everything once', async () => {
    const server = await CrashableServer.start();
    const device = await newDevice();
    const storage = await deviceStorage(device, server.baseUrl);
    const errors = uncaughtErrors(device);
    const { page, seeded } = await deviceWithUnsyncedCourse(device, server.baseUrl);
    const stored = (await readDevice(page)).rows.length;

    // The storage fills up once the server has stored the second batch and before the device could note it.
    const posts: string[][] = [];
    let filled!: () => void;
    const full = new Promise<void>((resolve) => (filled = resolve));
    await interceptPosts(device, async (route, n) => {
      posts.push(postedIds(route));
      if (n !== 2) return route.continue();
      const response = await route.fetch();
      await storage.fill();
      await route.fulfill({ response });
      filled();
    });
    await signInContext(device, server.baseUrl, learner.username, learner.password);
    await page.reload();
    await full;

    // The sync stops with the storage named as the reason, nothing stored before is lost, the server holds two batches.
    await expect.poll(() => page.locator('#sync-status').innerText(), { timeout: 15_000 }).toBe('同步失败（本机存储空间已满）');
    const before = await readDevice(page);
    expect(before.rows).toHaveLength(stored);
    expect(pendingCount(before.rows)).toBe(before.rows.length - 50);
    const session = await learnerSession(server.baseUrl);
    expect((await serverStatements(session)).map((statement) => statement.id).sort()).toEqual([...posts[0]!, ...posts[1]!].sort());

    // The learner studies on: the page works, says in plain Chinese that nothing new was saved, and loses nothing.
    await page.goto(`${server.baseUrl}/courses/icrm/shared-goals/`);
    await page.keyboard.press('End');
    const alert = page.locator('#storage-alert');
    await expect.poll(() => alert.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await alert.innerText()).toBe('设备存储空间已满，刚才的学习记录没有保存。请清理手机或电脑的存储空间后刷新页面；已经保存的学习记录不会丢失。');
    await expect.poll(() => page.locator('#sync-status').innerText(), { timeout: 15_000 }).toBe('同步失败（本机存储空间已满）');
    const whileFull = await readDevice(page);
    expect(whileFull.rows.map((row) => row.id).sort()).toEqual(before.rows.map((row) => row.id).sort());
    expect(await serverStatements(session)).toHaveLength(100);

    // Space is back and the learner opens the course again: the outbox drains, the re-sent second batch is stored once.
    await storage.free();
    await page.goto(`${server.baseUrl}/courses/icrm/`);
    const { onServer, report } = await expectExactlyOnce(page, server.baseUrl, seeded);
    expectWholeCourseStudied(report);
    expect(onServer).toHaveLength(stored);
    expect(posts.filter((ids) => ids[0] === posts[1]![0]).length).toBeGreaterThan(1);
    expect(await page.locator('#storage-alert').isVisible()).toBe(false);

    // 我的学习报告 shows the server's figures, the same on both sides.
    await page.goto(`${server.baseUrl}/report/`);
    const counts = `服务器 ${onServer.length} 条 · 本机 ${onServer.length} 条`;
    await expect.poll(() => page.locator('[data-report-counts]').innerText(), { timeout: 15_000 }).toBe(counts);
    expect(await page.locator('[data-report]').getAttribute('data-report-source')).toBe('server');
    expect(await page.locator('[data-report-pending]').innerText()).toBe('本机的记录都已同步');
    const { report: shown } = await serverReport(session);
    expect(await page.locator('[data-report-overall]').innerText()).toBe(`${Math.round(shown.share * 100)}%`);
    expect(errors).toEqual([]);
  }, 300_000);
});
