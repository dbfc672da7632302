/**
 * A phrase found in an item only as words apart ("đủ 15 tuổi … người" for "đủ người") counts less
 * than one the item writes side by side, where the index can tell: no summary writes the pair.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';
import { rankQuestion } from '../../src/engine/ranker.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

const items = [
  { id: 'faq-do-tuoi', kind: 'faq', title: 'Bao nhiêu tuổi thì học nghề được?', summary: 'Người từ đủ 15 tuổi, có sức khỏe phù hợp đều đăng ký được.' },
  { id: 'faq-het-cho', kind: 'faq', title: 'Lớp đã hết chỗ thì sao?', summary: 'Bạn vẫn vào được danh sách chờ.', keywords: ['hết chỗ', 'đầy lớp'] },
  { id: 'faq-khuyet-tat', kind: 'policy', title: 'Hỗ trợ người khuyết tật học nghề', summary: 'Được học nghề miễn phí.', keywords: ['tàn tật', 'người khuyết tật'] },
  { id: 'faq-hoc-phi', kind: 'faq', title: 'Học nghề có mất tiền không?', summary: 'Người lao động nông thôn được miễn học phí.' },
] as ContentItem[];

let temp: TempEngine;
beforeAll(async () => {
  temp = await tempEngine(items, 'nghebot-scattered-');
});
afterAll(() => temp.cleanup());

const ranked = (q: string, scattered: number) => {
  const { analysis } = temp.engine.understand(q);
  return rankQuestion(temp.engine.index, analysis, { ...DEFAULT_PARAMS, scattered }, { limit: 4 });
};

describe('a phrase matched only as scattered words', () => {
  it('lowers the item that has the words apart, not the one that writes a sibling phrase', () => {
    const q = 'Lớp đủ người rồi thì tôi làm sao?';
    const apart = (s: number) => ranked(q, s).find((r) => r.doc.id === 'faq-do-tuoi')!.score;
    const sibling = (s: number) => ranked(q, s).find((r) => r.doc.id === 'faq-het-cho')!.score;
    expect(apart(DEFAULT_PARAMS.scattered)).toBeLessThan(apart(1));
    expect(sibling(DEFAULT_PARAMS.scattered)).toBe(sibling(1));
    expect(ranked(q, DEFAULT_PARAMS.scattered)[0]!.doc.id).toBe('faq-het-cho');
  });

  it('lowers a phrase by the share of its pairs the item lacks', () => {
    // "người tàn tật": the item writes "tàn tật" but not "người tàn": half the phrase's pairs.
    const q = 'nguoi tan tat co duoc hoc nghe khong';
    const score = (s: number) => ranked(q, s).find((r) => r.doc.id === 'faq-khuyet-tat')!.score;
    expect(score(0)).toBeLessThan(score(1));
    expect(score(0)).toBeGreaterThan(0);
  });
});
