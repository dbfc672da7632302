/**
 * fuse.js's approximate match of one word in a text, as its token search runs it (location ignored,
 * threshold 0.6), without building a searcher per call: the fewest edits (letters substituted,
 * inserted or left out) with which the word occurs in the text, found by the bit-parallel method
 * fuse.js uses, one pass per number of edits. Score = edits / word length (0.001 at best, 0 when the
 * text is the word), none past the threshold. Words longer than 32 letters are left to fuse.js
 * (their score averages per 32-letter chunk); test/engine/approximate-match.test.ts holds the two equal.
 */

const MAX_WORD = 32;

/** The score, -1 for no match, or undefined when the word is too long to be handled here. */
export function approximateMatch(word: string, text: string, threshold: number): number | undefined {
  const pattern = word.toLowerCase();
  const len = pattern.length;
  if (len === 0 || len > MAX_WORD) return undefined;
  const lower = text.toLowerCase();
  if (lower === pattern) return 0;
  if (lower.includes(pattern)) return 0.001;
  // Per letter of the word, the bit of each position it holds (last letter = lowest bit).
  const letters = new Map<number, number>();
  for (let i = 0; i < len; i++) {
    const c = pattern.charCodeAt(i);
    letters.set(c, (letters.get(c) ?? 0) | (1 << (len - i - 1)));
  }
  const size = lower.length;
  const last = size + len; // positions scanned: size + len down to 1
  // Per position of the text, the bits of the word's letters found there (0 past the end).
  const masks = new Int32Array(last + 1);
  for (let k = 0; k < size; k++) masks[k] = letters.get(lower.charCodeAt(k)) ?? 0;
  const found = 1 << (len - 1);
  let previous = new Int32Array(last + 2);
  let current = new Int32Array(last + 2);
  for (let edits = 0; edits < len && edits / len <= threshold; edits++) {
    current[last + 1] = (1 << edits) - 1;
    let matched = false;
    for (let j = last; j >= 1; j--) {
      let bits = ((current[j + 1]! << 1) | 1) & masks[j - 1]!;
      if (edits > 0) bits |= ((previous[j + 1]! | previous[j]!) << 1) | 1 | previous[j + 1]!;
      current[j] = bits;
      if (bits & found) matched = true;
    }
    if (matched) return Math.max(0.001, edits / len);
    [previous, current] = [current, previous];
  }
  return -1;
}
