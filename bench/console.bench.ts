/**
 * The officers' console on a generated store: how long a sign-in takes (scrypt), and the median and
 * p95 of the dashboard (with 5,000 subscribers and two weeks of question counts), the content list,
 * "Thử hỏi" and the enrolment overview, served through inject() (no socket).
 *
 *   node --import tsx bench/console.bench.ts [ITEMS]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { addOfficer } from '../src/console/accounts.js';
import { consolePlugin } from '../src/console/plugin.js';
import { provinceCodeOf } from '../src/content/import.js';
import type { ContentItem } from '../src/content/model.js';
import { AnswerEngine } from '../src/engine/engine.js';
import { openEmbeddedStore } from '../src/store/sqlite/index.js';

const ITEMS = Number(process.argv[2] ?? 5000);
const PROVINCES = ['Vĩnh Long', 'An Giang', 'Hà Nội', 'Nghệ An', 'Cần Thơ'];
const TRADES = ['hàn điện', 'may công nghiệp', 'sửa xe máy', 'trồng nấm', 'nuôi ong', 'đan cói', 'điện dân dụng', 'nấu ăn'];

const dir = mkdtempSync(join(tmpdir(), 'nghebot-console-bench-'));
const store = await openEmbeddedStore(dir);
const items: ContentItem[] = Array.from({ length: ITEMS }, (_, i) => ({
  id: `course-${i}`,
  kind: 'course',
  title: `Lớp ${TRADES[i % TRADES.length]} khóa ${i}`,
  summary: `Khóa học ${TRADES[i % TRADES.length]} cho lao động nông thôn, miễn phí.`,
  province: PROVINCES[i % PROVINCES.length]!,
  capacity: 30,
}));
await store.importItems(items, provinceCodeOf);
// The dashboard's charts read subscribers per province and topic, and two weeks of question counts.
const TOPICS = ['course', 'policy', 'fair', 'plan'] as const;
const CODES = ['86', '91', '01', '40', '92', '*'];
for (let u = 0; u < 5000; u++) await store.subscribe({ channel: 'telegram', userId: `u${u}`, topic: TOPICS[u % 4]!, provinceCode: CODES[u % CODES.length]! }, new Date());
for (let d = 1; d <= 14; d++) for (let q = 0; q < 200; q++) await store.questionCounts.countQuestion(`${new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10)}`, CODES[q % 5], q % 3 > 0);
const engine = new AnswerEngine(store);
await engine.load();
const app = Fastify();
await app.register(consolePlugin, { prefix: '/admin', store, engine, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }) });
await app.ready();
await addOfficer(store, { username: 'lan', password: 'mat-khau-cua-lan', provinceCode: '86', admin: false }, 'bench', new Date());

const loginTimes: number[] = [];
let cookie = '';
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const res = await app.inject({ method: 'POST', url: '/admin/login', remoteAddress: `10.0.0.${i}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=lan&password=mat-khau-cua-lan' });
  loginTimes.push(performance.now() - t);
  cookie = res.cookies.find((c) => c.name === 'nghebot_admin')!.value;
}

async function measure(url: string, n = 30): Promise<string> {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const res = await app.inject({ url, cookies: { nghebot_admin: cookie } });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return `median ${times[Math.floor(n / 2)]!.toFixed(1)} ms, p95 ${times[Math.floor(n * 0.95)]!.toFixed(1)} ms, CPU median ${cpu[Math.floor(n / 2)]!.toFixed(1)} ms`;
}

console.log(`console, ${ITEMS} items in the store`);
console.log(`sign-in (scrypt N=2^15): median ${loginTimes.sort((a, b) => a - b)[2]!.toFixed(0)} ms`);
console.log(`/admin (dashboard):      ${await measure('/admin', 10)}`);
console.log(`/admin/content:          ${await measure('/admin/content')}`);
console.log(`/admin/content?q=han:    ${await measure('/admin/content?q=han%20dien')}`);
console.log(`/admin/try:              ${await measure('/admin/try?q=' + encodeURIComponent('lop han dien o vinh long'))}`);
console.log(`/admin/enrollments:      ${await measure('/admin/enrollments')}`);
await app.close();
await engine.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
