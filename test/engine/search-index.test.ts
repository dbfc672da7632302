/**
 * Search index behaviour that decides what a question can match: typo neighbours and synonyms.
 */
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/content/model.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { SearchIndex } from '../../src/engine/search-index.js';

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
});

describe('synonyms', () => {
  it('rank an item with the user’s own words above one that matches only through a synonym', () => {
    // "co khi" folds both "cơ khí" (a synonym of "sửa xe") and "có khi" (sometimes).
    // Both hold "học"; on a tie the id would decide, and "a-…" sorts first.
    const index = indexOf([
      item('a-faq-hoc-them', 'Có khi nào được học thêm lớp khác?'),
      item('b-course-sua-xe', 'Lớp học sửa xe máy', 'Thực hành tại xưởng.'),
    ]);
    const [first, second] = index.candidates(analyzeQuestion('hoc sua xe may').groups, { limit: 5 });
    expect(first?.doc.id).toBe('b-course-sua-xe');
    expect(first!.coverage).toBeGreaterThan(second?.coverage ?? 0);
  });
});

describe('domain phrases', () => {
  it('count only when the whole phrase is there', () => {
    const index = indexOf([
      item('policy-bhxh', 'Hỗ trợ đóng bảo hiểm xã hội tự nguyện'),
      item('fair-xa', 'Hội chợ của xã Tân Phú'), // "xã" and "hội", not "bảo hiểm xã hội"
    ]);
    const found = index.candidates(analyzeQuestion('bao hiem xa hoi').groups, { limit: 5 });
    expect(found[0]?.doc.id).toBe('policy-bhxh');
    expect(found.find((c) => c.doc.id === 'fair-xa')?.coverage ?? 0).toBe(0);
  });
});

describe('numbers', () => {
  it('a small number the content never mentions neither helps nor hurts; a plan number still counts', () => {
    const index = indexOf([item('faq-tuoi', 'Bao nhiêu tuổi thì được học nghề?'), item('plan-838', 'Kế hoạch 838/KH-UBND phát triển làng nghề')]);
    const coverageOf = (q: string, id: string) => index.candidates(analyzeQuestion(q).groups, { limit: 5 }).find((c) => c.doc.id === id)?.coverage;
    expect(coverageOf('55 tuoi hoc nghe', 'faq-tuoi')).toBeCloseTo(coverageOf('tuoi hoc nghe', 'faq-tuoi')!, 5);
    expect(coverageOf('ke hoach 838', 'plan-838')!).toBeGreaterThan(coverageOf('ke hoach 839', 'plan-838')!);
  });

  it('drops "năm" before a year, keeps the year', () => {
    const words = analyzeQuestion('hoi cho dong thap nam 2027').groups.map((g) => g.alternatives[0]!.join(' '));
    expect(words).toContain('2027');
    expect(words).not.toContain('nam');
    expect(analyzeQuestion('nuoi ca nam').groups.map((g) => g.alternatives[0]!.join(' '))).toContain('nam');
  });
});

describe('question words', () => {
  it('drops "bao giờ", "lúc nào" and "làm sao", which ask when or how and name nothing', () => {
    const words = (q: string) => analyzeQuestion(q).groups.map((g) => g.alternatives[0]!.join(' '));
    expect(words('hoi cho bao gio mo')).not.toContain('bao');
    expect(words('hoi cho bao gio mo')).not.toContain('gio');
    expect(words('luc nao khai giang')).toEqual(['khai', 'giang']);
    expect(words('lam sao dang ky hoc')).not.toContain('lam');
    // "bao nhiêu" still asks for an amount, and "giờ học" is still about hours.
    expect(words('hoc phi bao nhieu').join(' ')).toContain('bao');
    expect(words('gio hoc the nao').join(' ')).toContain('gio');
  });

  it('drops who is asking for whom and when-relative-to-now, which the content never says', () => {
    const words = (q: string) => analyzeQuestion(q).groups.map((g) => g.alternatives[0]!.join(' '));
    expect(words('Ông tôi 62 tuổi có học nghề được không')).not.toContain('ong'); // not "nuôi ong"
    expect(words('Năm sau Đồng Tháp có hội chợ không')).toEqual(['hoi cho']);
    expect(words('Tôi thích vẽ gốm')).not.toContain('thich');
    // The same words with content meaning stay.
    expect(words('nuoi ong lay mat')).toContain('ong');
  });

  it('asks for a word once however often it is said, and reads a lone "1" as the article một', () => {
    const words = (q: string) => analyzeQuestion(q).groups.map((g) => g.alternatives[0]!.join(' '));
    expect(words('da hoc 1 lop roi co duoc hoc them lop nua ko')).toEqual(['hoc', 'lop', 'hoc them']);
    expect(words('ke hoach 838 an giang')).toContain('838');
  });
});
