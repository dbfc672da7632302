/**
 * One send rate for several bot processes: two real `serve` processes on one DATA_DIR, with
 * TELEGRAM_SEND_RATE=40, broadcast to 400 Telegram subscribers through the fake Telegram API. Each
 * subscriber gets exactly one message, and the API never sees more than 48 sends (the rate plus a
 * 20 % burst) within any one second: the processes share one token bucket kept in the store.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/ports.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { spawnBot, type BotProcess } from './spawn-bot.js';
import { sleep, until } from './helpers.js';

const TOKEN = '777002:SHARED-rate';
const N = 400;
const RATE = 40;
const FIRST_CHAT = 6_000_000;

let dir: string;
let tg: FakeTelegramApi;
let store: Store;
const bots: BotProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'nghebot-shared-'));
  tg = await new FakeTelegramApi({ token: TOKEN, maxPollMs: 200 }).start();
  store = await openEmbeddedStore(dir);
});
afterAll(async () => {
  for (const b of bots) await b.kill().catch(() => undefined);
  await store?.close();
  await tg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The most sends the API saw within any one second (a window starting at each send). */
function busiestSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('two bot processes on one store', () => {
  it(`share TELEGRAM_SEND_RATE=${RATE}: ${N} subscribers, one message each, never above ${RATE * 1.2} in a second`, async () => {
    const now = new Date();
    for (let i = 0; i < N; i++) {
      await store.subscribe({ channel: 'telegram', userId: String(FIRST_CHAT + i), topic: 'fair', provinceCode: '86' }, now);
    }
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tg.url,
      DATA_DIR: dir,
      SEED_CONTENT: '0',
      QUIET_HOURS: '0-0',
      TELEGRAM_SEND_RATE: String(RATE),
    };
    // Only the pollers are quickened; the send rate is the configured one.
    const tuning = { pollMs: 200, outbox: { pollMs: 200 } };
    bots.push(await spawnBot(env, tuning), await spawnBot(env, tuning));

    const { announcement } = await store.createAnnouncement(
      { text: 'Hội chợ việc làm Vĩnh Long', topics: ['fair'], provinceCodes: ['86'], channels: [], sendAt: now.toISOString(), createdBy: 'cli' },
      now,
    );
    await until(async () => {
      const s = await store.deliveryStats(announcement.id);
      return s.total === N && s.pending === 0 && s.claimed === 0;
    }, 60_000, 'every delivery settled');
    await sleep(300); // room for a stray duplicate to show up

    const sends = tg.callsOf('sendMessage').filter((c) => c.status === 200);
    const perChat = new Map<string, number>();
    for (const c of sends) perChat.set(String(c.params.chat_id), (perChat.get(String(c.params.chat_id)) ?? 0) + 1);
    expect(perChat.size).toBe(N);
    expect([...perChat.values()].filter((n) => n > 1)).toHaveLength(0);
    expect(await store.deliveryStats(announcement.id)).toMatchObject({ total: N, sent: N });

    const busiest = busiestSecond(sends.map((c) => c.at));
    const spanS = (Math.max(...sends.map((c) => c.at)) - Math.min(...sends.map((c) => c.at))) / 1000;
    console.log(`shared rate: ${N} sends in ${spanS.toFixed(1)} s (${(N / spanS).toFixed(1)}/s), busiest second ${busiest}`);
    expect(busiest).toBeLessThanOrEqual(RATE * 1.2);
    // Both processes sent a good share (otherwise this would prove nothing about sharing).
    const db = new Database(join(dir, 'nghebot.db'), { readonly: true });
    const byWorker = db.prepare(`SELECT claimed_by AS w, count(*) AS n FROM deliveries WHERE state = 'sent' GROUP BY claimed_by`).all() as Array<{ w: string; n: number }>;
    db.close();
    expect(byWorker).toHaveLength(2);
    for (const { n } of byWorker) expect(n).toBeGreaterThan(N / 5);
  }, 120_000);
});
