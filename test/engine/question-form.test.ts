import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { QUESTION_FORMS, questionFormFactor, questionForms } from '../../src/engine/question-form.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { withTinySet } from '../support/tiny-set.js';

const formsOf = (text: string) => questionForms(analyzeQuestion(text).folded);

describe('questionForms', () => {
  it('reads the form asked from the interrogatives, shorthand included', () => {
    expect(formsOf('Đăng ký học như thế nào?')).toBe(QUESTION_FORMS.how);
    expect(formsOf('đk hc kiểu j z ad')).toBe(QUESTION_FORMS.how);
    expect(formsOf('hoc ntn')).toBe(QUESTION_FORMS.how);
    expect(formsOf('Đăng ký học nghề cần giấy tờ gì?')).toBe(QUESTION_FORMS.what);
    expect(formsOf('lớp hàn học ở đâu, học phí bao nhiêu')).toBe(QUESTION_FORMS.where | QUESTION_FORMS.amount);
    expect(formsOf('hội chợ khai mạc khi nào')).toBe(QUESTION_FORMS.when);
  });

  it('has no form for a yes/no question, and "đầu" of "bắt đầu" is no place', () => {
    expect(formsOf('Học nghề có mất tiền không?')).toBe(0);
    expect(formsOf('lớp may bắt đầu học chưa')).toBe(0);
    expect(formsOf('hỏi lớp may ở đâu')).toBe(QUESTION_FORMS.where);
  });

  it('lifts a title asking in the same form, damps one asking in another, leaves the rest', () => {
    expect(questionFormFactor(QUESTION_FORMS.how, 'dang ky hoc nhu the nao', 0.2)).toBeCloseTo(Math.exp(0.2), 9);
    expect(questionFormFactor(QUESTION_FORMS.how, 'dang ky hoc nghe can giay to gi', 0.2)).toBeCloseTo(Math.exp(-0.2), 9);
    expect(questionFormFactor(QUESTION_FORMS.how, 'lop may cong nghiep', 0.2)).toBe(1);
    expect(questionFormFactor(0, 'dang ky hoc nghe can giay to gi', 0.2)).toBe(1);
  });
});

describe('question form in the ranker', () => {

  it('moves the FAQs whose titles ask in a form, by e^(±questionForm), and no course', async () => {
    await withTinySet([
      { id: 'faq-cach', kind: 'faq', title: 'Đăng ký học như thế nào?', summary: 'Bấm Đăng ký trong khung chat, nhập họ tên và số điện thoại.' },
      { id: 'faq-giay-to', kind: 'faq', title: 'Đăng ký học nghề cần giấy tờ gì?', summary: 'Căn cước và số điện thoại.' },
      { id: 'course-may', kind: 'course', title: 'Lớp may', summary: 'Học may ba tháng, đăng ký tại xã.' },
    ], 'faq-cach\tđăng ký học thế nào', async (set) => {
      const { analysis } = set.engine.understand('muốn đăng ký học nghề thì làm thế nào');
      const score = (questionForm: number) => new Map(rankQuestion(set.engine.index, analysis, { ...DEFAULT_PARAMS, questionForm }).map((r) => [r.doc.id, r.score]));
      const [on, off] = [score(0.2), score(0)];
      expect(on.get('faq-cach')! / off.get('faq-cach')!).toBeCloseTo(Math.exp(0.2), 6);
      expect(on.get('faq-giay-to')! / off.get('faq-giay-to')!).toBeCloseTo(Math.exp(-0.2), 6);
      expect(on.get('course-may')).toBeCloseTo(off.get('course-may')!, 9);
    });
  });
});
