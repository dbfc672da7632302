/**
 * A word typed with marks that the content spells otherwise ("hàn" where it has "hạn") matches
 * nothing; a word the content does not know even unaccented ("gốmm") is a slip, and its repair
 * ("gom") is matched as any unaccented word would be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';
import { DEFAULT_PARAMS } from '../../src/engine/ranker.js';
import { planQuestion } from '../../src/engine/query-plan.js';

let set: LoadedSet;
beforeAll(async () => {
  set = (await loadKnownSet('eval-pack'))!;
});
afterAll(() => set.close());

const planOf = (question: string, word: string) => {
  const { analysis } = set.engine.understand(question);
  return planQuestion(set.engine.index, analysis.terms, DEFAULT_PARAMS).find((p) => p.term.alternatives[0]!.join(' ') === word)!;
};

describe('an accented word with a slip of the keys', () => {
  it('is matched through its repair', () => {
    const plan = planOf('lớp gốmm đỏ ở Vĩnh Long học mấy tháng', 'gomm');
    expect(plan.alts[0]!.discount).toBeGreaterThan(0);
    expect(plan.alts[0]!.tokens[0]!.ids.length).toBeGreaterThan(0);
  });

  it('answers with the item the repaired word names', async () => {
    const answer = await set.engine.ask('lớp gốmm đỏ ở Vĩnh Long học mấy tháng');
    expect(answer.results[0]?.id).toBe('course-gom-do-mang-thit');
  });

  it('still refuses a correctly spelt word with accents the content never uses', () => {
    // "gộm" is a real syllable spelt otherwise: the content's "gốm" is another word.
    const plan = planOf('lớp gộm đỏ ở Vĩnh Long', 'gom');
    expect(plan.alts.every((a) => a.discount === 0)).toBe(true);
  });
});
