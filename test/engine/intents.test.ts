/**
 * Intent rules on their own: the folded message in, the intent and what is left to search out.
 * The wording users type (with or without accents, shorthand expanded by analyzeQuestion first).
 */
import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { detectIntent, requestsEnrolment } from '../../src/engine/intents.js';

const intentOf = (text: string) => {
  const a = analyzeQuestion(text);
  return detectIntent(a.folded, a.text).intent;
};

describe('detectIntent', () => {
  it.each([
    ['xin chào', 'greeting'],
    ['chao ban', 'greeting'],
    ['cảm ơn bạn nhiều', 'thanks'],
    ['menu', 'menu'],
    ['hướng dẫn', 'help'],
    ['đăng ký học may', 'enroll'],
    ['dang ky lop han', 'enroll'],
    ['lớp đã đăng ký', 'my_enrollments'],
    ['hủy đăng ký lớp hàn', 'cancel_enrollment'],
    ['Tôi đăng ký rồi mà bận không đi học được nữa thì hủy sao?', 'cancel_enrollment'],
    ['em dk lop may roi gio muon rut ten', 'cancel_enrollment'],
    ['đăng ký lớp hàn rồi, giờ em không đi học được nữa', 'cancel_enrollment'],
    ['đã hủy rồi giờ muốn đăng ký lại lớp may', 'enroll'],
    ['đăng ký nhận tin hội chợ Vĩnh Long', 'subscribe'],
    ['hủy nhận tin', 'unsubscribe'],
    ['không muốn nhận tin nữa', 'unsubscribe'],
    ['xóa thông tin của tôi', 'erase_data'],
    ['số điện thoại liên hệ', 'contact'],
    ['có lớp học hàn ở Vĩnh Long không', 'ask'],
    ['hỗ trợ vay vốn cho lao động nông thôn', 'ask'],
  ])('%s → %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });

  it('officer commands are read from the raw text (folding drops the slash)', () => {
    expect(detectIntent('thongke', '/thongke').intent).toBe('officer');
    expect(detectIntent('thongbao hoi cho', '/thongbao@nghe_bot hội chợ').intent).toBe('officer');
    expect(detectIntent('thongke').intent).not.toBe('officer');
  });

  it('"sao không nhận được tin" is a complaint, not a stop', () => {
    expect(intentOf('sao tôi không nhận được tin')).not.toBe('unsubscribe');
  });

  it('an empty message asks for help; command words are stripped from what is searched', () => {
    expect(detectIntent('').intent).toBe('help');
    const r = detectIntent('dang ky hoc may');
    expect(r.intent).toBe('enroll');
    expect(r.rest).toBe('hoc may');
    expect([...r.commandWords].sort()).toEqual(['dang', 'ky']);
  });
});

describe('a request to enrol, against a question about enrolling', () => {
  const requests = (q: string) => requestsEnrolment(analyzeQuestion(q).folded);
  it('a wish or a request before the enrolment words, or for someone after them', () => {
    for (const q of ['em muốn đăng ký học may', 'cho em ghi danh lớp hàn được không', 'đăng ký giúp em lớp gốm', 'xin dang ky lop han', 'toi muon dk hoc may nhe']) expect(requests(q), q).toBe(true);
  });
  it('not a question about enrolling', () => {
    for (const q of ['e 14t ruoi, dk hc nghe dc chua', 'đi ghi danh học nghề phải đem theo giấy gì?', 'lớp gốm còn nhận đăng ký không?', 'đăng ký học ở đâu']) expect(requests(q), q).toBe(false);
  });
});
