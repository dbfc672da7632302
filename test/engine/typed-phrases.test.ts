import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/engine/analyze.js';

const readings = (question: string) => analyzeQuestion(question).terms.map((t) => t.alternatives[0]!.join(' '));

describe('phrases and words typed with their marks', () => {
  it('does not read a domain phrase over words typed as other words', () => {
    // "học lái" is learning to drive, not "học lại" (studying again).
    expect(readings('Học lái máy xúc hết bao nhiêu tiền?')).not.toContain('hoc lai');
    expect(readings('Học lái máy xúc hết bao nhiêu tiền?')).toContain('lai');
    // "trong năm 2027" is a time, not "trồng nấm".
    expect(readings('Trong năm 2027 có lớp may không?')).not.toContain('trong nam');
  });

  it('reads the phrase when its words are typed with the same marks, or without any', () => {
    expect(readings('Học xong rồi học lại lớp khác được không?')).toContain('hoc lai');
    expect(readings('hoc lai dc ko')).toContain('hoc lai');
    expect(readings('Có lớp trồng nấm rơm không?')).toContain('trong nam');
    expect(readings('co lop trong nam khong')).toContain('trong nam');
  });

  it('does not take a shorthand or a stretched word as a mark that refuses the phrase', () => {
    // "ănnn" folds to "an" only once its letters are squeezed: its spelling tells nothing against "tiền ăn trưa".
    expect(readings('tiền ănnn trưa có đc hỗ trợ ko')).toContain('tien an trua');
  });

  it('holds function phrases to the marks typed as well', () => {
    // "cho chị" is no function phrase here: "chị em" is who the class is for.
    expect(readings('Hà Nam có lớp học nghề thủ công nào cho chị em không?')).toContain('chi em');
  });
});
