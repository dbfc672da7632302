/**
 * A channel that cannot start (a wrong Telegram token, here refused by the fake Bot API with 401)
 * leaves the rest of the bot running: one clear log line, and /healthz reports it down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { captureLogger } from './helpers.js';

const RIGHT_TOKEN = '123456:RIGHT-token_abc';
const WRONG_TOKEN = '123456:WRONG-token_xyz';
const HEALTH_TOKEN = 'operator-token-0123456789';

let tg: FakeTelegramApi;
let dir: string;
let app: ServerApp | undefined;

beforeEach(async () => {
  tg = await new FakeTelegramApi({ token: RIGHT_TOKEN }).start();
  dir = mkdtempSync(join(tmpdir(), 'nghebot-channel-down-'));
});
afterEach(async () => {
  await app?.stop();
  await tg.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('a refused Telegram token: the bot listens, logs one clear line, /healthz says telegram is down', { timeout: 30_000 }, async () => {
  const { logger, text } = captureLogger();
  const config = loadConfig({
    DATA_DIR: dir,
    SEED_CONTENT: '0',
    PORT: '0',
    HOST: '127.0.0.1',
    TELEGRAM_BOT_TOKEN: WRONG_TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    HEALTH_TOKEN,
  });
  app = await createServerApp(config, { logger });
  const address = await app.listen();
  expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  const anonymous = await app.server.inject('/healthz');
  expect(anonymous.statusCode).toBe(200);
  expect(anonymous.json()).toEqual({ status: 'degraded' });
  const detailed = await app.server.inject({ url: '/healthz', headers: { authorization: `Bearer ${HEALTH_TOKEN}` } });
  expect(detailed.json().channels).toEqual([
    { name: 'web', ok: true },
    { name: 'telegram', ok: false, detail: 'could not start' },
  ]);
  // The web chat still answers.
  expect((await app.server.inject({ method: 'POST', url: '/api/chat', payload: { start: true } })).statusCode).toBe(200);

  const lines = text().split('\n').filter((l) => l.includes('could not start'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('"channel":"telegram"');
  expect(text()).not.toContain('WRONG-token');
  expect(text()).toMatch(/nghebot listening: web chat at http:\/\/127\.0\.0\.1:\d+\/chat/);
});
