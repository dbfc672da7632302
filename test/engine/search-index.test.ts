/**
 * What a question can match and how sure the ranker is: typo neighbours, synonyms, the lexicon,
 * accents and long messages, on small indexes built in memory.
 */
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/content/model.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { SearchIndex } from '../../src/engine/search-index.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';

const item = (id: string, title: string, summary = ''): StoredItem =>
  ({ id, kind: 'course', title, summary, rev: 1, importedAt: '2026-11-01T00:00:00.000Z' }) as StoredItem;

function indexOf(items: StoredItem[]): SearchIndex {
  const index = new SearchIndex();
  for (const i of items) index.upsert(item(i.id, i.title, i.summary));
  index.seal();
  return index;
}

describe('typo neighbours', () => {
  const index = indexOf([item('a', 'Lớp hàn điện cơ bản', 'Miễn phí học phí'), item('b', 'Lớp điện dân dụng')]);

  it('corrects a doubled letter in a short word and a slip in a long one', () => {
    expect(index.similarWords('hann')).toEqual(['han']);
    expect(index.similarWords('lopp')).toEqual(['lop']);
    expect(index.similarWords('dienn')).toEqual(['dien']);
    expect(index.similarWords('dandung')).toEqual([]); // two words run together is not a slip
  });

  it('does not turn a short real word into another by dropping a letter', () => {
    // "phim" (film) is not a slip for "phí"; "hanh" is not "hàn".
    expect(index.similarWords('phim')).toEqual([]);
    expect(index.similarWords('hanh')).toEqual([]);
  });

  it("repairs a short token shaped like a syllable that no word of the language is", () => {
    // "dein", "haon" and "laop" have a syllable's shape, but Vietnamese has no such word.
    expect(index.similarWords('dein')).toContain('dien');
    expect(index.similarWords('haon')).toContain('han');
    expect(index.similarWords('laop')).toContain('lop');
  });
});

const rank = (index: SearchIndex, q: string) => rankQuestion(index, analyzeQuestion(q), DEFAULT_PARAMS, { limit: 5 });
const terms = (q: string) => analyzeQuestion(q).terms.filter((t) => t.lexical >= 0.5).map((t) => t.alternatives[0]!.join(' '));

describe('synonyms', () => {
  it('rank an item with the user’s own words above one that matches only through a synonym', () => {
    // "co khi" folds both "cơ khí" (a synonym of "sửa xe") and "có khi" (sometimes).
    const index = indexOf([
      item('a-faq-hoc-them', 'Có khi nào được học thêm lớp khác?'),
      item('b-course-sua-xe', 'Lớp học sửa xe máy', 'Thực hành tại xưởng.'),
    ]);
    const [first, second] = rank(index, 'hoc sua xe may');
    expect(first?.doc.id).toBe('b-course-sua-xe');
    expect(first!.score).toBeGreaterThan(second?.score ?? 0);
  });
});

describe('domain phrases', () => {
  it('count only when the whole phrase is there', () => {
    const index = indexOf([
      item('policy-bhxh', 'Hỗ trợ đóng bảo hiểm xã hội tự nguyện'),
      item('fair-xa', 'Hội chợ của xã Tân Phú'), // "xã" and "hội", not "bảo hiểm xã hội"
    ]);
    const found = rank(index, 'bao hiem xa hoi');
    expect(found[0]?.doc.id).toBe('policy-bhxh');
    expect(found.find((c) => c.doc.id === 'fair-xa')).toBeUndefined();
  });
});

describe('numbers', () => {
  it('a small number the content never mentions neither helps nor hurts; a plan number still counts', () => {
    const index = indexOf([item('faq-tuoi', 'Bao nhiêu tuổi thì được học nghề?'), item('plan-838', 'Kế hoạch 838/KH-UBND phát triển làng nghề')]);
    const confidenceOf = (q: string, id: string) => rank(index, q).find((c) => c.doc.id === id)?.confidence ?? 0;
    expect(confidenceOf('55 tuoi hoc nghe', 'faq-tuoi')).toBeCloseTo(confidenceOf('tuoi hoc nghe', 'faq-tuoi'), 5);
    expect(confidenceOf('ke hoach 838', 'plan-838')).toBeGreaterThan(confidenceOf('ke hoach 839', 'plan-838'));
  });
});

describe('the lexicon decides what a word is', () => {
  it('drops function words and forms of address, with or without accents', () => {
    expect(terms('cho em hoi co lop han khong a')).toEqual(['lop', 'han']);
    expect(terms('Cho tôi hỏi có lớp hàn không ạ?')).toEqual(['lop', 'han']);
    // "z" and "v" are vậy, never the loan "vay".
    expect(terms('hoc phi bn z')).not.toContain('vay');
    expect(terms('muon vay von')).toContain('vay von');
  });

  it('keeps a chat-looking word where the content names something with it ("da giày", "hội chợ")', () => {
    const index = indexOf([item('course-da-giay', 'Lớp may da giày'), item('course-may', 'Lớp may công nghiệp'), item('faq-da-hoc', 'Đã học rồi có được học tiếp?', 'Được học thêm một lần.')]);
    expect(rank(index, 'lop da giay')[0]?.doc.id).toBe('course-da-giay');
  });
});

