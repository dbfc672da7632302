/**
 * A sibling phrase from the phrase table ("thủy sản" for "nuôi tôm") is a fallback when the content
 * writes the user's own phrase: the item that writes it leads, and the engine is sure of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';
import { rankQuestion } from '../../src/engine/ranker.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

const items = [
  { id: 'course-nuoi-tom', kind: 'course', title: 'Kỹ thuật nuôi tôm thẻ chân trắng', trade: 'Thủy sản', summary: 'Khóa 2 tháng: chuẩn bị ao, chọn tôm giống, phòng bệnh.', province: 'Lâm Đồng', place: 'Tuy Phong', keywords: ['nuôi tôm', 'thủy sản'] },
  { id: 'course-hai-san-kho', kind: 'course', title: 'Lớp chế biến hải sản khô', trade: 'Chế biến thủy sản', summary: 'Khóa 1 tháng dạy phơi sấy mực, cá, tôm khô.', province: 'Lâm Đồng', place: 'La Gi', tags: ['thủy sản'] },
  { id: 'course-ca-long', kind: 'course', title: 'Lớp nuôi cá lồng trên sông', trade: 'Thủy sản', summary: 'Nuôi cá lồng, phòng bệnh cho cá.', province: 'An Giang', tags: ['thủy sản'] },
  { id: 'faq-hoc-phi', kind: 'faq', title: 'Học nghề có mất tiền không?', summary: 'Lao động nông thôn được miễn học phí.' },
] as ContentItem[];

let temp: TempEngine;
beforeAll(async () => {
  temp = await tempEngine(items, 'nghebot-synonym-own-');
});
afterAll(() => temp.cleanup());

describe('phrase-table synonyms beside the user’s own phrase', () => {
  it('gives the item writing the phrase asked a larger lead than its siblings would allow', () => {
    const { analysis } = temp.engine.understand('co lop day nuoi tom k vay');
    const lead = (synonymBesideOwn: number) => rankQuestion(temp.engine.index, analysis, { ...DEFAULT_PARAMS, synonymBesideOwn }, { limit: 3 })[0]!;
    const withOwn = lead(DEFAULT_PARAMS.synonymBesideOwn);
    const asSiblings = lead(1);
    expect(withOwn.doc.id).toBe('course-nuoi-tom');
    expect(asSiblings.doc.id).toBe('course-nuoi-tom');
    expect(withOwn.lead).toBeGreaterThan(asSiblings.lead);
    expect(withOwn.confidence).toBeGreaterThan(asSiblings.confidence);
  });

  it('keeps the siblings in full when no item writes the phrase asked', async () => {
    // No item writes "nuôi trồng thủy sản": its siblings ("nuôi tôm", "thủy sản") stand for it in full.
    const { analysis } = temp.engine.understand('co lop nuoi trong thuy san k');
    const ranked = (synonymBesideOwn: number) => rankQuestion(temp.engine.index, analysis, { ...DEFAULT_PARAMS, synonymBesideOwn }, { limit: 3 }).map((r) => r.score);
    expect(ranked(DEFAULT_PARAMS.synonymBesideOwn)).toEqual(ranked(1));
  });
});
