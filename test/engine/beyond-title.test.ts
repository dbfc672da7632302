/**
 * What is asked beyond an item's title (beyond-title.ts, RankParams.beyondTitle): naming an item
 * says which one is meant; the rest of the asking sentence must be something it holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';

let set: LoadedSet;
beforeAll(async () => {
  set = (await loadKnownSet('eval-pack'))!;
});
afterAll(() => set.close());

const best = (question: string, params = DEFAULT_PARAMS) => rankQuestion(set.engine.index, set.engine.understand(question).analysis, params, { limit: 3 })[0]!;
const COURSE = 'course-dien-lanh-dien-ban';

describe('what the question asks beyond the title', () => {
  it('is nothing when the question only names the item, or asks what the item gives', () => {
    for (const question of ['lớp điện lạnh ở Điện Bàn', 'Lớp điện lạnh ở Điện Bàn học phí bao nhiêu?', 'Lớp điện lạnh ở Điện Bàn học mấy tháng?']) {
      const top = best(question);
      expect(top.doc.id).toBe(COURSE);
      expect(top.beyondMissed).toBe(0);
    }
  });

  it('is most of it when the item does not give what is asked', () => {
    const shifts = best('Lớp điện lạnh ở Điện Bàn học ca sáng hay ca tối?');
    expect(shifts.doc.id).toBe(COURSE);
    expect(shifts.beyondMissed).toBeGreaterThan(0.5);
    // A wholesale price of the pottery the course teaches to make.
    expect(best('Gốm đỏ Mang Thít bán sỉ giá bao nhiêu một cái?').beyondMissed).toBeGreaterThan(0.5);
  });

  it('lowers the confidence by e^(−beyondTitle × the share), and leaves the suggestions as they were', () => {
    const off = { ...DEFAULT_PARAMS, beyondTitle: 0 };
    const question = 'Lớp điện lạnh ở Điện Bàn học ca sáng hay ca tối?';
    const [on, without] = [best(question), best(question, off)];
    expect(on.confidence / without.confidence).toBeCloseTo(Math.exp(-DEFAULT_PARAMS.beyondTitle * on.beyondMissed), 6);
    // Suggestions divide the answer-only factors out: the same with or without it.
    expect(on.confidence / on.answerOnly).toBeCloseTo(without.confidence / without.answerOnly, 6);
  });
});
