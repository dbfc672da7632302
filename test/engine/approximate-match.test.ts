import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { approximateMatch } from '../../src/engine/approximate-match.js';

/** fuse.js's own answer, as the engine's token search asks it. */
function viaFuse(word: string, text: string): number {
  const r = Fuse.match(word, text, { threshold: 0.6, ignoreLocation: true });
  return r.isMatch ? (r.score ?? 0) : -1;
}

describe('approximate match', () => {
  it('scores a word in a text exactly as fuse.js does', () => {
    let seed = 11;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const word = (alphabet: string, max: number) => Array.from({ length: 1 + next(max) }, () => alphabet[next(alphabet.length)]).join('');
    for (let round = 0; round < 5000; round++) {
      const alphabet = ['ab', 'ahnoy', 'abcdefghijklmnopqrstuvwxyz', 'aàáạ đ'][next(4)]!;
      const w = word(alphabet, round % 10 === 0 ? 36 : 9);
      const text = Array.from({ length: 1 + next(6) }, () => word(alphabet + ' ', 12)).join(' ');
      const got = approximateMatch(w, text, 0.6);
      if (got === undefined) expect(w.length).toBeGreaterThan(32);
      else expect(got, `${w} in ${text}`).toBe(viaFuse(w, text));
    }
  });

  it('reads a run-together or misspelt word', () => {
    expect(approximateMatch('maymac', 'may mac xuat khau', 0.6)).toBe(viaFuse('maymac', 'may mac xuat khau'));
    expect(approximateMatch('han', 'han', 0.6)).toBe(0);
    expect(approximateMatch('han', 'lop han dien', 0.6)).toBe(0.001);
    expect(approximateMatch('qqqq', 'lop han dien', 0.6)).toBe(-1);
    expect(approximateMatch('x'.repeat(33), 'x', 0.6)).toBeUndefined();
  });
});
