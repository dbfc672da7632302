/**
 * An item of a kind the question does not ask for is answered less readily than it is ranked
 * (RankParams.kindConfidence): "the specialty fair in Tây Ninh", where the pack has no fair, must not
 * be answered with the national OCOP policy that shares the word "đặc sản".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';

let set: LoadedSet;
beforeAll(async () => {
  set = (await loadKnownSet('generated-content'))!;
});
afterAll(() => set.close());

const ranked = (q: string, kindConfidence: number) => rankQuestion(set.engine.index, set.engine.understand(q).analysis, { ...DEFAULT_PARAMS, kindConfidence }, { limit: 5 });
const best = (q: string, kindConfidence: number) => ranked(q, kindConfidence)[0]!;
/** The best-ranked item of a kind. */
const bestOf = (q: string, kind: string, kindConfidence: number) => ranked(q, kindConfidence).find((r) => r.doc.kind === kind)!;

describe('the kind asked in the decision', () => {
  it('keeps a policy from answering a question about a fair', () => {
    const q = 'Hội chợ đặc sản ở Tây Ninh tổ chức khi nào?';
    // The policy sharing the word "đặc sản" (a fair elsewhere may rank above it: not the point here).
    const without = bestOf(q, 'policy', 0);
    const withKind = bestOf(q, 'policy', DEFAULT_PARAMS.kindConfidence);
    expect(without.kindFactor).toBeLessThan(0.5);
    expect(without.confidence).toBeGreaterThanOrEqual(DEFAULT_PARAMS.gate);
    expect(withKind.confidence).toBeLessThan(DEFAULT_PARAMS.gate);
  });

  it('leaves an item of the kind asked as confident as before', () => {
    const q = 'chính sách hỗ trợ sản phẩm OCOP được gì';
    const [a, b] = [best(q, 0), best(q, DEFAULT_PARAMS.kindConfidence)];
    expect(b.doc.id).toBe(a.doc.id);
    expect(a.doc.kind).toBe('policy');
    expect(b.kindFactor).toBeGreaterThan(0.9);
    expect(b.confidence).toBeGreaterThanOrEqual(DEFAULT_PARAMS.gate);
  });
});
