import { describe, expect, it } from 'vitest';
import { PostingLists, weightOf } from '../../src/engine/postings.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('posting lists', () => {
  it('weightsAt agrees with a plain scan, whichever list is shorter', () => {
    const rnd = random(7);
    for (let round = 0; round < 40; round++) {
      const slots = 2000;
      const lists = new PostingLists();
      const truth = new Map<number, Map<number, number>>(); // term → slot → weight%
      const terms = 5;
      for (let slot = 0; slot < slots; slot++) {
        for (let t = 0; t < terms; t++) {
          // Term t is in about (t+1)^3 / 125 of the documents: from rare to everywhere.
          if (rnd() < (t + 1) ** 3 / 125) {
            const w = 1 + Math.floor(rnd() * 100);
            lists.add(t, slot, w);
            if (!truth.has(t)) truth.set(t, new Map());
            truth.get(t)!.set(slot, w);
          }
        }
      }
      lists.seal(terms, new Uint8Array(slots).fill(1));
      const candidates = Int32Array.from(new Set(Array.from({ length: 1 + Math.floor(rnd() * 600) }, () => Math.floor(rnd() * slots)))).sort();
      for (let t = 0; t < terms; t++) {
        const out = new Float32Array(candidates.length);
        lists.weightsAt(t, candidates, out);
        const expected = Float32Array.from(candidates, (slot) => (truth.get(t)?.get(slot) ?? 0) / 100);
        expect(out).toEqual(expected);
        expect(lists.length(t)).toBe(truth.get(t)?.size ?? 0);
      }
    }
  });

  it('seal folds in additions and drops entries of dead documents', () => {
    const lists = new PostingLists();
    lists.add(0, 0, 100);
    lists.add(1, 0, 50);
    lists.add(0, 1, 40);
    const live = new Uint8Array(4).fill(1);
    lists.seal(2, live);
    expect(lists.length(0)).toBe(2);
    // Slot 0 replaced by slot 2; a new term appears.
    live[0] = 0;
    lists.add(0, 2, 90);
    lists.add(2, 2, 35);
    expect(lists.dirty).toBe(true);
    lists.seal(3, live);
    const slotsOf = (t: number) => [...lists.slotsOf(t)];
    expect(slotsOf(0)).toEqual([1, 2]);
    expect(slotsOf(1)).toEqual([]);
    expect(slotsOf(2)).toEqual([2]);
    const out = new Float32Array(2);
    lists.weightsAt(0, Int32Array.from([1, 2]), out);
    expect(Array.from(out)).toEqual([Math.fround(0.4), Math.fround(0.9)]);
    expect(weightOf((7 << 7) | 35)).toBeCloseTo(0.35);
  });

  it('rejects arrays that do not hold together', () => {
    expect(() => PostingLists.fromArrays(Int32Array.from([0, 2]), Int32Array.from([0, 1 << 7]), 1)).toThrow(/past the documents/);
    expect(() => PostingLists.fromArrays(Int32Array.from([0, 3]), Int32Array.from([0]), 1)).toThrow(/offsets/);
  });
});
