/**
 * "dạy" is how people ask for a course ("lớp dạy sửa xe", "chỗ nào dạy nấu ăn"), as "lớp" and "khóa
 * học" are: every course holds it among its kind's words (fields.ts KIND_TERMS), so a course whose
 * text never says "dạy" is not refused for lacking it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIND_TERMS } from '../../src/engine/fields.js';
import { foldVi } from '../../src/text/fold.js';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';

let set: LoadedSet;
beforeAll(async () => {
  set = (await loadKnownSet('valleys-and-capes'))!;
});
afterAll(() => set.close());

describe('a course asked for with "dạy"', () => {
  it('is answered though its own text never says "dạy"', async () => {
    const course = (await set.items()).find((i) => i.id === 'course-dien-bien-sua-xe-may')!;
    const text = foldVi([course.title, course.summary, course.body, course.trade, ...(course.keywords ?? [])].join(' ').toLowerCase());
    expect(text.split(/\W+/)).not.toContain('day');
    expect(KIND_TERMS.course.split(' ')).toContain('dạy');
    const answer = await set.engine.ask('Ở Điện Biên có lớp dạy sửa xe máy không?');
    expect(answer.results[0]?.id).toBe('course-dien-bien-sua-xe-may');
  });

  it('still refuses a course the content does not have', async () => {
    const answer = await set.engine.ask('Ở Điện Biên có lớp dạy lái máy bay không?');
    expect(answer.results).toEqual([]);
  });
});