describe('accents, when typed, count', () => {
  const index = indexOf([item('course-han', 'Lớp hàn điện'), item('faq-han', 'Hết hạn đăng ký thì sao?')]);
  it('"lớp hàn" is welding, "hết hạn" the deadline', () => {
    expect(rank(index, 'lớp hàn')[0]?.doc.id).toBe('course-han');
    expect(rank(index, 'hết hạn')[0]?.doc.id).toBe('faq-han');
  });
});

describe('long messages', () => {
  it('judge coverage on the sentence that asks', () => {
    const index = indexOf([
      item('course-tom', 'Lớp nuôi tôm thẻ chân trắng', 'Kỹ thuật nuôi tôm, phòng bệnh đốm trắng.'),
      item('course-ga', 'Lớp nuôi gà thả vườn', 'Kỹ thuật chăn nuôi gà, phòng dịch.'),
      item('course-han', 'Lớp hàn điện', 'Thực hành hàn tại xưởng.'),
      item('faq-hoc-phi', 'Học phí bao nhiêu?', 'Lao động nông thôn được miễn học phí.'),
      item('fair-ocop', 'Hội chợ OCOP', 'Trưng bày sản phẩm làng nghề.'),
    ]);
    const story = 'Dạ em ở Tuy Phong, nhà nuôi tôm thẻ mấy năm nay, vụ rồi tôm chết nhiều.';
    const wantsCourse = rank(index, `${story} Em muốn học kỹ thuật nuôi tôm, có lớp nào không ạ?`)[0];
    const wantsLawyer = rank(index, `${story} Em muốn làm đơn đòi bồi thường thì gửi cơ quan nào ạ?`)[0];
    expect(wantsCourse?.doc.id).toBe('course-tom');
    expect(wantsCourse!.confidence).toBeGreaterThan(DEFAULT_PARAMS.gate);
    expect(wantsLawyer?.confidence ?? 0).toBeLessThan(DEFAULT_PARAMS.gate);
  });
});

describe('the lead over the runner-up', () => {
  it('lifts the confidence of an answer that stands out, not of one of two equal candidates', () => {
    const index = indexOf([
      item('course-tom-the', 'Lớp nuôi tôm thẻ chân trắng', 'Kỹ thuật nuôi tôm thẻ.'),
      item('course-tom-cang', 'Lớp nuôi tôm càng xanh', 'Kỹ thuật nuôi tôm càng.'),
      item('course-han', 'Lớp hàn điện', 'Thực hành hàn tại xưởng.'),
    ]);
    const lift = (q: string) => {
      const analysis = analyzeQuestion(q);
      const withLead = rankQuestion(index, analysis, DEFAULT_PARAMS)[0]!;
      const without = rankQuestion(index, analysis, { ...DEFAULT_PARAMS, margin: 0 })[0]!;
      expect(withLead.doc.id).toBe(without.doc.id);
      return withLead.confidence / without.confidence;
    };
    // Two courses alike (their titles differ a little, so one leads by a few per cent): hardly lifted.
    const tie = lift('lớp nuôi tôm');
    expect(tie).toBeGreaterThanOrEqual(1);
    expect(tie).toBeLessThan(1.25);
    expect(lift('lớp nuôi tôm thẻ chân trắng')).toBeGreaterThan(2 * tie);
  });
});

describe('large candidate sets', () => {
  // 4,000 welding items share every word of the question and only the oldest is in the province
  // asked for. Past the full-scoring limit the ranker keeps the candidates promising by the
  // question's lead words and the province factor (ties going to newer items), so it still surfaces.
  const provinceItem = (id: string, title: string, province: string, rev: number): StoredItem =>
    ({ ...item(id, title, 'Đào tạo nghề cho lao động nông thôn'), province, provinceCode: province === 'Huế' ? '46' : '01', rev }) as StoredItem;
  const index = new SearchIndex();
  index.upsert(provinceItem('han-hue', 'Lớp hàn điện khóa đầu', 'Huế', 1));
  for (let i = 0; i < 4000; i++) index.upsert(provinceItem(`han-${i}`, `Lớp hàn điện khóa ${i}`, 'Hà Nội', i + 2));
  index.seal();

  it('finds the one item of the named province among thousands that match as well', () => {
    const top = rankQuestion(index, analyzeQuestion('lớp hàn điện ở Huế'), DEFAULT_PARAMS, { limit: 3 });
    expect(top[0]?.doc.id).toBe('han-hue');
  });

  it('keeps the newest of equally good candidates when no place is named', () => {
    const top = rankQuestion(index, analyzeQuestion('lớp hàn điện'), DEFAULT_PARAMS, { limit: 3 });
    expect(top[0]?.doc.id).toBe('han-3999');
  });
});
