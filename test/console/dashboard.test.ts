/**
 * The dashboard's charts from real traffic: questions asked in the web chat of the bot as `serve`
 * builds it are counted per day (answered or not, by province), and subscribers per province and
 * topic; each officer sees their province, an admin everything. Counts only: no question text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from '../../src/app.js';
import { addOfficer } from '../../src/console/accounts.js';
import { loadConfig } from '../../src/config.js';
import { provinceCodeOf } from '../../src/content/import.js';
import { createLogger } from '../../src/observability/logger.js';
import { manualClock } from '../../src/time/clock.js';
import { webBrowser } from '../server/helpers.js';
import { AN_GIANG, consoleBrowser, PASSWORD, VINH_LONG } from './helpers.js';

/** 09:00 on 2 March 2027 in Vietnam. */
const clock = manualClock('2027-03-02T02:00:00.000Z', 'Asia/Ho_Chi_Minh');
let app: ServerApp;
let dir: string;

/** The table row of a chart for `label`: its numbers, in column order. */
function tableRow(body: string, label: string): number[] | undefined {
  const m = new RegExp(`<tr><th scope="row">${label}</th>((?:<td>\\d+</td>)+)</tr>`).exec(body);
  return m ? [...m[1]!.matchAll(/<td>(\d+)<\/td>/g)].map((x) => Number(x[1])) : undefined;
}
function section(body: string, id: string): string {
  const start = body.indexOf(`id="${id}"`);
  return start < 0 ? '' : body.slice(start, body.indexOf('</section>', start));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-dashboard-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, SEED_CONTENT: '0', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
  app = await createServerApp(config, { logger: createLogger('silent'), clock });
  await app.store.importItems(
    [
      { id: 'course-nuoi-de', kind: 'course', title: 'Lớp nuôi dê thịt Vĩnh Long', summary: 'Kỹ thuật chăn nuôi dê thịt.', province: 'Vĩnh Long' },
      { id: 'course-may', kind: 'course', title: 'Lớp may công nghiệp An Giang', summary: 'Khóa 2 tháng dạy may.', province: 'An Giang' },
    ],
    provinceCodeOf,
  );
  await app.engine.refresh(true);
  await addOfficer(app.store, { username: 'lan', password: PASSWORD, provinceCode: VINH_LONG, admin: false }, 'test', clock.now());
  await addOfficer(app.store, { username: 'boss', password: PASSWORD, admin: true }, 'test', clock.now());
});
afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard charts', () => {
  it('counts the questions of each day, answered or not, by province, and shows each officer theirs', async () => {
    const chat = webBrowser(app.server);
    const ask = async (text: string) => chat.chat({ text });
    // Yesterday: one answered question about Vĩnh Long's course.
    clock.set('2027-03-01T03:00:00.000Z');
    await ask('lớp nuôi dê');
    clock.set('2027-03-02T02:00:00.000Z');
    await ask('lớp nuôi dê thịt'); // answered with Vĩnh Long's course
    await ask('học may công nghiệp'); // answered with An Giang's course
    await ask('giá vàng hôm nay'); // not answered, no province
    await ask('giá vàng ở Vĩnh Long hôm nay'); // not answered, names Vĩnh Long
    await ask('xin chào'); // a greeting, not a question

    expect(await app.store.questionCounts.questionCounts({ from: '2027-03-01', to: '2027-03-02' })).toEqual([
      { day: '2027-03-01', provinceCode: VINH_LONG, answered: 1, unanswered: 0 },
      { day: '2027-03-02', answered: 0, unanswered: 1 },
      { day: '2027-03-02', provinceCode: VINH_LONG, answered: 1, unanswered: 1 },
      { day: '2027-03-02', provinceCode: AN_GIANG, answered: 1, unanswered: 0 },
    ]);

    const lan = consoleBrowser(app.server);
    await lan.login('lan');
    const mine = section((await lan.get('/admin')).body, 'questions-per-day');
    expect(mine).toContain('Câu hỏi mỗi ngày');
    expect(tableRow(mine, '01/03')).toEqual([1, 0, 1]);
    expect(tableRow(mine, '02/03')).toEqual([1, 1, 2]);
    expect(tableRow(mine, '20/02')).toEqual([0, 0, 0]); // 14 days, empty ones included
    expect(mine).toContain('<svg class="stack"');
    expect(mine).not.toContain('giá vàng');

    const boss = consoleBrowser(app.server);
    await boss.login('boss');
    const all = section((await boss.get('/admin')).body, 'questions-per-day');
    expect(tableRow(all, '02/03')).toEqual([2, 2, 4]);
  });

  it('shows active subscribers per province and topic, an officer only their province and those of every province', async () => {
    const t = (userId: string) => ({ channel: 'telegram' as const, userId });
    await app.store.subscribe({ ...t('a'), topic: 'course', provinceCode: VINH_LONG }, clock.now());
    await app.store.subscribe({ ...t('b'), topic: 'course', provinceCode: VINH_LONG }, clock.now());
    await app.store.subscribe({ ...t('b'), topic: 'fair', provinceCode: VINH_LONG }, clock.now());
    await app.store.subscribe({ ...t('c'), topic: 'policy', provinceCode: '*' }, clock.now());
    await app.store.subscribe({ ...t('d'), topic: 'course', provinceCode: AN_GIANG }, clock.now());
    await app.store.subscribe({ ...t('gone'), topic: 'course', provinceCode: VINH_LONG }, clock.now());
    await app.store.setUserActive(t('gone'), false, 'blocked');

    const lan = consoleBrowser(app.server);
    await lan.login('lan');
    const mine = section((await lan.get('/admin')).body, 'subscribers');
    // Columns: đào tạo nghề, chính sách, hội chợ, kế hoạch, total.
    expect(tableRow(mine, 'Vĩnh Long')).toEqual([2, 0, 1, 0, 3]);
    expect(tableRow(mine, 'Mọi tỉnh')).toEqual([0, 1, 0, 0, 1]);
    expect(tableRow(mine, 'An Giang')).toBeUndefined();

    const boss = consoleBrowser(app.server);
    await boss.login('boss');
    expect(tableRow(section((await boss.get('/admin')).body, 'subscribers'), 'An Giang')).toEqual([1, 0, 0, 0, 1]);
  });
});
