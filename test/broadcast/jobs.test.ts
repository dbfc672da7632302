/**
 * Scheduled jobs on one shared store: two scheduler instances (as two bot processes would run)
 * fire each occurrence once; the digest announces each new item once, whatever is re-imported;
 * reminders fire once per item and date; a cron announcement fans out once per occurrence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnouncementJob } from '../../jobs/announcements.js';
import { DIGEST_WATERMARK, initDigestWatermark, localDate, runDigest } from '../../jobs/digest.js';
import { runReminders } from '../../jobs/reminders.js';
import { Scheduler } from '../../jobs/scheduler.js';
import { quietPolicy } from '../../src/broadcast/quiet-hours.js';
import type { ContentItem } from '../../src/content/model.js';
import { provinceCodeOf } from '../../src/content/import.js';
import { createLogger } from '../../src/observability/logger.js';
import { testStoreAt, type TestStoreSite } from '../store/support/test-store.js';
import type { Store } from '../../src/store/types.js';
import { sleep } from './helpers.js';

const TZ = 'Asia/Ho_Chi_Minh';
const logger = createLogger('silent');
const DAY = 86_400_000;

let dir: string;
let site: TestStoreSite;
let store: Store;
let other: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-jobs-'));
  site = testStoreAt(dir);
  store = await site.open();
  // A second connection to the same store, as a second process would have.
  other = await site.open();
});
afterEach(async () => {
  await store.close();
  await other.close();
  await site.drop();
  rmSync(dir, { recursive: true, force: true });
});

const dateIn = (days: number, from = Date.now()) => localDate(new Date(from + days * DAY), TZ);
const fair = (id: string, startsAt: string, extra: Partial<ContentItem> = {}): ContentItem =>
  ({ id, kind: 'fair', title: `Hội chợ ${id}`, province: 'Vĩnh Long', startsAt, ...extra }) as ContentItem;
const course = (id: string, deadline: string, extra: Partial<ContentItem> = {}): ContentItem =>
  ({ id, kind: 'course', title: `Lớp ${id}`, province: 'Bến Tre', deadline, ...extra }) as ContentItem;

describe('scheduler', () => {
  it('two instances on one store: every occurrence of a job runs exactly once', async () => {
    const runs = new Map<string, string[]>();
    const make = (name: string) =>
      new Scheduler({ store: name === 'A' ? store : other, logger, timeZone: TZ, owner: name }).add({
        name: 'tick',
        cron: '* * * * * *',
        run: async (at) => {
          runs.set(at.toISOString(), [...(runs.get(at.toISOString()) ?? []), name]);
        },
      });
    const a = make('A');
    const b = make('B');
    a.start();
    b.start();
    await sleep(3200);
    await a.stop();
    await b.stop();
    expect(runs.size).toBeGreaterThanOrEqual(2);
    for (const [, who] of runs) expect(who).toHaveLength(1);
  });

  it('running an occurrence by hand goes through the same lease', async () => {
    let n = 0;
    const mk = (s: Store, owner: string) => new Scheduler({ store: s, logger, timeZone: TZ, owner }).add({ name: 'digest', cron: '0 7 * * *', run: async () => void n++ });
    const at = new Date('2026-11-24T00:00:00Z');
    expect(await mk(store, 'A').runOccurrence('digest', at)).toBe(true);
    expect(await mk(other, 'B').runOccurrence('digest', at)).toBe(false);
    expect(n).toBe(1);
  });

  it('refuses a bad cron with the job named', () => {
    const s = new Scheduler({ store, logger, timeZone: TZ });
    expect(() => s.add({ name: 'digest', cron: '0 24 * * *', run: async () => undefined })).toThrow(/việc "digest".*giờ \(0–23\)/);
  });
});

describe('digest', () => {
  it('announces new courses, fairs and plans once per item, to their topic and province', async () => {
    await store.importItems([fair('cu', dateIn(30))], provinceCodeOf);
    await initDigestWatermark(store); // what was there at install is not news
    expect(await runDigest({ store, logger, timeZone: TZ }, new Date())).toEqual({ announced: 0, seen: 0 });

    await store.importItems(
      [
        fair('ocop', dateIn(20)),
        course('han', dateIn(10)),
        course('het-han', dateIn(-3)), // registration closed: not news any more
        { id: 'cs-vay', kind: 'policy', title: 'Vay vốn' } as ContentItem, // policies are not in the digest
      ],
      provinceCodeOf,
    );
    const first = await runDigest({ store, logger, timeZone: TZ }, new Date());
    expect(first).toEqual({ announced: 2, seen: 2 });
    const list = await store.listAnnouncements();
    expect(list.map((a) => a.dedupeKey).sort()).toEqual(['digest:item:han', 'digest:item:ocop']);
    expect(list.find((a) => a.itemId === 'ocop')).toMatchObject({ topics: ['fair'], provinceCodes: ['86'], createdBy: 'system:digest' });
    expect(list.find((a) => a.itemId === 'han')!.text).toContain('Khóa học nghề mới');

    // The same digest again (second process), an unchanged re-import, a changed re-import: nothing new.
    expect((await runDigest({ store: other, logger, timeZone: TZ }, new Date())).announced).toBe(0);
    await store.importItems([fair('ocop', dateIn(20)), course('han', dateIn(10))], provinceCodeOf);
    expect((await runDigest({ store, logger, timeZone: TZ }, new Date())).announced).toBe(0);
    await store.importItems([fair('ocop', dateIn(21), { title: 'Hội chợ OCOP (đổi ngày)' })], provinceCodeOf);
    expect((await runDigest({ store, logger, timeZone: TZ }, new Date())).announced).toBe(0);
    expect(await store.listAnnouncements()).toHaveLength(2);
    expect(Number(await store.getValue(DIGEST_WATERMARK))).toBe(await store.contentRevision());
  });
});

describe('reminders', () => {
  it('REMINDER_DAYS before a fair opens and before a course deadline, once per item and date', async () => {
    const later = Date.now() + 2 * DAY; // items were imported two days before "now"
    await store.importItems(
      [
        fair('sap-mo', dateIn(3, later)),
        fair('con-xa', dateIn(10, later)),
        course('sap-het-han', dateIn(1, later)),
        course('da-het-han', dateIn(-1, later)),
      ],
      provinceCodeOf,
    );
    const deps = { store, logger, timeZone: TZ, days: 3 };
    expect(await runReminders(deps, new Date(later))).toBe(2);
    expect(await runReminders({ ...deps, store: other }, new Date(later + 3600_000))).toBe(0);
    const keys = (await store.listAnnouncements()).map((a) => a.dedupeKey).sort();
    expect(keys).toEqual([`reminder:course-deadline:sap-het-han:${dateIn(1, later)}`, `reminder:fair-start:sap-mo:${dateIn(3, later)}`]);
    const text = (await store.listAnnouncements()).map((a) => a.text).join('\n');
    expect(text).toContain('còn 3 ngày nữa');
    expect(text).toContain('Ngày mai là hết hạn');

    // The fair is postponed by a day: a fresh reminder for the new date.
    await store.importItems([fair('sap-mo', dateIn(4, later), { title: 'Hội chợ dời ngày' })], provinceCodeOf);
    expect(await runReminders(deps, new Date(later + DAY))).toBe(1);
    expect((await store.listAnnouncements()).map((a) => a.dedupeKey)).toContain(`reminder:fair-start:sap-mo:${dateIn(4, later)}`);

    // An item imported just now was announced by the digest this morning: no reminder on top.
    await store.importItems([fair('moi-nhap', dateIn(2))], provinceCodeOf);
    expect(await runReminders(deps, new Date())).toBe(0);
  });
});

describe('cron announcements', () => {
  it('fan out once per occurrence, then move to the next one', async () => {
    for (const u of ['1', '2']) await store.subscribe({ channel: 'telegram', userId: u, topic: 'plan', provinceCode: '*' }, new Date());
    const t0 = new Date('2026-11-24T00:30:00Z'); // 07:30 in Vietnam, a Tuesday
    const { announcement } = await store.createAnnouncement(
      { text: 'Họp giao ban', topics: ['plan'], provinceCodes: [], channels: [], cron: '0 8 * * *', createdBy: 'cli' },
      t0,
    );
    const quiet = quietPolicy({ QUIET_HOURS: '21-6', TIMEZONE: TZ });
    const jobA = new AnnouncementJob({ store, logger, quiet, owner: 'A' });
    const jobB = new AnnouncementJob({ store: other, logger, quiet, owner: 'B' });
    await jobA.tick(t0);
    expect((await store.getAnnouncement(announcement.id))!.nextRunAt).toBe('2026-11-24T01:00:00.000Z');
    const at8 = new Date('2026-11-24T01:00:05Z');
    const added = (await jobA.tick(at8)) + (await jobB.tick(at8));
    expect(added).toBe(2);
    expect((await store.getAnnouncement(announcement.id))!.nextRunAt).toBe('2026-11-25T01:00:00.000Z');
    expect(await store.deliveryStats(announcement.id)).toMatchObject({ total: 2, pending: 2 });
    // The next day: two more, one per person.
    await jobB.tick(new Date('2026-11-25T01:00:01Z'));
    expect(await store.deliveryStats(announcement.id)).toMatchObject({ total: 4 });
  });
});
