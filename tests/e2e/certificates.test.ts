import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Question } from '../../src/core/quiz/schemas/quiz.ts';
import { loadFinalBank } from '../../src/server/assessment/final-bank.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { completeCourseOverHttp } from '../support/certificates.ts';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';
import { runUserCommand } from '../support/user-command.ts';

// This file runs its own server: it needs accounts made from the command line, and it takes the network away.
let server: SiteServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let bank: Map<string, Question>;

async function account(username: string, role: string, name: string): Promise<HttpSession> {
  const created = await runUserCommand(server.dataDir, ['create', username, '--role', role, '--name', name, '--password-stdin'], `${username}-password\n`);
  if (created.status !== 0) throw new Error(created.stderr);
  const session = new HttpSession(server);
  await session.signIn(username, `${username}-password`);
  return session;
}

/** Signs in through the sign-in page, as a person would, and lands on `next`. */
async function signInInBrowser(username: string, next: string): Promise<void> {
  await page.goto(`${server.baseUrl}/signin/?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(`${username}-password`);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${server.baseUrl}${next}`);
}

/** Reads the QR code on the page the way a phone would: from its pixels, as the browser draws them. */
async function scanQrCode(): Promise<string | null> {
  const size = 800;
  const pixels = await page.evaluate(async (size) => {
    const svg = document.querySelector('.certificate-sheet__qr-code svg')!;
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d')!;
    context.imageSmoothingEnabled = false;
    context.drawImage(image, 0, 0, size, size);
    const data = context.getImageData(0, 0, size, size).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(binary);
  }, size);
  return jsQR(new Uint8ClampedArray(Buffer.from(pixels, 'base64')), size, size)?.data ?? null;
}

async function verdict(): Promise<string> {
  const result = page.locator('[data-verify-result]');
  await expect.poll(async () => (await result.isVisible()) && (await result.getAttribute('aria-busy')) === null, { timeout: 15_000 }).toBe(true);
  return result.innerText();
}

let learner: HttpSession;
let certificateId: string;
let verifyUrl: string;

