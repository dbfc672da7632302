/**
 * A public service the content does not cover is not answered with an item that shares its words
 * (the enrolment FAQ tagged "căn cước" for "làm lại căn cước"), and the content has the last word:
 * a service an item's title names is answered as any other question. Real engine over a temp store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

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
  { id: 'faq-noi-tru', kind: 'faq', title: 'Nhà ở xa thì đi học có chỗ ngủ lại không?', summary: 'Một số trung tâm có ký túc xá cho học viên ở xa.' },
  { id: 'policy-bhxh', kind: 'policy', title: 'Hỗ trợ đóng bảo hiểm xã hội tự nguyện', summary: 'Nhà nước hỗ trợ một phần tiền đóng.' },
  { id: 'faq-ho-khau', kind: 'faq', title: 'Không có hộ khẩu ở tỉnh đó có đăng ký học được không?', summary: 'Được, chỉ cần căn cước và nơi ở hiện tại.' },
];

let temp: TempEngine;
beforeAll(async () => {
  temp = await tempEngine(ITEMS, 'nghebot-service-');
});
afterAll(() => temp.cleanup());
const ask = (q: string) => temp.engine.ask(q);

describe('public services in the engine', () => {
  it('names the service and answers no item, though an item shares its words in title, tags and text', async () => {
    for (const q of ['Làm lại căn cước bị mất cần giấy tờ gì?', 'lm cccd cho con can giay to j ad', 'lam giay khai sinh cho con can giay to gi']) {
      const answer = await ask(q);
      expect(answer.results, q).toEqual([]);
      expect(answer.suggestions, q).toEqual([]);
      expect(answer.service?.id, q).toMatch(/identity|civil-status/);
    }
  });

  it('a service is named by one title holding its words in order, not by its words in several titles', async () => {
    // "Nhà ở xa…", "ở xa", "bảo hiểm xã hội": each pair of "nhà ở xã hội" is in some title, in none all.
    expect((await ask('vay mua nhà ở xã hội lãi suất bao nhiêu')).service?.id).toBe('housing');
  });

  it('an enrolment FAQ that names residence papers in its title does not cover marriage papers', async () => {
    const answer = await ask('đăng ký kết hôn với người nước ngoài cần giấy tờ gì');
    expect(answer.results).toEqual([]);
    expect(answer.service?.id).toBe('civil-status');
    expect((await ask('không có hộ khẩu ở đây thì đăng ký học được không')).results[0]?.id).toBe('faq-ho-khau');
  });

  it('answers a service the content names in a title', async () => {
    const answer = await ask('thẻ bảo hiểm y tế hộ cận nghèo được hỗ trợ bao nhiêu');
    expect(answer.service).toBeUndefined();
    expect(answer.results[0]?.id).toBe('policy-bhyt');
  });

  it('a document mentioned in passing, or a service in the story before the question, is not the request', async () => {
    const papers = await ask('đăng ký học nghề có cần mang căn cước không');
    expect(papers.service).toBeUndefined();
    expect(papers.results[0]?.id).toBe('faq-giay-to');
    const story = await ask('Dạ em ở Vĩnh Long, ba em không có lương hưu gì. Cho em hỏi lớp hàn học phí bao nhiêu ạ?');
    expect(story.service).toBeUndefined();
    expect(story.results[0]?.id).toBe('course-han');
  });

  it('reads the words as typed: a course length is no school grade, a phrase typed with its marks is not a service', async () => {
    // "lớp 4 tháng" is a four-month class, not the fourth grade.
    const length = await ask('Em muốn học hàn cho bài bản, lớp 4 tháng đó học phí bao nhiêu vậy ạ?');
    expect(length.service).toBeUndefined();
    // "ưu đãi học nghề và vay vốn": "đãi học" folds to "đại học" but was typed otherwise.
    const typed = await ask('Người khuyết tật có được ưu đãi học nghề và vay vốn không?');
    expect(typed.service).toBeUndefined();
    // Folded alone, the same words would be a student loan at university.
    expect((await ask('uu dai hoc va vay von')).service?.id).toBe('schooling');
  });
});
