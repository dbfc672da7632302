/**
 * A store with thousands of courses: the catalogue, the course picker and the officer's figures ask
 * the store for open courses (an indexed query) instead of reading a first batch and filtering it,
 * so a course imported last is listed and can be enrolled in like any other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { resolveProvinceName } from '../../src/text/provinces.js';
import { actionsOf, enrol, OFFICER, openBot, tap, textOf, type TestBot } from './helpers.js';

const VINH_LONG = resolveProvinceName('Vĩnh Long')!.code;
const COURSES = 5000;

let dir: string;
let bot: TestBot;

const bulkCourse = (i: number): ContentItem => ({
  id: `course-bulk-${String(i).padStart(5, '0')}`,
  kind: 'course',
  title: `Lớp nghề số ${i}`,
  trade: i % 2 ? 'May' : 'Điện',
  province: 'Vĩnh Long',
  // All after the newest course's start, so that one heads every list.
  startsAt: `2034-${String(1 + (i % 12)).padStart(2, '0')}-15`,
  deadline: '2034-01-10',
  capacity: 30,
});
const NEWEST: ContentItem = {
  id: 'course-newest',
  kind: 'course',
  title: 'Lớp sửa xe máy mới mở',
  trade: 'Sửa xe',
  province: 'Vĩnh Long',
  startsAt: '2033-06-01',
  deadline: '2033-05-20',
  capacity: 10,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-many-'));
  bot = await openBot(dir);
  bot.clock.now = new Date('2033-03-01T03:00:00Z');
  const store = bot.core.store;
  await store.importItems(Array.from({ length: COURSES }, (_, i) => bulkCourse(i)), () => VINH_LONG);
  // A later import: a higher revision than every other course.
  await store.importItems([NEWEST], () => VINH_LONG);
  expect(await store.countItems()).toBeGreaterThan(COURSES);
}, 60_000);
afterAll(async () => {
  await bot.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`${COURSES} courses in the store`, () => {
  it('lists the newest course first in the catalogue, for all provinces and for its own', async () => {
    for (const action of ['browse:course', `browse:course:${VINH_LONG}`]) {
      const [reply] = await bot.say('u1', tap(action));
      expect(reply!.items?.[0]?.title).toBe(NEWEST.title);
    }
  });

  it('offers it when someone asks to enrol without naming a course, and enrols them', async () => {
    const pick = await bot.say('u2', 'đăng ký học');
    expect(actionsOf(pick)).toContain(`enroll:${NEWEST.id}`);

    const done = await enrol(bot, 'u2', NEWEST.id, { name: 'Trần Thị Bình', phone: '0912 111 222' });
    expect(textOf(done)).toContain('Đăng ký thành công');
    const [e] = await bot.core.store.listEnrollments({ user: { channel: 'cli', userId: 'u2' } });
    expect(e).toMatchObject({ courseId: NEWEST.id, status: 'enrolled', fullName: 'Trần Thị Bình' });
  });

  it("counts it in the officer's figures", async () => {
    const r = await bot.say(OFFICER, '/thongke');
    expect(textOf(r)).toContain(NEWEST.title);
  });
});
