/**
 * The whole bot over Telegram: createServerApp with the real router and handlers
 * (no content seeded), talking to the fake Bot API by long polling and through the webhook. Asserts only what any
 * content would satisfy (a reply arrives, its buttons are well-formed and lead somewhere).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { FakeTelegramApi, tgUpdate } from '../../fakes/telegram-api.js';
import { TOKEN, WEBHOOK_SECRET, WEBHOOK_URL } from './helpers.js';

type Keyboard = { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> };

describe('telegram end to end (createServerApp)', () => {
  let app: ServerApp | undefined;
  let tg: FakeTelegramApi;
  let dir: string;
  let address = '';

  async function boot(webhook: boolean) {
    tg = await new FakeTelegramApi({ token: TOKEN, maxPollMs: 300 }).start();
    dir = mkdtempSync(join(tmpdir(), 'nghebot-tg-e2e-'));
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tg.url,
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      // The shipped content pack is edited by others; these checks do not depend on any item.
      SEED_CONTENT: '0',
      ...(webhook ? { TELEGRAM_WEBHOOK_URL: WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
    });
    app = await createServerApp(config, { logger: createLogger('silent') });
    address = await app.listen();
  }

  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await tg.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('long polling: /start gets a menu and pressing a button gets an answer', async () => {
    await boot(false);
    tg.pushUpdate(tgUpdate.start(301));
    await tg.waitForSent(1, 301, 10_000);
    const buttons = tg
      .sent(301)
      .flatMap((s) => (s.reply_markup as Keyboard | undefined)?.inline_keyboard?.flat() ?? []);
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    const before = tg.sent(301).length;
    tg.pushUpdate(tgUpdate.callback(301, buttons[0]!.callback_data, 'cq-e2e'));
    await tg.waitForSent(before + 1, 301, 10_000);
    expect(tg.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id)).toContain('cq-e2e');
    for (const t of tg.texts(301)) expect(t.length).toBeGreaterThan(0);
  });

  it('webhook: a real HTTP POST with the secret is answered; without it, 401', async () => {
    await boot(true);
    const post = (secret: string | null, body: unknown) =>
      fetch(`${address}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        body: JSON.stringify(body),
      });
    expect(tg.webhook?.secret_token).toBe(WEBHOOK_SECRET);
    expect((await post('nope', { update_id: 9001, ...tgUpdate.text(302, 'học nghề') })).status).toBe(401);
    expect(tg.sent(302)).toHaveLength(0);
    expect((await post(WEBHOOK_SECRET, { update_id: 9001, ...tgUpdate.text(302, 'học nghề') })).status).toBe(200);
    expect(tg.sent(302).length).toBeGreaterThan(0);
    expect((await post(WEBHOOK_SECRET, { update_id: 9001, ...tgUpdate.text(302, 'học nghề') })).status).toBe(200);
    const n = tg.sent(302).length;
    await new Promise((r) => setTimeout(r, 100));
    expect(tg.sent(302).length).toBe(n); // the duplicate was not answered again
  });
});
