import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/engine/analyze.js';

const lexicalOf = (question: string, word: string) => analyzeQuestion(question).terms.find((t) => t.alternatives[0]!.join(' ') === word)?.lexical;

describe('unmarked words in a message written with marks', () => {
  it('reads a word written without marks as the unmarked word when the message has them', () => {
    // "ong" is a bee here: whoever typed "nuôi", "giống", "được" would have typed "ông".
    expect(lexicalOf('Học nuôi ong xong có được cho ong giống không?', 'ong')).toBeGreaterThan(0.9);
    // Without marks anywhere, "ong" may as well be "ông", a form of address.
    expect(lexicalOf('hoc nuoi ong xong co duoc cho ong giong khong', 'ong')).toBeLessThan(0.5);
  });

  it('keeps a word Vietnamese hardly ever writes unmarked as the word typed in haste', () => {
    // "gi" is "gì", "o" is "ở": a mark dropped, not another word.
    expect(lexicalOf('Lớp hàn điện o Hải Phòng học những gi vậy?', 'gi')).toBeLessThan(0.5);
    expect(lexicalOf('Lớp hàn điện o Hải Phòng học những gi vậy?', 'o') ?? 0).toBeLessThan(0.5);
  });

  it('does not apply to a message mostly without marks', () => {
    // Two words of eight marked: typed in haste throughout.
    expect(lexicalOf('e mun hc nuoi ong o đâu vậy ad', 'ong')).toBeLessThan(0.5);
  });

  it('reads a chat word typed with its marks as content where it makes a word of the language with its neighbour', () => {
    // "tính" of "vi tính" is the computer; of "em tính học" the intent.
    expect(lexicalOf('Huyện Buôn Đôn có lớp học vi tính không?', 'tinh')).toBe(1);
    expect(lexicalOf('em tính học may ở Buôn Đôn', 'tinh')).toBeLessThan(0.5);
  });
});
