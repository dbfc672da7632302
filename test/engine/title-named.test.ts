import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem, StoredItem } from '../../src/content/model.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';
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
  const confidence = async (engine: AnswerEngine, q: string) => (await engine.ask(q)).results[0]?.score ?? 0;

  it('rises for an item the question names and falls for one reached through the place and "lớp"', async () => {
    const without = new AnswerEngine(temp.store, { params: { ...DEFAULT_PARAMS, titleLift: 0, titleRank: 0 } });
    await without.load();
    // The FAQ asked in its own words.
    expect(await confidence(temp.engine, 'học nghề có tốn tiền không')).toBeGreaterThan(1.3 * (await confidence(without, 'học nghề có tốn tiền không')));
    // A cake course the content lacks: the rice-paper course shares "lớp", "làm", "bánh" and the province.
    const cake = 'Tây Ninh có lớp làm bánh kem không';
    expect(await confidence(temp.engine, cake)).toBeLessThan(await confidence(without, cake));
    // Asked by its name, the same course stays sure.
    expect(await confidence(temp.engine, 'Tây Ninh có lớp làm bánh tráng phơi sương không')).toBeGreaterThan(2 * (await confidence(temp.engine, cake)));
  });
});
