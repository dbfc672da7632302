import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/engine/clauses.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';

describe('which sentences ask', () => {
  it('a message of one sentence asks', () => {
    expect(splitSentences('co lop han k ad')).toEqual([{ sentence: 'co lop han k ad', asking: true, referent: false }]);
  });

  it('the sentences with a question mark ask when there are any', () => {
    const s = splitSentences('Dạ em ở La Gi, nhà làm cá. Em muốn học làm khô, có lớp nào không ạ? Nhà em ở không.');
    expect(s.map((x) => x.asking)).toEqual([false, true, false]);
  });

  it('without a question mark, a question word marks the asking sentence', () => {
    const s = splitSentences('em o cau ke. em muon hoc han thi hoc o dau');
    expect(s.map((x) => x.asking)).toEqual([false, true]);
  });

  it('clauses after the question tell why: they are context, as a sentence of story is', () => {
    const parts = (q: string) => splitSentences(q).map((p) => [p.sentence, p.asking]);
    expect(parts('co lop trong nam hk, e mun hc de lm them kiem xiu tien')).toEqual([
      ['co lop trong nam hk,', true],
      ['e mun hc de lm them kiem xiu tien', false],
    ]);
    // A clause before the question, or a question in the last clause, stays asking.
    expect(parts('lop han o can tho, hoc phi bao nhieu')).toEqual([['lop han o can tho, hoc phi bao nhieu', true]]);
    expect(parts('Em ở Cái Bè. Lớp sửa xe có không, em muốn mở tiệm.').map((p) => p[1])).toEqual([false, true, false]);
  });

  it('words after the last question word are particles ("… không vậy ạ"), a loan before it is not', () => {
    const lexical = (q: string, w: string) => analyzeQuestion(q).terms.find((t) => t.alternatives[0]!.join(' ') === w)?.lexical ?? 0;
    expect(lexical('lon tuoi co hoc duoc khong vay a', 'vay')).toBe(0);
    expect(lexical('muon vay von thi lam sao', 'vay von')).toBe(1);
  });

  it('"nhiều" asks only in "bao nhiêu": a sentence that tells of "nhiều" does not ask', () => {
    const asking = (q: string) => splitSentences(q).map((p) => p.asking);
    expect(asking('sau mua gat rom ra bo nhieu lam. toi muon hoc trong nam rom, co lop nao ko')).toEqual([false, true]);
    expect(asking('nha em o xa. hoc phi bao nhieu')).toEqual([false, true]);
  });

  it('a question that points back ("lớp đó", "hội chợ này") makes the sentence before it ask too', () => {
    const asking = (q: string) => splitSentences(q).map((p) => p.asking);
    expect(asking('Chào ad, tôi ở Cái Bè. Tôi muốn học sửa xe máy để mở tiệm. Lớp đó có hạn chót đăng ký không?')).toEqual([false, true, true]);
    expect(asking('nha toi o Mang Thit. nghe noi co hoi cho gom do. hoi cho nay ngay nao')).toEqual([false, true, true]);
    // A question that names its topic points nowhere; "năm nay" is a time, not a thing named before.
    expect(asking('Tôi ở Mang Thít. Tôi làm gốm. Lớp gốm đỏ năm nay mở chưa?')).toEqual([false, false, true]);
    // Only a sentence that asks for no other reason is marked as the one pointed back to.
    expect(splitSentences('Chào ad, tôi ở Cái Bè. Tôi muốn học sửa xe máy để mở tiệm. Lớp đó có hạn chót đăng ký không?').map((p) => p.referent)).toEqual([false, true, false]);
    expect(splitSentences('Tôi ở Cái Bè, có lớp sửa xe không? Lớp đó học mấy tháng?').map((p) => p.referent)).toEqual([false, false]);
  });
});

describe('phrases within a clause', () => {
  const phrases = (q: string) => analyzeQuestion(q).terms.filter((t) => t.phrase).map((t) => t.alternatives[0]!.join(' '));
  it('a phrase does not run across a comma ("anh chị, em tính…" holds no "chị em")', () => {
    expect(phrases('Em chào anh chị, em tính học may')).not.toContain('chi em');
    expect(phrases('anh chị em tính học may')).toContain('chi em');
  });
});
