/**
 * The bar, end to end: the bot as `serve` builds it (createServerApp, Telegram long polling against
 * FakeTelegramApi over real HTTP, the embedded store), people subscribing by chatting, and an
 * officer running `nghebot announce` in a separate process while the bot runs. The subscriber to
 * fairs in Vĩnh Long gets the announcement exactly once; someone subscribed elsewhere, and
 * someone who said STOP, get nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { FakeTelegramApi, tgUpdate } from '../fakes/telegram-api.js';
import { sleep, until } from './helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN = '424242:SERVER-broadcast';
const TEXT = 'Hội chợ nông sản Vĩnh Long mở cửa 7 giờ sáng thứ Bảy tại quảng trường tỉnh.';

let tg: FakeTelegramApi;
let app: ServerApp;
let dir: string;
// The CLI must share this test's embedded store (DATA_DIR), even when MONGODB_URI is set for the MongoDB tests.
const env = () => ({ ...withoutMongo(process.env), DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_CONTENT: '0' });
function withoutMongo(e: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { MONGODB_URI: _unused, ...rest } = e;
  return rest;
}

/** Sends a text as a Telegram user and waits for the bot's answer. */
async function chat(userId: number, text: string): Promise<void> {
  const before = tg.sent(userId).length;
  tg.pushUpdate(tgUpdate.text(userId, text));
  await tg.waitForSent(before + 1, userId, 8000);
}
async function press(userId: number, data: string): Promise<void> {
  const before = tg.sent(userId).length;
  tg.pushUpdate(tgUpdate.callback(userId, data));
  await tg.waitForSent(before + 1, userId, 8000);
}
const got = (userId: number) => tg.texts(userId).filter((t) => t.includes(TEXT));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-bar-'));
  tg = await new FakeTelegramApi({ token: TOKEN, maxPollMs: 200 }).start();
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_CONTENT: '0',
    LOG_LEVEL: 'silent',
    // The test may run at any hour; quiet hours are covered in time.test.ts.
    QUIET_HOURS: '0-0',
  });
  app = await createServerApp(config, { logger: createLogger('silent') });
  await app.listen();
});
afterAll(async () => {
  await app?.stop();
  await tg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('broadcast through the running server', () => {
  it('announce --now from the CLI reaches the Vĩnh Long fair subscribers once, and nobody else', async () => {
    await chat(1001, 'dang ky nhan tin hoi cho vinh long');
    expect(tg.texts(1001).at(-1)).toContain('Đã đăng ký nhận tin');
    // The same through the menu buttons, answering the province question with the old name.
    await press(1004, 'subscribe');
    await press(1004, 'subt:fair');
    await chat(1004, 'Bến Tre');
    expect(tg.texts(1004).at(-1)).toContain('Vĩnh Long');
    await chat(1002, 'đăng ký nhận tin hội chợ An Giang');
    await chat(1003, 'đăng ký nhận tin hội chợ Vĩnh Long');
    await chat(1003, 'STOP');
    expect(tg.texts(1003).at(-1)).toContain('Đã hủy tất cả');

    const { stdout } = await run(
      process.execPath,
      [join(ROOT, 'bin', 'nghebot'), 'announce', '--text', TEXT, '--topic', 'hội chợ', '--province', 'Vĩnh Long', '--now'],
      { cwd: ROOT, env: env(), timeout: 60_000 },
    );
    expect(stdout).toContain('hiện có 2 người');
    const id = /Đã tạo thông báo (\w+)/.exec(stdout)![1]!;

    await until(() => got(1001).length >= 1 && got(1004).length >= 1, 15_000, 'the announcement to reach both subscribers');
    // Give a duplicate, or a stray delivery, time to show up before judging.
    await sleep(2500);
    expect(got(1001)).toHaveLength(1);
    expect(got(1004)).toHaveLength(1);
    expect(got(1002)).toHaveLength(0);
    expect(got(1003)).toHaveLength(0);

    await until(async () => (await app.store.getAnnouncement(id))?.status === 'done', 10_000, 'the announcement to be done');
    const stats = await run(process.execPath, [join(ROOT, 'bin', 'nghebot'), 'announce', 'stats', id], { cwd: ROOT, env: env(), timeout: 60_000 });
    expect(stats.stdout).toMatch(/đã xong|xong/);
    expect(stats.stdout).toContain('Tổng 2 · đã gửi 2');
  }, 90_000);

  it('a notification queued by the notifier is delivered by the outbox', async () => {
    await app.notifier.notify({ channel: 'telegram', userId: '1002' }, { text: 'Bạn đã có chỗ trong lớp hàn điện.', buttons: [[{ label: 'Xem', action: 'menu' }]] });
    await until(() => tg.texts(1002).includes('Bạn đã có chỗ trong lớp hàn điện.'), 10_000, 'the notification');
    await sleep(1200);
    expect(tg.texts(1002).filter((t) => t === 'Bạn đã có chỗ trong lớp hàn điện.')).toHaveLength(1);
  });
});
