import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/text/fold.js';
import { WordTokens } from '../../src/engine/word-tokens.js';

/** Term ids from a plain vocabulary, counting how often a word had to be tokenized. */
function vocabulary() {
  const ids = new Map<string, number>();
  const calls: string[] = [];
  const words = new WordTokens((word) => {
    calls.push(word);
    return tokenize(word).map((t) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1));
  });
  const expected = (text: string) => text.split(' ').flatMap((w) => tokenize(w).map((t) => ids.get(t)));
  return { words, calls, expected };
}

describe('word tokens', () => {
  it('gives the ids of every token, word by word, tokenizing each distinct word once', () => {
    const { words, calls, expected } = vocabulary();
    const text = 'Lớp hàn điện  cho lao động, lớp hàn 2024/KH-UBND: 1.000.000đ lớp';
    const ids = words.idsOf(text, Infinity);
    expect(ids).toEqual(expected(text));
    expect(calls).toEqual([...new Set(text.split(' ').filter(Boolean))]);
    expect(words.idsOf('hàn lớp', Infinity)).toEqual(expected('hàn lớp'));
    expect(calls).toHaveLength(new Set(text.split(' ').filter(Boolean)).size);
  });

  it('stops after the word that reaches the limit', () => {
    const { words, expected } = vocabulary();
    const text = 'một hai 3a ba bốn';
    // "3a" is two tokens: the third word takes the count from 2 to 4.
    expect(words.idsOf(text, 3)).toEqual(expected('một hai 3a'));
    expect(words.idsOf(text, 2)).toEqual(expected('một hai'));
  });

  it('tells apart words that differ in one letter or in length, across many distinct words', () => {
    const { words, expected } = vocabulary();
    const text = Array.from({ length: 5000 }, (_, i) => `w${i} ${i}x han hàn hann`).join(' ');
    expect(words.idsOf(text, Infinity)).toEqual(expected(text));
    words.clear();
    expect(words.idsOf('hann han', Infinity)).toEqual(expected('hann han'));
  });

  it('gives a short text the ids of its words, looked up once per text', () => {
    const { words, calls, expected } = vocabulary();
    expect(words.phraseIds('Vĩnh Long')).toEqual(expected('Vĩnh Long'));
    const before = calls.length;
    expect(words.phraseIds('Vĩnh Long')).toBe(words.phraseIds('Vĩnh Long'));
    expect(calls).toHaveLength(before);
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(words.phraseIds(long)).toEqual(expected(long));
    words.clear();
    expect(words.phraseIds('Long Vĩnh')).toEqual(expected('Long Vĩnh'));
  });
});