beforeAll(async () => {
  server = await startSiteServer();
  bank = new Map((await loadFinalBank('final-assessment')).questions.map((question) => [question.id, question]));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  learner = await account('zhou.hang', 'learner', '周航');
  expect(await completeCourseOverHttp(learner, bank)).toMatchObject({ passed: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a learner who completed the course', () => {
  test('goes from the passed assessment to 我的证书 and opens the certificate with their name, the course, the dates and its id', async () => {
    await signInInBrowser('zhou.hang', '/courses/icrm/assessment/');
    await page.getByRole('link', { name: '查看我的证书' }).click();
    await page.waitForURL(`${server.baseUrl}/certificates/`);
    await page.getByRole('link', { name: '查看证书：内部客户关系管理培训' }).click();
    await page.waitForURL(/\/certificates\/[0-9a-f-]{36}\/$/);
    certificateId = /\/certificates\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    const sheet = page.locator('.certificate-sheet');
    const text = await sheet.innerText();
    expect(text).toContain('结业证书');
    expect(text).toContain('周航');
    expect(text).toContain('《内部客户关系管理培训》');
    expect(text).toMatch(/完成日期\s*\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toMatch(/有效期至\s*\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toContain(certificateId);
    expect(await page.locator('[data-certificate-status]').innerText()).toContain('有效');
    // The title is set in a serif CJK face that is really installed, not a fallback box.
    const titleFont = await page.locator('.certificate-sheet__title').evaluate((element) => getComputedStyle(element).fontFamily);
    expect(titleFont).toContain('Noto Serif CJK SC');
    expect(await page.evaluate(() => document.fonts.check('700 40px "Noto Serif CJK SC"', '结业证书'))).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  test('prints it on exactly one A4 landscape page with the CJK fonts embedded', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.certificate-toolbar').isVisible()).toBe(false);
    // Back to no emulation: page.pdf() renders with print media unless screen media is emulated.
    await page.emulateMedia({ media: null });
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
    expect(pages).toHaveLength(1);
    expect(/\/Type\s*\/Pages\b[^>]*\/Count\s+(\d+)/.exec(pdf)?.[1]).toBe('1');
    const [width, height] = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf)!.slice(1).map(Number);
    // A4 landscape: 297 × 210 mm is 841.89 × 595.28 points.
    expect(Math.abs(width! - 841.89)).toBeLessThan(2);
    expect(Math.abs(height! - 595.28)).toBeLessThan(2);
    expect(pdf).toMatch(/\/FontName\s*\/[A-Z]{6}\+NotoSerifCJK/);
  });

  test('carries a QR code that reads as the verification link with the whole signed credential', async () => {
    const scanned = await scanQrCode();
    const link = await page.getByRole('link', { name: '打开核验页面' }).getAttribute('href');
    expect(scanned).toBe(link);
    expect(scanned).toMatch(new RegExp(`^${server.baseUrl}/verify/#[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    verifyUrl = scanned!;
  });
});

describe('the verification page', () => {
  test('verifies the scanned link offline, once the service worker has the published key, and says revocation was not checked', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect
      .poll(() => page.evaluate(async () => Boolean(await (await caches.open('icrm-signing-keys')).match('/.well-known/jwks.json'))), { timeout: 15_000 })
      .toBe(true);
    await context.setOffline(true);
    try {
      await page.goto(verifyUrl);
      const text = await verdict();
      expect(text).toContain('核验结果：有效');
      expect(text).toContain('签名核验通过');
      expect(text).toContain('周航');
      expect(text).toContain(certificateId);
      expect(text).toContain('没能连上服务器，无法确认证书是否已被撤销');
    } finally {
      await context.setOffline(false);
    }
  });

  test('confirms with the server online that the certificate was not revoked', async () => {
    await page.goto(verifyUrl);
    await page.reload();
    const text = await verdict();
    expect(text).toContain('核验结果：有效');
    expect(text).toContain('已向服务器确认：这份证书没有被撤销');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  test('says 无效, altered or not issued here, when one character of the link was changed', async () => {
    const hash = verifyUrl.indexOf('#') + 1;
    const middle = hash + Math.floor((verifyUrl.length - hash) / 2);
    const tampered = `${verifyUrl.slice(0, middle)}${verifyUrl[middle] === 'A' ? 'B' : 'A'}${verifyUrl.slice(middle + 1)}`;
    await page.goto(tampered);
    await page.reload();
    const text = await verdict();
    expect(text).toContain('核验结果：无效');
    expect(text).toContain('证书内容已被改动，或者它并非由本站签发');
    expect(text).not.toContain('周航');
  });

  test('looks up a typed certificate id online and verifies it', async () => {
    await page.goto(`${server.baseUrl}/verify/`);
    await page.getByLabel('证书编号（或核验链接）').fill(certificateId.toUpperCase());
    await page.getByRole('button', { name: '核验', exact: true }).click();
    expect(await verdict()).toContain('核验结果：有效');
    await page.getByLabel('证书编号（或核验链接）').fill('7b0c3a52-9a49-4e1f-8f0e-2a7d3c1b9e11');
    await page.getByRole('button', { name: '核验', exact: true }).click();
    expect(await verdict()).toContain('没有找到编号为 7b0c3a52-9a49-4e1f-8f0e-2a7d3c1b9e11 的证书');
  });

  test('says 已撤销 with the reason once HR has revoked the certificate', async () => {
    const hr = await account('hr.li', 'hr', '李人事');
    const revoked = await hr.request(`/api/certificates/${certificateId}/revoke`, { method: 'POST', json: { reason: '身份核实有误' } });
    expect(revoked.status).toBe(200);
    await page.goto(verifyUrl);
    await page.reload();
    const text = await verdict();
    expect(text).toContain('核验结果：已撤销');
    expect(text).toContain('撤销原因：身份核实有误');
    await page.goto(`${server.baseUrl}/certificates/${certificateId}/`);
    expect(await page.locator('[data-certificate-status]').innerText()).toContain('已撤销');
  });
});
