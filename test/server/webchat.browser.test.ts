/**
 * The web chat page end to end: the real app (router, handlers, shipped content, embedded store) on a real
 * socket, driven by headless Chromium at phone size. Skipped only when Chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '../..');

describe.skipIf(!existsSync(CHROMIUM))('web chat page in Chromium (skipped: /usr/bin/chromium missing)', () => {
  let app: ServerApp;
  let browser: Browser;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nghebot-webchat-'));
    app = await createServerApp(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: dataDir, CONTENT_DIR: join(ROOT, 'content'), PORT: '0', HOST: '127.0.0.1' }),
    );
    base = await app.listen();
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

  async function openChat(path = '/chat'): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'vi-VN' });
    // CSP violations and script errors surface here; the page must produce none.
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(base + path);
    return { page, problems };
  }

  const bot = (page: Page) => page.locator('#log .msg.bot');
  const mine = (page: Page) => page.locator('#log .msg.me');

  it('keeps buttons and cards at a readable width on a desktop screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base + '/');
    expect(new URL(page.url()).pathname).toBe('/chat'); // the bare address leads to the chat
    await page.locator('#log .btns button').first().waitFor();
    const widths = await page.locator('#log .btns, #log .cards').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(Math.max(...widths)).toBeLessThanOrEqual(560);
    await page.close();
  });

  it('greets, answers a typed question with course cards, and follows cards and buttons', async () => {
    const { page, problems } = await openChat();
    await expect.poll(() => bot(page).first().textContent()).toContain('Xin chào');
    await expect(page.title()).resolves.toBe('Nghề Bot – Hỏi đáp học nghề');
    expect(await page.locator('#log .btns button').allTextContents()).toContain('🎓 Khóa học nghề');

    // A question typed without diacritics, as people do on the phone.
    // A broad question (several courses of a province) is answered with cards.
    await page.getByLabel('Nhập câu hỏi của bạn').fill('lop hoc nghe o an giang');
    await page.keyboard.press('Enter');
    await expect.poll(() => mine(page).last().textContent()).toBe('lop hoc nghe o an giang');
    const card = page.locator('#log .card', { hasText: 'Lớp hàn điện cơ bản' });
    await card.waitFor();
    expect(await card.locator('span').textContent()).toContain('Rạch Giá');
    expect(await page.locator('#q').inputValue()).toBe('');
    await page.screenshot({ path: '/tmp/webchat-cards.png' });

    // Tapping a card sends its action and shows its title as the user's message.
    await card.click();
    await expect.poll(() => mine(page).last().textContent()).toBe('Lớp hàn điện cơ bản');
    await expect.poll(() => bot(page).last().textContent()).toContain('Hạn đăng ký');
    // Line breaks in the reply are kept (pre-wrap), not collapsed.
    expect(await bot(page).last().evaluate((e) => getComputedStyle(e).whiteSpace)).toBe('pre-wrap');
    expect(await bot(page).last().evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(150);
    await page.screenshot({ path: '/tmp/webchat.png' });

    // A reply button: the label shows as the user's message and the menu comes back.
    await page.locator('#log .btns button', { hasText: 'Menu chính' }).last().click();
    await expect.poll(() => mine(page).last().textContent()).toBe('🏠 Menu chính');
    await expect.poll(() => page.locator('#log .btns button', { hasText: 'Khóa học nghề' }).count()).toBe(2);

    // Fits a 360 px phone without sideways scrolling, with thumb-sized targets.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const sizes = await page.locator('#log button, #send').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(44);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows notifications from the inbox as text, never as markup', async () => {
    const { page, problems } = await openChat('/chat?start=course-han-dien-rach-gia');
    // The deep link opens the course straight away.
    await expect.poll(() => bot(page).first().textContent()).toContain('Lớp hàn điện cơ bản');
    // The identity is an HttpOnly cookie: the page's script cannot read it, the browser keeps it.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookieOf = async () => (await page.context().cookies()).find((c) => c.name === 'nghebot_web')?.value;
    const cookie = await cookieOf();
    const userId = cookie?.split('.')[0]; // "<id>.<signature>"
    expect(userId).toMatch(/^w[0-9a-f]{32}$/);

    const web = app.channels.find((c) => c.name === 'web')!;
    await web.send(userId!, {
      text: 'Lớp mới <img src=x onerror="window.__xss=1"> <b>khai giảng</b>\nngày 15/02',
      buttons: [[{ label: 'Xem lớp', action: 'item:course-han-dien-rach-gia' }]],
    });
    // The page polls every 15 s and whenever it becomes visible again; nudge it rather than wait.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => bot(page).last().textContent()).toContain('<b>khai giảng</b>');
    expect(await page.locator('#log img, #log b:not(.card b)').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.locator('#log .btns button', { hasText: 'Xem lớp' }).click();
    await expect.poll(() => mine(page).last().textContent()).toBe('Xem lớp');

    // The page acknowledges what it showed, and only then is it gone from the server.
    const waiting = async () => JSON.parse((await app.store.getValue(`web-inbox:${userId}`)) ?? '{"entries":[]}').entries.length;
    await expect.poll(waiting).toBe(0);

    // The same browser keeps its identity across reloads, and the conversation is shown again:
    // the user's own bubbles and the bot's answers, without a second greeting.
    const before = await mine(page).allTextContents();
    await page.reload();
    await expect.poll(() => mine(page).allTextContents()).toEqual(before);
    expect(await cookieOf()).toBe(cookie);
    expect(await bot(page).first().textContent()).toContain('Lớp hàn điện cơ bản');
    expect(await page.locator('#log .msg.bot', { hasText: 'Xin chào' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('after a turn the bot leaves to a person, looks for their answer every few seconds, not every 15', async () => {
    await app.store.upsertOfficer({ channel: 'telegram', userId: '31337', provinceCodes: [] });
    const { page, problems } = await openChat();
    await expect.poll(() => bot(page).first().textContent()).toContain('Xin chào');
    await page.getByLabel('Nhập câu hỏi của bạn').fill('gặp cán bộ');
    await page.keyboard.press('Enter');
    await expect.poll(() => bot(page).last().textContent()).toContain('chuyển cuộc trò chuyện cho cán bộ');
    await page.getByLabel('Nhập câu hỏi của bạn').fill('lớp hàn còn chỗ không ạ');
    await page.keyboard.press('Enter');
    await expect.poll(() => mine(page).last().textContent()).toBe('lớp hàn còn chỗ không ạ');
    // The page shows the user's bubble before the server has stored the turn on the ticket.
    const ticketHolding = async () => (await app.store.tickets.listTickets({ status: 'open' })).find((t) => t.messages.some((m) => m.text === 'lớp hàn còn chỗ không ạ'));
    await expect.poll(ticketHolding).toBeDefined();
    const ticket = (await ticketHolding())!;
    const bots = await bot(page).count();

    const web = app.channels.find((c) => c.name === 'web')!;
    await web.send(ticket.user.userId, { text: '👮 Cán bộ: Còn 3 chỗ bạn nhé' });
    // Well inside the 15 s of the ordinary poll, with no visibility nudge.
    await expect.poll(() => bot(page).last().textContent(), { timeout: 6000 }).toContain('Còn 3 chỗ');
    expect(await bot(page).count()).toBe(bots + 1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
