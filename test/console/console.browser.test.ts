/**
 * The console end to end in headless Chromium at phone size, on the real app (server, engine, web chat,
 * embedded store): an officer signs in, creates a course with the form, the web chat then answers a
 * question about it, and the course's enrolment list downloads. Skipped only without Chromium.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { addOfficer } from '../../src/console/accounts.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '../..');

describe.skipIf(!existsSync(CHROMIUM))('officers\' console in Chromium (skipped: /usr/bin/chromium missing)', () => {
  let app: ServerApp;
  let browser: Browser;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nghebot-console-browser-'));
    app = await createServerApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: dataDir, CONTENT_DIR: join(ROOT, 'content'), PORT: '0', HOST: '127.0.0.1' }));
    base = await app.listen();
    await addOfficer(app.store, { username: 'lan', password: 'mat-khau-cua-lan', provinceCode: '86', admin: false }, 'test', new Date());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in, creates a course that the web chat then answers, and downloads its enrolment list', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(base + '/admin/content');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByLabel('Tên đăng nhập').fill('lan');
    await page.getByLabel('Mật khẩu').fill('mat-khau-cua-lan');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/admin/content');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Thêm mục mới' }).click();
    await page.getByLabel('Mã (a-z, 0-9, gạch ngang)').fill('course-lam-banh-trang-mo-cay');
    await page.getByLabel('Loại').selectOption('course');
    await page.getByLabel('Tiêu đề').fill('Lớp làm bánh tráng Mỏ Cày');
    await page.getByLabel('Tóm tắt (câu trả lời ngắn trong chat)').fill('Khóa 1 tháng dạy tráng bánh, phơi và đóng gói bánh tráng theo tiêu chuẩn OCOP.');
    await page.getByLabel('Tỉnh/thành').fill('Bến Tre');
    await page.getByLabel('Số chỗ (khóa học)').fill('20');
    await page.getByLabel('Từ khóa (cách nhau bằng ;)').fill('bánh tráng; banh trang; làm bánh');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/content/course-lam-banh-trang-mo-cay');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Đã lưu');
    await page.screenshot({ path: '/tmp/console-saved.png' });

    // The web chat answers it (the running engine picks the new revision up by itself).
    const chat = await context.newPage();
    await chat.goto(base + '/chat');
    await chat.locator('#log .msg.bot').first().waitFor();
    await chat.getByLabel('Nhập câu hỏi của bạn').fill('hoc lam banh trang o ben tre');
    await chat.keyboard.press('Enter');
    await expect.poll(() => chat.locator('#log').textContent(), { timeout: 10_000 }).toContain('Lớp làm bánh tráng Mỏ Cày');

    // Its enrolment list, from the console's enrolment page.
    await page.goto(base + '/admin/enrollments/course/course-lam-banh-trang-mo-cay');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Xuất CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^dang-ky_course-lam-banh-trang-mo-cay_\d{4}-\d{2}-\d{2}\.csv$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('Mã đăng ký');
    expect(problems).toEqual([]);
    await context.close();
  });
});
