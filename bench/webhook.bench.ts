/**
 * Webhook benchmark: 1,000 Telegram updates from 100 users POSTed to the real server
 * (createServerApp, real router, handlers and embedded store with the shipped content) in webhook
 * mode, replies going to the fake Telegram API on 127.0.0.1. Each POST is answered after the turn
 * completes, so its latency is the time to handle one update. ~10 requests in flight; each user's
 * updates are sent in order.
 *
 *   npm run bench:webhook
 *
 * Bar: p99 ≤ 50 ms per update.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServerApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { FakeTelegramApi, tgUpdate } from '../test/fakes/telegram-api.js';

const USERS = 100;
const PER_USER = 10;
const TOTAL = USERS * PER_USER;
const CONCURRENCY = 10;
const BAR_P99_MS = 50;
const TOKEN = '900901:BENCH-webhook';
const SECRET = 'bench_webhook-SECRET';
const FIRST_USER = 20_000_000;
const TEXTS = ['co lop hoc han k a', 'hoc nghe mien phi cho ai', 'hoi cho vinh long', 'xin chao', 'vay von'];
const REQUEST_TIMEOUT_MS = 10_000;
const RUN_TIMEOUT_MS = 120_000;

const watchdog = setTimeout(() => {
  console.error(`webhook bench: did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
  process.exit(2);
}, RUN_TIMEOUT_MS);
watchdog.unref();

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const tg = await new FakeTelegramApi({ token: TOKEN }).start();
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-bench-webhook-'));
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    TELEGRAM_WEBHOOK_URL: 'https://example.test/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    FLOOD_LIMIT: '1000',
  });
  const app = await createServerApp(config, { logger: createLogger('silent') });
  let failed = 0;
  try {
    const address = await app.listen();
    const endpoint = `${address}/telegram/webhook`;

    // Per-user queues in order; workers take whole users so a user's updates never overlap.
    const latencies: number[] = [];
    let updateId = 1;
    const users = Array.from({ length: USERS }, (_, i) => FIRST_USER + i);
    let nextUser = 0;

    async function post(body: unknown): Promise<number> {
      const t0 = performance.now();
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (res.status !== 200) failed++;
      return ms;
    }

    async function worker() {
      while (nextUser < users.length) {
        const userId = users[nextUser++]!;
        for (let k = 0; k < PER_USER; k++) {
          const text = TEXTS[(userId + k) % TEXTS.length]!;
          try {
            latencies.push(await post({ update_id: updateId++, ...tgUpdate.text(userId, text) }));
          } catch {
            failed++;
          }
        }
      }
    }

    const start = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsedS = (performance.now() - start) / 1000;

    // Replies are sent before the webhook answers; allow a moment for any stragglers.
    await tg.waitFor(() => tg.callsOf('sendMessage').length >= TOTAL, 5_000).catch(() => undefined);
    const replies = tg.callsOf('sendMessage').filter((c) => c.status === 200).length;
    const usersReplied = new Set(tg.sent().map((s) => String(s.chat_id))).size;

    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = sorted.length ? pct(sorted, 99) : Infinity;
    const f = (x: number) => x.toFixed(1);
    console.log(`webhook bench: ${TOTAL} updates, ${USERS} users, concurrency ${CONCURRENCY}, store ${app.store.kind}`);
    console.log(`  answered      ${latencies.length} (${failed} failed / non-200)`);
    if (sorted.length) {
      console.log(`  latency ms    p50 ${f(pct(sorted, 50))}  p95 ${f(pct(sorted, 95))}  p99 ${f(p99)}  max ${f(sorted[sorted.length - 1]!)}`);
    }
    console.log(`  throughput    ${f(latencies.length / elapsedS)} updates/s (${elapsedS.toFixed(2)} s)`);
    console.log(`  replies       ${replies} sendMessage calls to ${usersReplied} users (need ≥ ${TOTAL})`);
    const ok = p99 <= BAR_P99_MS && replies >= TOTAL && failed === 0;
    console.log(`  bar           p99 ≤ ${BAR_P99_MS} ms: ${p99 <= BAR_P99_MS ? 'PASS' : 'FAIL'}; replies ≥ ${TOTAL}: ${replies >= TOTAL ? 'PASS' : 'FAIL'} → ${ok ? 'PASS' : 'FAIL'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await app.stop();
    await tg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => clearTimeout(watchdog),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
