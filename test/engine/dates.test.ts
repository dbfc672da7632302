/**
 * An item's dates are words people ask with ("hội chợ tháng 8", "lớp khai giảng tháng 9"): the months
 * from its start to its end, and its enrolment deadline's, are indexed (fields.ts dateWords); not the year, which every dated item would hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinceCodeOf } from '../../src/content/import.js';
import type { ContentItem } from '../../src/content/model.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { dateWords } from '../../src/engine/fields.js';
import { tempStore, type TempStore } from '../support/harness.js';

// The April fair is imported last: on words alone it would win the tie, as the newer item.
const ITEMS: ContentItem[] = [
  { id: 'fair-august', kind: 'fair', title: 'Hội chợ làng nghề Vĩnh Long', summary: 'Trưng bày gốm, cói, nấm rơm.', province: 'Vĩnh Long', startsAt: '2027-08-20', endsAt: '2027-08-26' },
  { id: 'fair-april', kind: 'fair', title: 'Hội chợ làng nghề Vĩnh Long', summary: 'Trưng bày gốm, cói, nấm rơm.', province: 'Vĩnh Long', startsAt: '2027-04-02', endsAt: '2027-04-07' },
  { id: 'course-han', kind: 'course', title: 'Lớp hàn điện', summary: 'Hàn hồ quang.', province: 'Vĩnh Long', startsAt: '2027-03-01', deadline: '2027-02-15' },
];

let temp: TempStore;
let engine: AnswerEngine;
beforeAll(async () => {
  temp = await tempStore('nghebot-dates-');
  await temp.store.importItems(ITEMS, provinceCodeOf);
  engine = new AnswerEngine(temp.store);
  await engine.load();
});
afterAll(() => temp.cleanup());

describe('dates as words', () => {
  it('lists every month from start to end, and the deadline month', () => {
    expect(dateWords({ startsAt: '2027-11-20', endsAt: '2028-01-05' })).toBe('tháng 11 , tháng 12 , tháng 1');
    expect(dateWords({ startsAt: '2027-03-01', deadline: '2027-02-15' })).toBe('tháng 3 , tháng 2');
    expect(dateWords({ startsAt: '2027-03-01', endsAt: '2027-03-20', deadline: '2027-03-01' })).toBe('tháng 3');
    // A plan over years is not a "when".
    expect(dateWords({ startsAt: '2026-01-01', endsAt: '2030-12-31' })).toBe('');
    expect(dateWords({})).toBe('');
  });

  it('the month asked for picks the item held then', async () => {
    expect((await engine.ask('tháng 8 ở Vĩnh Long có hội chợ làng nghề không')).results[0]?.id).toBe('fair-august');
    expect((await engine.ask('hoi cho lang nghe vinh long thang 4')).results[0]?.id).toBe('fair-april');
  });
});
