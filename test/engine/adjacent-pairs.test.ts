/**
 * Two words the content writes side by side weigh, as a pair, as the heavier of them: a word read as
 * chat ("mới" is mostly "just") next to a content word ("lớp mới") carries its neighbour's topic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjacentPairs, planQuestion } from '../../src/engine/query-plan.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';

let set: LoadedSet;
beforeAll(async () => {
  set = (await loadKnownSet('eval-pack'))!;
});
afterAll(() => set.close());

const q = 'có lớp mới thì báo em nha';
const analysis = () => set.engine.understand(q).analysis;
const plans = () => planQuestion(set.engine.index, analysis().terms, DEFAULT_PARAMS);
const word = (w: string) => plans().find((p) => p.term.alternatives[0]!.join(' ') === w)!;

describe('a pair the content writes', () => {
  it('weighs as its heavier word, even next to a word read as chat', () => {
    expect(word('moi').weight).toBe(0);
    expect(word('lop').weight).toBeGreaterThan(0.5);
    const pairs = adjacentPairs(set.engine.index, plans(), DEFAULT_PARAMS);
    expect(pairs.map((p) => p.weight)).toContain(word('lop').weight);
  });

  it('lets the item about new classes answer "tell me when there is a new class"', () => {
    const [best] = rankQuestion(set.engine.index, analysis(), DEFAULT_PARAMS, { limit: 3 });
    expect(best!.doc.id).toBe('faq-nhan-tin-khoa-moi');
    expect(best!.confidence).toBeGreaterThanOrEqual(DEFAULT_PARAMS.gate);
  });
});
