/**
 * The short list is ordered mostly by score, partly by confidence (RankParams.orderByConfidence):
 * an item that explains the question leads one that scores on its side words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';

let set: LoadedSet;
beforeAll(async () => {
  set = (await loadKnownSet('eval-pack'))!;
});
afterAll(() => set.close());

const ranked = (q: string, orderByConfidence: number) =>
  rankQuestion(set.engine.index, set.engine.understand(q).analysis, { ...DEFAULT_PARAMS, orderByConfidence }, { limit: 5 });

describe('short list order', () => {
  it('by score alone when the share is 0, the confidence leaning it otherwise', () => {
    // Over the pack's questions: with no share the list is in score order; with it, an item that
    // leads one of higher score does so on its confidence (it explains more of the question).
    let reordered = 0;
    for (const { q } of set.questions) {
      const byScore = ranked(q, 0);
      const leaning = ranked(q, DEFAULT_PARAMS.orderByConfidence);
      expect(byScore.map((r) => r.score)).toEqual([...byScore.map((r) => r.score)].sort((a, b) => b - a));
      if (!byScore[0] || leaning[0]!.doc.id === byScore[0].doc.id) continue;
      reordered++;
      expect(leaning[0]!.score).toBeLessThan(byScore[0].score);
      expect(leaning[0]!.confidence).toBeGreaterThan(byScore[0].confidence);
    }
    expect(reordered).toBeGreaterThan(0);
  });

  it('leaves the order alone when score and confidence agree', () => {
    const q = 'lớp làm gốm đỏ ở Mang Thít khai giảng khi nào';
    expect(ranked(q, DEFAULT_PARAMS.orderByConfidence).map((r) => r.doc.id).slice(0, 1)).toEqual(ranked(q, 0).map((r) => r.doc.id).slice(0, 1));
  });
});
