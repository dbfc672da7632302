/**
 * An item's dates are words people ask with ("hội chợ tháng 8", "lớp khai giảng tháng 9"): the months
 * from its start to its end, and its enrolment deadline's, are indexed (fields.ts dateWords); not the year, which every dated item would hold. The years are kept on the item instead, for a question that names one (asked-years.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { dateWords, dateYears } from '../../src/engine/fields.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

// The April fair is imported last: on words alone it would win the tie, as the newer item.
const ITEMS: ContentItem[] = [
  { id: 'fair-august', kind: 'fair', title: 'Hội chợ làng nghề Vĩnh Long', summary: 'Trưng bày gốm, cói, nấm rơm.', province: 'Vĩnh Long', startsAt: '2027-08-20', endsAt: '2027-08-26' },
  { id: 'fair-april', kind: 'fair', title: 'Hội chợ làng nghề Vĩnh Long', summary: 'Trưng bày gốm, cói, nấm rơm.', province: 'Vĩnh Long', startsAt: '2027-04-02', endsAt: '2027-04-07' },
  { id: 'course-han', kind: 'course', title: 'Lớp hàn điện', summary: 'Hàn hồ quang.', province: 'Vĩnh Long', startsAt: '2027-03-01', deadline: '2027-02-15' },
];

let temp: TempEngine;
beforeAll(async () => {
  temp = await tempEngine(ITEMS, 'nghebot-dates-');
});
afterAll(() => temp.cleanup());
const ask = (q: string) => temp.engine.ask(q);

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
    expect((await ask('tháng 8 ở Vĩnh Long có hội chợ làng nghề không')).results[0]?.id).toBe('fair-august');
    expect((await ask('hoi cho lang nghe vinh long thang 4')).results[0]?.id).toBe('fair-april');
  });
});

describe('the year asked', () => {
  it('lists the years of an item’s dates and deadline', () => {
    expect(dateYears({ startsAt: '2027-11-20', endsAt: '2028-01-05' })).toBe('2027 2028');
    expect(dateYears({ startsAt: '2027-03-01', deadline: '2026-12-15' })).toBe('2026 2027');
    expect(dateYears({})).toBeUndefined();
  });

  it('does not answer with a fair or course of another year, and answers with the one of that year', async () => {
    expect((await ask('hội chợ làng nghề Vĩnh Long năm 2026 tổ chức khi nào')).results).toEqual([]);
    expect((await ask('hội chợ làng nghề Vĩnh Long tháng 8 năm 2027 tổ chức khi nào')).results[0]?.id).toBe('fair-august');
  });

  it('reads a year in a sentence that tells as the user’s story, not as the year asked', async () => {
    expect((await ask('Năm 2019 em có học lớp hàn ở huyện rồi. Giờ ở Vĩnh Long có lớp hàn điện không ạ?')).results[0]?.id).toBe('course-han');
  });
});
