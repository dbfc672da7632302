/**
 * A place named only in the sentences that tell ("tôi … ở An Giang, muốn mở lớp…. Có nguồn kinh phí
 * nào…?") says where the writer lives, not always where the answer must be: its items are lifted
 * less than when the question itself names it (RankParams.toldPlace).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';

let set: LoadedSet;
beforeAll(async () => {
  set = (await loadKnownSet('eval-pack'))!;
});
afterAll(() => set.close());

const story = 'Chào ad, tôi là chủ cơ sở đan lục bình ở An Giang, muốn mở lớp truyền nghề cho chị em trong xóm rồi nhận vào làm luôn. Có nguồn kinh phí nào hỗ trợ mở lớp như vậy không, liên hệ ai?';

describe('a place told, not asked', () => {
  it('is read as told in a story and as asked in a question', () => {
    expect(set.engine.understand(story).analysis.placeWhere).toBe('told');
    expect(set.engine.understand('An Giang có lớp đan lục bình không?').analysis.placeWhere).toBe('asking');
    expect(set.engine.understand('chào ad, em ở An Giang, có lớp đan lục bình không?').analysis.placeWhere).toBe('asking');
  });

  it('lifts the items there less, so the policy the story asks about leads the local course', () => {
    const analysis = set.engine.understand(story).analysis;
    const scores = (toldPlace: number) =>
      new Map(rankQuestion(set.engine.index, analysis, { ...DEFAULT_PARAMS, toldPlace, orderByConfidence: 0 }, { limit: 10 }).map((r) => [r.doc.id, r.score]));
    const local = (m: Map<string, number>) => m.get('course-det-tho-cam-chau-giang')! / m.get('policy-khuyen-cong-dao-tao-nghe')!;
    const asAsked = scores(1);
    const asTold = scores(DEFAULT_PARAMS.toldPlace);
    // The local course gains less from the place told than from a place asked; the policy leads.
    expect(local(asTold)).toBeLessThan(local(asAsked));
    expect([...asTold.keys()][0]).toBe('policy-khuyen-cong-dao-tao-nghe');
  });
});
