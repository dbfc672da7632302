import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/engine/analyze.js';

const provinces = (question: string) => analyzeQuestion(question).provinces.map((p) => p.shortName);

describe('place names typed with a letter missing', () => {
  it('finds the place on the words as read', () => {
    expect(provinces('mk mun hc sua xe may o lag son thi dk trc ngay nao z')).toEqual(['Lạng Sơn']);
    expect(provinces('hc may cn ở chươg mỹ mất bn tiền v mn')).toEqual(['Hà Nội']);
    expect(provinces('hội chợ tết ngệ an năm ni mở từ ngày mí z mn')).toEqual(['Nghệ An']);
  });

  it('does not make a place of a chat word read from its shorthand', () => {
    // "là j" read "là gì" is not La Gi; "ký ạ" read "ký anh" is not Kỳ Anh.
    expect(provinces('sdt lop che bien hai san kho la j z ad')).toEqual([]);
    expect(provinces('Nghe nói có lớp dệt thổ cẩm, cho em hỏi bao giờ hết hạn đăng ký ạ?')).toEqual([]);
  });
});
