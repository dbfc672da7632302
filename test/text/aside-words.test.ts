import { describe, expect, it } from 'vitest';
import { asideShare, useAsideTable } from '../../src/text/lexicon.js';
import { countAsides, formatAsides } from '../../bench/quality/aside-words.js';
import { withTinySet } from '../support/tiny-set.js';

describe('aside share (lexicon)', () => {
  it('reads words people write around their question as aside, trades and topics as not', () => {
    for (const aside of ['o', 'nha', 'di', 'xong']) {
      for (const topic of ['tom', 'gom', 'han', 'ocop']) {
        expect(asideShare(aside, 10), `${aside} > ${topic}`).toBeGreaterThan(asideShare(topic, 10));
      }
    }
    expect(asideShare('o', 10)).toBeGreaterThan(0.5);
  });

  it('reads a table given in place of the shipped one, and the shipped one again when given none', () => {
    const shipped = asideShare('o', 10);
    try {
      useAsideTable('o\t10\t0\ntom\t10\t10');
      expect(asideShare('o', 10)).toBe(0);
      expect(asideShare('tom', 10)).toBe(0.5);
    } finally {
      useAsideTable(undefined);
    }
    expect(asideShare('o', 10)).toBe(shipped);
  });

  it('gives a word never counted no share, and shrinks a rarely counted one more with a larger prior', () => {
    expect(asideShare('xyzq', 10)).toBe(0);
    expect(asideShare('xom', 100)).toBeLessThan(asideShare('xom', 10));
  });
});

describe('countAsides (bench/quality/aside-words.ts)', () => {

  it('counts, per word of an in-scope question, whether the right item holds it', async () => {
    await withTinySet([
      { id: 'course-han', kind: 'course', title: 'Lớp hàn điện', summary: 'Học hàn điện ba tháng, miễn học phí.', province: 'Vĩnh Long' },
      { id: 'course-gom', kind: 'course', title: 'Lớp làm gốm', summary: 'Học làm gốm đỏ hai tháng ở nhà văn hóa xã.', province: 'Vĩnh Long' },
    ], ['course-han\thọc hàn điện ở nhà văn hóa không', 'course-gom\tlớp gốm học mấy tháng', '-\tgiá vàng hôm nay'].join('\n'), async (set) => {
      const counts = countAsides(set);
      expect(counts.get('hoc')).toEqual({ questions: 2, lacking: 0 });
      // "nhà" is in the gốm item, not in the hàn item the first question wants.
      expect(counts.get('nha')).toEqual({ questions: 1, lacking: 1 });
      expect(counts.get('gom')).toEqual({ questions: 1, lacking: 0 });
      // Phrases ("hàn điện") and out-of-scope questions are not counted.
      expect(counts.has('han')).toBe(false);
      expect(counts.has('vang')).toBe(false);
      expect(formatAsides(counts).split('\n')).toContain('nha\t1\t1');
    });
  });
});
