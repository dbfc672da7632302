import { describe, expect, it } from 'vitest';
import { PairIds } from '../../src/engine/pair-ids.js';

describe('pair ids', () => {
  it('finds every pair added, in order, and nothing else', () => {
    const pairs = new PairIds();
    const truth = new Map<string, number>();
    // Enough pairs to grow the tables several times; (a, b) and (b, a) are different pairs.
    for (let i = 0; i < 20_000; i++) {
      const a = (i * 7919) % 5000;
      const b = (i * 104729) % 3000;
      if (truth.has(`${a} ${b}`)) continue;
      pairs.add(a, b, i);
      truth.set(`${a} ${b}`, i);
    }
    expect(pairs.size).toBe(truth.size);
    for (const [key, id] of truth) {
      const [a, b] = key.split(' ').map(Number) as [number, number];
      expect(pairs.get(a, b)).toBe(id);
      if (!truth.has(`${b} ${a}`)) expect(pairs.get(b, a)).toBe(-1);
    }
    expect(pairs.get(6000, 1)).toBe(-1);
    const seen: string[] = [];
    pairs.forEach((a, b) => seen.push(`${a} ${b}`));
    expect(seen).toEqual([...truth.keys()]);
  });
});
