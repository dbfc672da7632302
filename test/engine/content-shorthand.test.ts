/**
 * Syllables typed without their rhyme ("xg" xong, "thg" tháng) are read as the content's words they
 * can stand for, the most written first; two-letter initials are left alone.
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
  ]);
  const shorthand = new ContentShorthand(
    () => words,
    (w) => (words.get(w) ?? 0) > 0,
  );

  it('reads an onset and a final g as the words ending in "ng", the most written first', () => {
    expect(shorthand.read('xg', 1)).toEqual(['xong', 'xuong']);
    expect(shorthand.read('thg', 1)).toEqual(['thang', 'thuong', 'thong']);
  });

  it('leaves initials, real syllables and words written in one item alone', () => {
    expect(shorthand.read('cc', 1)).toEqual([]);
    expect(shorthand.read('xong', 1)).toEqual([]);
    expect(shorthand.read('trg', 1)).toEqual([]);
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

  it('keeps a token the content writes as it is', () => {
    const terms = set.engine.understand('lop nail o dau').analysis.terms.map((t) => t.alternatives[0]!.join(' '));
    expect(terms).toContain('nail');
  });
});
