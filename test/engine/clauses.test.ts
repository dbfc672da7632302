import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/engine/clauses.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';

/** Each part's role: asks, leads up to the question, named by a later "lớp đó", or context. */
const roles = (q: string) => splitSentences(q).map((p) => (!p.asking ? 'ctx' : p.leading ? 'lead' : p.referent ? 'ref' : 'ask'));

describe('which sentences ask', () => {
  it('a message of one sentence asks', () => {
    expect(splitSentences('co lop han k ad')).toEqual([{ sentence: 'co lop han k ad', asking: true, referent: false, leading: false }]);
  });

  it('the sentences with a question mark ask when there are any', () => {
    expect(roles('Dạ em ở La Gi, nhà làm cá. Em muốn học làm khô, có lớp nào không ạ? Nhà em ở không.')).toEqual(['ctx', 'lead', 'ask', 'ctx']);
  });

  it('without a question mark, a question word marks the asking sentence', () => {
    expect(roles('em o cau ke. em muon hoc han thi hoc o dau')).toEqual(['ctx', 'ask']);
  });

  it('clauses after the question tell why (context); clauses before it lead up to it', () => {
    const parts = (q: string) => splitSentences(q).map((p) => [p.sentence, p.asking, p.leading]);
    expect(parts('co lop trong nam hk, e mun hc de lm them kiem xiu tien')).toEqual([
      ['co lop trong nam hk,', true, false],
      ['e mun hc de lm them kiem xiu tien', false, false],
    ]);
    expect(parts('lop han o can tho, hoc phi bao nhieu')).toEqual([
      ['lop han o can tho,', true, true],
      ['hoc phi bao nhieu', true, false],
    ]);
    expect(roles('Em ở Cái Bè. Lớp sửa xe có không, em muốn mở tiệm.')).toEqual(['ctx', 'ask', 'ctx']);
  });

  it('words after the last question word are particles ("… không vậy ạ"), a loan before it is not', () => {
    const lexical = (q: string, w: string) => analyzeQuestion(q).terms.find((t) => t.alternatives[0]!.join(' ') === w)?.lexical ?? 0;
    expect(lexical('lon tuoi co hoc duoc khong vay a', 'vay')).toBe(0);
    expect(lexical('muon vay von thi lam sao', 'vay von')).toBe(1);
  });

  it('"nhiều" asks only in "bao nhiêu": a sentence that tells of "nhiều" does not ask', () => {
    expect(roles('sau mua gat rom ra bo nhieu lam. toi muon hoc trong nam rom, co lop nao ko')).toEqual(['ctx', 'lead', 'ask']);
    expect(roles('nha em o xa. hoc phi bao nhieu')).toEqual(['ctx', 'ask']);
  });

  it('a question that points back ("lớp đó", "hội chợ này") makes the sentence before it ask too', () => {
    expect(roles('Chào ad, tôi ở Cái Bè. Tôi muốn học sửa xe máy để mở tiệm. Lớp đó có hạn chót đăng ký không?')).toEqual(['ctx', 'ref', 'ask']);
    expect(roles('nha toi o Mang Thit. nghe noi co hoi cho gom do. hoi cho nay ngay nao')).toEqual(['ctx', 'ref', 'ask']);
    // A question that names its topic points nowhere; "năm nay" is a time, not a thing named before.
    expect(roles('Tôi ở Mang Thít. Tôi làm gốm. Lớp gốm đỏ năm nay mở chưa?')).toEqual(['ctx', 'ctx', 'ask']);
    // Only a sentence that asks for no other reason is the one pointed back to.
    expect(roles('Tôi ở Cái Bè, có lớp sửa xe không? Lớp đó học mấy tháng?')).toEqual(['lead', 'ask', 'ask']);
  });

  it('a question of chat words only asks about the sentence before it', () => {
    expect(roles('Chào chị. Em đang học lớp may thì mẹ ốm phải nằm viện. Em nên làm gì ạ?')).toEqual(['ctx', 'ref', 'ask']);
    expect(roles('em 45 tuoi, muon hoc nghe may. dc ko a')).toEqual(['ref', 'ask']);
    // One content word ("lớp") is a topic of its own: nothing before it is pointed back to.
    expect(roles('Em ở Cầu Kè. Có lớp nào không anh?')).toEqual(['ctx', 'ask']);
  });
});

describe('phrases within a clause', () => {
  const phrases = (q: string) => analyzeQuestion(q).terms.filter((t) => t.phrase).map((t) => t.alternatives[0]!.join(' '));
  it('a phrase does not run across a comma ("anh chị, em tính…" holds no "chị em")', () => {
    expect(phrases('Em chào anh chị, em tính học may')).not.toContain('chi em');
    expect(phrases('anh chị em tính học may')).toContain('chi em');
  });
});
