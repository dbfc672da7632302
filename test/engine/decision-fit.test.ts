import { describe, expect, it } from 'vitest';
import { answers, decisionFeatures, fitWeights, fromWeights, toWeights, type Outcome } from '../../bench/quality/decision-fit.js';
import { confidenceOf, withLead } from '../../src/engine/confidence.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';

describe('the decision fit', () => {
  it('decides as the engine does: weights from the constants answer exactly when the confidence clears the gate', () => {
    const w = toWeights(DEFAULT_PARAMS);
    const cases = [
      { score: 2.2, coverage: 0.9, leaning: -1.5, titleShare: 0.8, lead: 0.4, kindFactor: 1, keyMissed: 0, beyondMissed: 0 },
      { score: 0.9, coverage: 0.5, leaning: 0.8, titleShare: 0.2, lead: 0.1, kindFactor: 0.3, keyMissed: 1, beyondMissed: 0.6 },
      { score: 1.3, coverage: 0.7, leaning: 0, titleShare: 0.5, lead: 0.05, kindFactor: 0.8, keyMissed: 0.4, beyondMissed: 1 },
      { score: 3.1, coverage: 0.35, leaning: 1.2, titleShare: 1, lead: 0.9, kindFactor: 0.1, keyMissed: 0.7, beyondMissed: 0.25 },
    ];
    for (const c of cases) {
      const confidence = withLead(confidenceOf(c, c.leaning, DEFAULT_PARAMS), c.lead, DEFAULT_PARAMS);
      expect(answers(w, decisionFeatures(c, DEFAULT_PARAMS))).toBe(confidence >= DEFAULT_PARAMS.gate);
    }
    const back = fromWeights(w);
    for (const [k, v] of Object.entries(back)) expect(v).toBeCloseTo(DEFAULT_PARAMS[k as keyof typeof back], 9);
  });

  it('moves the gate and the coverage weight to where the outcomes say', () => {
    // Right answers have high coverage, out-of-scope ones low; the score says nothing.
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 200; i++) {
      const coverage = 0.3 + (0.7 * i) / 199;
      const right = coverage > 0.6;
      outcomes.push({ x: decisionFeatures({ score: 1 + (i % 7) / 7, coverage, leaning: 0, titleShare: 0.55, lead: 0.2, kindFactor: 1, keyMissed: 0.5, beyondMissed: 0 }, { titleCentre: 0.55, keyMissCentre: 0.5 }), gain: right ? 1 : -4 });
    }
    const start = toWeights({ ...DEFAULT_PARAMS, scoreExponent: 1, coverageExponent: 0.5, gate: 0.2 });
    const count = (w: number[]) => outcomes.reduce((s, o) => s + (answers(w, o.x) ? o.gain : 0), 0);
    const fitted = fitWeights(outcomes, start, { width: 0.5, ridge: 0.01, steps: 3000, rate: 0.01 });
    expect(count(fitted)).toBeGreaterThan(count(start));
    // Most right ones answered (of 114), and at most a couple of the others.
    const answered = outcomes.filter((o) => answers(fitted, o.x));
    expect(answered.filter((o) => o.gain < 0).length).toBeLessThanOrEqual(2);
    expect(answered.filter((o) => o.gain > 0).length).toBeGreaterThan(95);
  });
});
