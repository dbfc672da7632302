/**
 * Crash safety: the bot process is killed with SIGKILL in the middle of a broadcast to 2000
 * subscribers and started again; every recipient ends up with exactly one message.
 *
 * The kill is timed so the outcome is exact (the benchmark kills at a random moment instead): a
 * gate in front of the fake API starts holding back Telegram's answers to sendMessage — the
 * messages are delivered, the bot just never hears back — and once no new send has arrived for
 * 250 ms (every lane is stuck waiting for an answer), the process is killed. That is the worst
 * case for duplicates: each claimed row was accepted by Telegram and not yet marked `sent`. To
 * also have rows a worker claimed but never started, the test then claims a batch of pending
 * rows under another worker name and abandons them, as a worker dying right after its claim
 * would. After the restart: in-flight rows must not be sent again (they end `unknown`), the
 * abandoned ones must be sent, everything else sent once.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { FakeTelegramApi } from '../fakes/telegram-api.js';
import { spawnBot, type BotProcess } from './spawn-bot.js';
import { sleep, until } from './helpers.js';

const TOKEN = '777001:SIGKILL-test';
const N = 2000;
const FIRST_CHAT = 5_000_000;

/** A pass-through proxy to the fake API that can hold back the answers to sendMessage. */
class Gate {
  holding = false;
  /** Answers held back: the message was delivered, the bot never learns it. */
  held: ServerResponse[] = [];
  private server: Server | undefined;
  url = '';
  constructor(private readonly target: string) {}
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const t = new URL(this.target);
      const upstream = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        if (this.holding && req.url?.endsWith('/sendMessage')) {
          up.resume();
          this.held.push(res);
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  release(): number {
    const n = this.held.length;
    for (const res of this.held) res.destroy();
    this.held = [];
    return n;
  }
  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

let dir: string;
let tg: FakeTelegramApi;
let gate: Gate;
let store: Store;
let bot: BotProcess | undefined;

beforeAll(async () => {
  // tmpfs when there is one: 2000 seeded subscriptions would cost seconds of fsync on disk.
  // A process kill leaves the page cache intact, so this changes nothing about what is tested.
  dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'nghebot-kill-'));
  tg = await new FakeTelegramApi({ token: TOKEN, maxPollMs: 200 }).start();
  gate = await new Gate(tg.url).start();
  store = await openEmbeddedStore(dir);
});
afterAll(async () => {
  await bot?.kill().catch(() => undefined);
  await store?.close();
  await gate?.stop();
  await tg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL in the middle of a broadcast', () => {
  it('after a restart every one of 2000 recipients has exactly one message', async () => {
    const now = new Date();
    for (let i = 0; i < N; i++) {
      await store.subscribe({ channel: 'telegram', userId: String(FIRST_CHAT + i), topic: 'fair', provinceCode: '86' }, now);
    }
    const { announcement } = await store.createAnnouncement(
      { text: 'Hội chợ việc làm Vĩnh Long', topics: ['fair'], provinceCodes: ['86'], channels: [], sendAt: now.toISOString(), createdBy: 'cli' },
      now,
    );

    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: gate.url, DATA_DIR: dir, SEED_CONTENT: '0', QUIET_HOURS: '0-0' };
    const tuning = {
      pollMs: 200,
      outbox: { pollMs: 200, leaseMs: 3000, sendDeadlineMs: 2500, limits: { telegram: { perSecond: 400, burst: 10 } }, concurrency: { telegram: 16 } },
    };
    bot = await spawnBot(env, tuning);
    await until(() => tg.sent().length >= 700, 30_000, '700 messages before the kill');

    gate.holding = true;
    let seen = tg.callsOf('sendMessage').length;
    let quietSince = Date.now();
    await until(() => {
      const n = tg.callsOf('sendMessage').length;
      if (n !== seen) [seen, quietSince] = [n, Date.now()];
      return Date.now() - quietSince >= 250;
    }, 10_000, 'every lane to wait on a held answer');
    await bot.kill();
    const inFlight = gate.release();
    gate.holding = false;
    const delivered = tg.sent().length;
    const mid = await store.deliveryStats(announcement.id);
    // Mid-broadcast for real: some sent, the in-flight ones delivered but unanswered, the rest pending.
    expect(delivered).toBeLessThan(N);
    expect(inFlight).toBeGreaterThan(0);
    expect(mid.sent).toBe(delivered - inFlight);
    expect(mid.claimed).toBe(inFlight);
    // A worker that dies right after claiming, before sending anything.
    const abandoned = await store.claimDeliveries('died-after-claim', 50, new Date(), 2000);
    expect(abandoned).toHaveLength(50);

    bot = await spawnBot(env, tuning);
    await until(async () => {
      const s = await store.deliveryStats(announcement.id);
      return s.pending === 0 && s.claimed === 0;
    }, 60_000, 'every delivery settled after the restart');
    await until(async () => (await store.getAnnouncement(announcement.id))?.status === 'done', 10_000, 'the announcement to be done');
    await sleep(500); // room for a stray duplicate to show up
    expect(await bot.stop()).toBe(0);
    bot = undefined;

    const perChat = new Map<string, number>();
    for (const s of tg.sent()) perChat.set(String(s.chat_id), (perChat.get(String(s.chat_id)) ?? 0) + 1);
    const duplicates = [...perChat.values()].filter((n) => n > 1).length;
    expect(perChat.size).toBe(N);
    expect(duplicates).toBe(0);
    // The in-flight ones are reported as unknown (they did arrive, once); everyone else is sent,
    // the abandoned claims included.
    for (const d of abandoned) expect(perChat.get(d.userId)).toBe(1);
    const end = await store.deliveryStats(announcement.id);
    expect(end).toMatchObject({ total: N, failed: 0 });
    expect(end.unknown).toBe(inFlight);
    expect(end.sent).toBe(N - inFlight);
  }, 150_000);
});
