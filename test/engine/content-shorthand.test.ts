/**
 * Syllables typed without their rhyme ("xg" xong, "thg" tháng) are read as the content's words they
 * can stand for, the most written first; two consonants are also read as the initials of the
 * content's two-word phrases ("nd" nông dân); a phrase with its first word cut to its letter
 * ("hcho" hội chợ) or its space left out ("lophan" lớp hàn) is read as that phrase.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentShorthand } from '../../src/engine/content-shorthand.js';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';

describe('ContentShorthand', () => {
  const words = new Map<string, number>([
    ['xong', 5],
    ['xuong', 3],
    ['thang', 10],
    ['thuong', 4],
    ['thong', 2],
    ['thuyen', 9],
    ['cac', 9],
    ['trong', 1],
    ['lop', 9],
    ['han', 2],
    ['lo', 2],
    ['phan', 3],
    ['hoc', 8],
    ['nghe', 6],
    ['hoi', 4],
    ['cho', 5],
  ]);
  const pairs = new Map<string, number>([
    ['nong dan', 6],
    ['nguoi dan', 9], // two words side by side, not one word of the language
    ['ngan dong', 7], // "nghìn đồng" written short: not a word either
    ['noi dung', 2],
    ['nghe dan', 1], // in one item only
    ['xuat xu', 4],
    ['vinh long', 3], // a province's name
    ['chung chi', 0],
    ['hoi cho', 5], // a word of the language
    ['quoc gia', 2],
    ['lop han', 3], // two words side by side
    ['lo phan', 1],
  ]);
  const shorthand = new ContentShorthand(
    () => words,
    (w) => (words.get(w) ?? 0) > 0,
    (visit) => {
      for (const [phrase, items] of pairs) visit(phrase.split(' ')[0]!, phrase.split(' ')[1]!, items);
    },
    (a, b) => pairs.get(`${a} ${b}`) ?? 0,
  );

  it('reads an onset and a final g as the words ending in "ng", the most written first', () => {
    expect(shorthand.read('xg', 1)).toEqual(['xong', 'xuong']);
    expect(shorthand.read('thg', 1)).toEqual(['thang', 'thuong', 'thong']);
  });

  it("reads two consonants as the initials of the content's two-word phrases, the most written first", () => {
    expect(shorthand.read('nd', 1)).toEqual(['nong dan', 'noi dung']);
    expect(shorthand.read('vl', 1)).toEqual(['vinh long']);
    expect(shorthand.read('xx', 1)).toEqual(['xuat xu']);
  });

  it('leaves initials of phrases no two items write, real syllables and words written in one item alone', () => {
    expect(shorthand.read('cc', 1)).toEqual([]);
    expect(shorthand.read('ad', 1)).toEqual([]);
    expect(shorthand.read('xong', 1)).toEqual([]);
    expect(shorthand.read('trg', 1)).toEqual([]);
  });

  it("reads a word of the language with its first word cut to a letter or an onset as that word", () => {
    expect(shorthand.read('hcho', 1)).toEqual(['hoi cho']);
    expect(shorthand.read('qgia', 1)).toEqual(['quoc gia']);
    expect(shorthand.read('qugia', 1)).toEqual(['quoc gia']);
    // Two words side by side are not one word: "lop han" is not read from "lhan".
    expect(shorthand.read('lhan', 1)).toEqual([]);
  });

  it('splits two syllables run together where the content writes both, the split it writes together first', () => {
    expect(shorthand.read('lophan', 1)).toEqual(['lop han', 'lo phan']);
    // Written side by side nowhere, "học nghề" is still a word of the language.
    expect(shorthand.read('hocnghe', 1)).toEqual(['hoc nghe']);
    // A split into syllables the content never writes is no reading.
    expect(shorthand.read('zanbo', 1)).toEqual([]);
  });

  it('reads again when the vocabulary changes', () => {
    words.set('trong', 4);
    expect(shorthand.read('trg', 1)).toEqual([]);
    expect(shorthand.read('trg', 2)).toEqual(['trong']);
  });
});

describe('a message with a shortened syllable', () => {
  let set: LoadedSet;
  beforeAll(async () => {
    set = (await loadKnownSet('eval-pack'))!;
  });
  afterAll(() => set.close());

  it('is read with the content word and answered by the item about it', async () => {
    const q = 'hc xg co vc lm ko ad hay phai tu kiem';
    // "hc xg" is read "học xong", a phrase the synonyms know ("sau khi học").
    const words = set.engine.understand(q).analysis.terms.flatMap((t) => t.alternatives.flat());
    expect(words).toContain('xong');
    expect((await set.engine.ask(q)).results[0]?.id).toBe('faq-viec-lam-sau-hoc');
  });

  it("leaves a province's initials after \"ở\" to the place reader", () => {
    // The content reads "cb" as "chế biến"; after "ở" it is Cao Bằng.
    expect(set.engine.index.readShorthand('cb')[0]).toBe('che bien');
    const { analysis } = set.engine.understand('lop nuoi ga o cb');
    expect(analysis.provinces.map((p) => p.shortName)).toEqual(['Cao Bằng']);
    expect(analysis.tokens).not.toContain('che');
  });

  it('keeps a token the content writes as it is', () => {
    const terms = set.engine.understand('lop nail o dau').analysis.terms.map((t) => t.alternatives[0]!.join(' '));
    expect(terms).toContain('nail');
  });
});
