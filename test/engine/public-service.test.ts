/**
 * A public service the content does not cover is not answered with an item that shares its words
 * (the enrolment FAQ tagged "căn cước" for "làm lại căn cước"), and the content has the last word:
 * a service an item's title names is answered as any other question. Real engine over a temp store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinceCodeOf } from '../../src/content/import.js';
import type { ContentItem } from '../../src/content/model.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { tempStore, type TempStore } from '../support/harness.js';

const ITEMS: ContentItem[] = [
  {
    id: 'faq-giay-to',
    kind: 'faq',
    title: 'Đăng ký học nghề cần giấy tờ gì',
    summary: 'Mang căn cước công dân, giấy khai sinh và ảnh 3x4 khi đăng ký.',
    keywords: ['căn cước', 'giấy tờ', 'hồ sơ'],
  },
  { id: 'policy-bhyt', kind: 'policy', title: 'Hỗ trợ mua thẻ bảo hiểm y tế cho hộ cận nghèo', summary: 'Nhà nước hỗ trợ 70% tiền mua thẻ bảo hiểm y tế.' },
  { id: 'course-han', kind: 'course', title: 'Lớp hàn điện cơ bản', summary: 'Dạy hàn hồ quang, học phí miễn cho lao động nông thôn.', province: 'Vĩnh Long' },
];

let temp: TempStore;
let engine: AnswerEngine;
beforeAll(async () => {
  temp = await tempStore('nghebot-service-');
  await temp.store.importItems(ITEMS, provinceCodeOf);
  engine = new AnswerEngine(temp.store);
  await engine.load();
});
afterAll(() => temp.cleanup());

describe('public services in the engine', () => {
  it('names the service and answers no item, though an item shares its words in title, tags and text', async () => {
    for (const q of ['Làm lại căn cước bị mất cần giấy tờ gì?', 'lm cccd cho con can giay to j ad', 'lam giay khai sinh cho con can giay to gi']) {
      const answer = await engine.ask(q);
      expect(answer.results, q).toEqual([]);
      expect(answer.suggestions, q).toEqual([]);
      expect(answer.service?.id, q).toMatch(/identity|civil-status/);
    }
  });

  it('answers a service the content names in a title', async () => {
    const answer = await engine.ask('thẻ bảo hiểm y tế hộ cận nghèo được hỗ trợ bao nhiêu');
    expect(answer.service).toBeUndefined();
    expect(answer.results[0]?.id).toBe('policy-bhyt');
  });

  it('a document mentioned in passing, or a service in the story before the question, is not the request', async () => {
    const papers = await engine.ask('đăng ký học nghề có cần mang căn cước không');
    expect(papers.service).toBeUndefined();
    expect(papers.results[0]?.id).toBe('faq-giay-to');
    const story = await engine.ask('Dạ em ở Vĩnh Long, ba em không có lương hưu gì. Cho em hỏi lớp hàn học phí bao nhiêu ạ?');
    expect(story.service).toBeUndefined();
    expect(story.results[0]?.id).toBe('course-han');
  });
});
