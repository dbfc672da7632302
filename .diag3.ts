import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedStore } from './src/store/sqlite.js';
import { FakeTelegramApi } from './test/fakes/telegram-api.js';
import { spawnBot } from './test/broadcast/spawn-bot.js';
const N = 12000, LIMIT = 2000, TOKEN = '900900:BENCH-broadcast';
const C = Number(process.env.C ?? 8), BURST = Number(process.env.B ?? 10);
for (let round = 0; round < Number(process.env.R ?? 3); round++) {
const dir = mkdtempSync(join('/dev/shm', 'diag-'));
const tg = await new FakeTelegramApi({ token: TOKEN }).start(); tg.setRateLimit(LIMIT);
const store = await openEmbeddedStore(dir);
for (let i = 0; i < N; i++) await store.subscribe({ channel: 'telegram', userId: String(1e7 + i), topic: 'fair', provinceCode: '86' }, new Date());
const { announcement } = await store.createAnnouncement({ text: 'diag', topics: ['fair'], provinceCodes: ['86'], channels: [], sendAt: new Date().toISOString(), createdBy: 'x' }, new Date());
const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, DATA_DIR: dir, SEED_CONTENT: '0', QUIET_HOURS: '0-0', LOG_LEVEL: 'error' };
const tuning = { outbox: { pollMs: 200, leaseMs: 2000, sendDeadlineMs: 1500, limits: { telegram: { perSecond: 1940, burst: BURST, perChatGapMs: 1000 } }, concurrency: { telegram: C } } };
let bot = await spawnBot(env, tuning);
const killAt = 3000 + Math.floor(Math.random() * 4000);
while (tg.calls.length < killAt) await new Promise(r => setTimeout(r, 5));
await bot.kill();
bot = await spawnBot(env, tuning);
for (;;) { const s = await store.deliveryStats(announcement.id); if (s.pending === 0 && s.claimed === 0 && s.total === N) break; await new Promise(r => setTimeout(r, 100)); }
await bot.stop();
const per = new Map<string, number>();
for (const c of tg.calls) if (c.method === 'sendMessage' && c.status === 200) per.set(String(c.params.chat_id), (per.get(String(c.params.chat_id)) ?? 0) + 1);
const s = await store.deliveryStats(announcement.id);
const at = tg.calls.filter(c => c.method === 'sendMessage' && c.status === 200).map(c => c.at).sort((a,b)=>a-b);
console.log(`C=${C} B=${BURST} unknown=${s.unknown} missing=${N - per.size} dups=${[...per.values()].filter(n=>n>1).length} rate=${((at.length-1)/((at.at(-1)!-at[0]!)/1000)).toFixed(0)}`);
if (N - per.size > 0) {
  const db = new Database(join(dir, 'nghebot.db'), { readonly: true });
  const rows = db.prepare("SELECT id, user_id, state, attempts, error FROM deliveries WHERE state != 'sent'").all() as any[];
  for (const r of rows) console.log(' ', r, per.get(r.user_id) ?? 0, tg.calls.filter(c => String(c.params.chat_id) === r.user_id).map(c => c.status));
  const mk = db.prepare("SELECT key FROM processed WHERE scope = 'outbox:started' AND key LIKE ?");
  for (const r of rows) console.log('  markers', mk.all(r.id + '#%'));
}
await store.close(); await tg.stop(); rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
