/**
 * The catalogue's current-item queries (CatalogueStore) against the domain's own predicates
 * (src/courses/schedule.ts), on the embedded store or, with MONGODB_URI, on MongoDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentItem, StoredItem } from '../../src/content/model.js';
import { openCourses } from '../../src/courses/open-courses.js';
import { courseClosed, listedUntil, registrationUntil, scheduleColumns, tradeKey } from '../../src/courses/schedule.js';
import type { CurrentItemsQuery } from '../../src/store/ports.js';
import type { Store } from '../../src/store/types.js';
import { testStoreAt, type TestStoreSite } from './support/test-store.js';

const TODAY = '2027-03-10';
const PROVINCES = ['01', '40', undefined] as const;
const TRADES = ['May công nghiệp', 'may cong nghiep', 'Hàn điện', undefined] as const;
const DATES = [undefined, '2027-03-01', '2027-03-09', '2027-03-10', '2027-03-10T17:00', '2027-04-01'] as const;

/** Every combination of deadline, start, province and trade that matters, plus fairs and policies. */
function fixtures(): ContentItem[] {
  const items: ContentItem[] = [];
  let n = 0;
  for (const deadline of DATES)
    for (const startsAt of DATES)
      for (const [i, province] of PROVINCES.entries()) {
        const trade = TRADES[n % TRADES.length];
        items.push({
          id: `course-${String(n++).padStart(3, '0')}`,
          kind: 'course',
          title: `Lớp ${n % 7} ${i}`,
          ...(deadline ? { deadline } : {}),
          ...(startsAt ? { startsAt } : {}),
          ...(province ? { province } : {}),
          ...(trade ? { trade } : {}),
        });
      }
  for (const endsAt of DATES) {
    items.push({ id: `fair-${n++}`, kind: 'fair', title: `Hội chợ ${n}`, ...(endsAt ? { endsAt } : {}), startsAt: '2027-03-05' });
    items.push({ id: `policy-${n++}`, kind: 'policy', title: `${n % 3 === 0 ? 'Đào' : 'An'} ${n}`, ...(endsAt ? { endsAt } : {}) });
  }
  return items;
}
const provinceOf = (item: ContentItem) => (item.province === undefined ? undefined : item.province);
// Content provinces are names; here the fixtures name the codes themselves.
const codeOf = (item: ContentItem | StoredItem) => (item as { province?: string }).province;

/** The same query answered by reading everything and applying the domain's predicates. */
function reference(all: ContentItem[], q: CurrentItemsQuery): string[] {
  const until = (i: ContentItem) => (q.until === 'registration' ? registrationUntil(i) : listedUntil(i));
  const key = (i: ContentItem) => (q.order === 'title' ? scheduleColumns(i).titleKey : scheduleColumns(i).startKey);
  const picked = all
    .filter((i) => i.kind === q.kind && (until(i) ?? '') >= q.today && (q.endingBy === undefined || (until(i) ?? '') <= q.endingBy))
    .filter((i) => !q.provinceCodes?.length || q.provinceCodes.includes(codeOf(i) ?? '') || (q.includeWithoutProvince && codeOf(i) === undefined))
    .filter((i) => q.tradeKey === undefined || tradeKey(i.trade) === q.tradeKey)
    .filter((i) => i.id !== q.excludeId)
    .sort((a, b) => key(a).localeCompare(key(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return picked.slice(0, q.limit ?? picked.length).map((i) => i.id);
}

let dir: string;
let site: TestStoreSite;
let store: Store;
const all = fixtures();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-catalogue-'));
  site = testStoreAt(dir);
  store = await site.open();
  await store.importItems(all, provinceOf);
});
afterEach(async () => {
  await store.close();
  await site.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('current catalogue items, asked of the store', () => {
  const queries: CurrentItemsQuery[] = [
    { kind: 'course', today: TODAY },
    { kind: 'course', today: TODAY, limit: 8 },
    { kind: 'course', today: TODAY, until: 'registration' },
    { kind: 'course', today: TODAY, until: 'registration', provinceCodes: ['01'] },
    { kind: 'course', today: TODAY, until: 'registration', provinceCodes: ['01', '40'], includeWithoutProvince: true, limit: 5 },
    { kind: 'course', today: TODAY, until: 'registration', tradeKey: 'may cong nghiep', excludeId: 'course-004' },
    { kind: 'course', today: '2027-03-11', provinceCodes: ['40'] },
    { kind: 'course', today: TODAY, until: 'registration', endingBy: '2027-03-31' },
    { kind: 'fair', today: TODAY },
    { kind: 'policy', today: TODAY, order: 'title' },
    { kind: 'policy', today: TODAY, order: 'title', limit: 2 },
  ];
  for (const q of queries) {
    it(`answers ${JSON.stringify(q)} as the domain's predicates do`, async () => {
      const expected = reference(all, q);
      expect(expected.length).toBeGreaterThan(0);
      expect((await store.listCurrentItems(q)).map((i) => i.id)).toEqual(expected);
    });
  }

  it('offers open courses of a trade however it is written, never a closed one', async () => {
    const open = await openCourses(store, TODAY, { trade: 'MAY CÔNG NGHIỆP' });
    expect(open.length).toBeGreaterThan(0);
    for (const c of open) {
      expect(tradeKey(c.trade)).toBe('may cong nghiep');
      expect(courseClosed(c, TODAY)).toBe(false);
    }
    const closed = all.filter((c) => c.kind === 'course' && tradeKey(c.trade) === 'may cong nghiep' && courseClosed(c, TODAY));
    expect(closed.length).toBeGreaterThan(0);
    expect(await openCourses(store, TODAY, { trade: '!!' })).toEqual([]);
  });

  it('sees an item whose dates change on re-import', async () => {
    const first = all.find((i) => i.kind === 'course' && i.deadline === '2027-03-01')!;
    const ids = async () => (await store.listCurrentItems({ kind: 'course', today: TODAY, until: 'registration' })).map((i) => i.id);
    expect(await ids()).not.toContain(first.id);
    await store.importItems([{ ...first, deadline: '2027-05-01' }], provinceOf);
    expect(await ids()).toContain(first.id);
  });
});
