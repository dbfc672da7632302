import Database from 'better-sqlite3';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedStore } from '/work/main/src/store/sqlite.js';
import { FakeTelegramApi } from '/work/main/test/fakes/telegram-api.js';
import { spawnBot } from '/work/main/test/broadcast/spawn-bot.js';
const N = 20000, LIMIT = 2000, TOKEN = '900900:BENCH-broadcast';
const dir = mkdtempSync(join('/dev/shm', 'diag-'));
const tg = await new FakeTelegramApi({ token: TOKEN }).start(); tg.setRateLimit(LIMIT);
const store = await openEmbeddedStore(dir);
for (let i = 0; i < N; i++) await store.subscribe({ channel: 'telegram', userId: String(1e7 + i), topic: 'fair', provinceCode: '86' }, new Date());
const { announcement } = await store.createAnnouncement({ text: 'diag', topics: ['fair'], provinceCodes: ['86'], channels: [], sendAt: new Date().toISOString(), createdBy: 'x' }, new Date());
const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, DATA_DIR: dir, SEED_CONTENT: '0', QUIET_HOURS: '0-0', LOG_LEVEL: 'error' };
const tuning = { outbox: { pollMs: 200, leaseMs: 3000, sendDeadlineMs: 2500, limits: { telegram: { perSecond: 1940, burst: 10, perChatGapMs: 1000 } }, concurrency: { telegram: 32 } } };
let bot = await spawnBot(env, tuning);
while (tg.calls.length < 8000) await new Promise(r => setTimeout(r, 20));
await bot.kill();
const killT = Date.now();
await new Promise(r => setTimeout(r, 300));
bot = await spawnBot(env, tuning);
for (;;) { const s = await store.deliveryStats(announcement.id); if (s.pending === 0 && s.claimed === 0 && s.total === N) break; await new Promise(r => setTimeout(r, 200)); }
await bot.stop();
const db = new Database(join(dir, 'nghebot.db'), { readonly: true });
const rows = db.prepare("SELECT id, user_id, attempts, error FROM deliveries WHERE state = 'unknown'").all() as any[];
for (const r of rows) {
  const calls = tg.calls.filter(c => String(c.params.chat_id) === r.user_id);
  console.log(r, calls.map(c => ({ status: c.status, dt: c.at - killT })));
}
console.log('calls with status -1/500:', tg.calls.filter(c => c.status !== 200 && c.status !== 0).length);
process.exit(0);
