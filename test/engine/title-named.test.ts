import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem, StoredItem } from '../../src/content/model.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';
import { rankQuestion } from '../../src/engine/ranker.js';
import { SearchIndex } from '../../src/engine/search-index.js';
import { saidWords, titleNamed } from '../../src/engine/title-named.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

const items = [
  { id: 'course-banh-trang', kind: 'course', title: 'Lớp làm bánh tráng phơi sương', trade: 'Chế biến thực phẩm', summary: 'Lớp học nghề miễn phí: tráng bánh, phơi sương, đóng gói.', province: 'Tây Ninh', place: 'Trảng Bàng' },
  { id: 'course-han', kind: 'course', title: 'Lớp hàn điện cơ bản', trade: 'Hàn điện', summary: 'Học hàn điện ba tháng, thi lấy chứng chỉ.', province: 'An Giang', place: 'Rạch Giá' },
  { id: 'course-may', kind: 'course', title: 'Lớp may công nghiệp', trade: 'May', summary: 'Học may ba tháng, có việc làm ở xưởng may.', province: 'Cần Thơ' },
  { id: 'faq-het-cho', kind: 'faq', title: 'Lớp đã hết chỗ thì sao?', summary: 'Bạn vẫn ghi tên vào danh sách chờ và được báo khi có người hủy.' },
  { id: 'faq-hoc-phi', kind: 'faq', title: 'Học nghề có mất tiền không?', summary: 'Lao động nông thôn được miễn học phí.' },
] as ContentItem[];

describe('the share of an item title the question names', () => {
  const index = new SearchIndex();
  for (const [rev, i] of items.entries()) index.upsert({ ...i, rev: rev + 1, importedAt: '2026-11-01T00:00:00.000Z' } as StoredItem);
  index.seal();
  const doc = (id: string) => index.getDoc(id)!;
  const share = (question: string, id: string) => titleNamed(index, doc(id), saidWords(analyzeQuestion(question)));

  it('is high for the item asked for by name, with or without accents or in shorthand, and low for others', () => {
    expect(share('lớp hàn điện học bao lâu', 'course-han')).toBeGreaterThan(0.6);
    expect(share('lop han dien hoc bao lau', 'course-han')).toBeGreaterThan(0.6);
    expect(share('hc han dien bn tien', 'course-han')).toBeGreaterThan(0.6);
    expect(share('lớp hàn điện học bao lâu', 'course-may')).toBeLessThan(0.4);
    expect(share('lớp hết chỗ rồi thì sao', 'faq-het-cho')).toBeGreaterThan(0.7);
  });
});

let temp: TempEngine;
beforeAll(async () => {
  temp = await tempEngine(items, 'nghebot-title-named-');
});
afterAll(() => temp.cleanup());

describe('confidence and the title', () => {
  // The confidence the engine gives an item for a question, answered or not.
  const confidenceOf = (engine: AnswerEngine, q: string, id: string, params = DEFAULT_PARAMS) => rankQuestion(engine.index, engine.understand(q).analysis, params).find((r) => r.doc.id === id)?.confidence ?? 0;

  it('rises for an item the question names and falls for one reached through the place and "lớp"', async () => {
    const plain = { ...DEFAULT_PARAMS, titleLift: 0, titleRank: 0 };
    const without = new AnswerEngine(temp.store, { params: plain });
    await without.load();
    // The FAQ asked in its own words.
    const fee = 'học nghề có tốn tiền không';
    expect(confidenceOf(temp.engine, fee, 'faq-hoc-phi')).toBeGreaterThan(1.3 * confidenceOf(without, fee, 'faq-hoc-phi', plain));
    // A cake course the content lacks: the rice-paper course shares "lớp", "làm", "bánh" and the province.
    const cake = 'Tây Ninh có lớp làm bánh kem không';
    expect(confidenceOf(temp.engine, cake, 'course-banh-trang')).toBeLessThan(confidenceOf(without, cake, 'course-banh-trang', plain));
    // Asked by its name, the same course stays sure.
    const named = 'Tây Ninh có lớp làm bánh tráng phơi sương không';
    expect(confidenceOf(temp.engine, named, 'course-banh-trang')).toBeGreaterThan(2 * confidenceOf(temp.engine, cake, 'course-banh-trang'));
  });
});
