/**
 * A word read as chat ("mới" is mostly "just", "ông" an address) next to a content word, where the
 * content writes the two together ("lớp mới", "nuôi ong"), carries its neighbour's topic
 * (RankParams.pairWithChat).
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

describe('a pair of a chat word and a content word', () => {
  it('weighs as the content word when the content writes the pair', () => {
    const plans = planQuestion(set.engine.index, analysis().terms, DEFAULT_PARAMS);
    const moi = plans.find((p) => p.term.alternatives[0]!.join(' ') === 'moi');
    expect(moi?.weight).toBe(0);
    expect(adjacentPairs(set.engine.index, plans, { ...DEFAULT_PARAMS, pairWithChat: 0 })).toHaveLength(0);
    const pairs = adjacentPairs(set.engine.index, plans, DEFAULT_PARAMS);
    const lop = plans.find((p) => p.term.alternatives[0]!.join(' ') === 'lop')!;
    expect(pairs.map((p) => p.weight)).toContain(lop.weight * DEFAULT_PARAMS.pairWithChat);
  });

  it('lets the item about new classes answer "tell me when there is a new class"', () => {
    const best = (pairWithChat: number) => rankQuestion(set.engine.index, analysis(), { ...DEFAULT_PARAMS, pairWithChat }, { limit: 3 })[0]!;
    expect(best(DEFAULT_PARAMS.pairWithChat).doc.id).toBe('faq-nhan-tin-khoa-moi');
    expect(best(DEFAULT_PARAMS.pairWithChat).confidence).toBeGreaterThan(best(0).confidence);
  });
});
