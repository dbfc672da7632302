import { describe, expect, it } from 'vitest';
import { generalIdf, generalPairIdf } from '../../src/text/general-frequency.js';

describe('general frequency', () => {
  it('reads everyday words as common and words that name a topic as rare', () => {
    for (const everyday of ['lấy', 'đúng', 'chuyển', 'ngắn']) {
      for (const topic of ['bún', 'cước', 'hưu', 'khám']) {
        expect(generalIdf('', everyday), `${everyday} < ${topic}`).toBeLessThan(generalIdf('', topic));
      }
    }
  });

  it('reads a folded syllable as common as all the words that fold to it', () => {
    // "dung" is dùng, đúng, dụng, dũng…: more common than any one of them.
    expect(generalIdf('dung')).toBeLessThan(generalIdf('', 'dũng'));
    expect(generalIdf('dung')).toBeLessThanOrEqual(generalIdf('', 'đúng'));
  });

  it('reads a syllable it has never seen as the rarest', () => {
    expect(generalIdf('xyzq')).toBeGreaterThan(generalIdf('', 'hưu'));
  });

  it('reads two-syllable words the same way: everyday talk as common, a named topic as rare', () => {
    const pair = (a: string, b: string) => generalPairIdf({ folded: '', typed: a }, { folded: '', typed: b });
    expect(pair('năm', 'nay')).toBeLessThan(pair('kết', 'hôn'));
    expect(pair('kết', 'hôn')).toBeLessThan(pair('thai', 'sản'));
    // Folded, over every word that folds to it: "so do" is sơ đồ as well as sổ đỏ.
    expect(generalPairIdf({ folded: 'so' }, { folded: 'do' })).toBeLessThan(pair('sổ', 'đỏ'));
  });
});
