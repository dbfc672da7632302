/**
 * Fitting the decision to answer (src/engine/confidence.ts) on labelled outcomes: for each question,
 * what the ranker knew of its best item, and what answering it would gain (+1 right, −oosCost for a
 * question the content does not answer, 0 for another item than the right one: neither counts in
 * top-1, and a refusal there still offers suggestions).
 *
 * The confidence is log-linear, so the decision "confidence ≥ gate" is a linear threshold on
 *   x = [ln score, ln coverage, max(leaning, 0), min(leaning, 0), titleShare − titleCentre, lead, ln kindFactor,
 *        keyMissCentre − keyMissed, −beyondMissed]
 * with weights [scoreExponent, coverageExponent, −offTopic, −inScopeLift, titleLift, margin, kindConfidence, keyMiss, beyondTitle] and bias
 * −ln gate. The fit maximises the objective smoothed by a logistic of width `width` (a hard
 * threshold has no gradient), pulled gently towards the starting constants so that a weight the data
 * says nothing about stays where it was. Adam, a fixed number of steps: deterministic.
 */
import type { RankParams } from '../../src/engine/rank-params.js';

export interface Outcome {
  /** The features above. */
  x: number[];
  /** What answering gains. */
  gain: number;
}

export type DecisionParams = Pick<RankParams, 'scoreExponent' | 'coverageExponent' | 'offTopic' | 'inScopeLift' | 'titleLift' | 'margin' | 'kindConfidence' | 'keyMiss' | 'beyondTitle' | 'gate'>;

export interface FitOptions {
  width: number;
  /** Pull towards the start, per squared unit of weight. */
  ridge: number;
  steps: number;
  rate: number;
}

export const FIT_OPTIONS: FitOptions = { width: 0.25, ridge: 1, steps: 4000, rate: 0.01 };

/** The features of an item the ranker scored (the caller reads them off `Ranked` and the runner-up). */
export function decisionFeatures(
  f: { score: number; coverage: number; leaning: number; titleShare: number; lead: number; kindFactor: number; keyMissed: number; beyondMissed: number },
  centres: Pick<RankParams, 'titleCentre' | 'keyMissCentre'>,
): number[] {
  return [Math.log(Math.max(f.score, 1e-9)), Math.log(Math.max(f.coverage, 1e-9)), Math.max(f.leaning, 0), Math.min(f.leaning, 0), f.titleShare - centres.titleCentre, f.lead, Math.log(Math.max(f.kindFactor, 1e-9)), centres.keyMissCentre - f.keyMissed, -f.beyondMissed];
}

export function toWeights(p: DecisionParams): number[] {
  return [p.scoreExponent, p.coverageExponent, -p.offTopic, -p.inScopeLift, p.titleLift, p.margin, p.kindConfidence, p.keyMiss, p.beyondTitle, -Math.log(p.gate)];
}

export function fromWeights(w: readonly number[]): DecisionParams {
  return { scoreExponent: w[0]!, coverageExponent: w[1]!, offTopic: -w[2]!, inScopeLift: -w[3]!, titleLift: w[4]!, margin: w[5]!, kindConfidence: w[6]!, keyMiss: w[7]!, beyondTitle: w[8]!, gate: Math.exp(-w[9]!) };
}

/** Whether the weights answer this outcome. */
export function answers(w: readonly number[], x: readonly number[]): boolean {
  let z = w[x.length]!;
  for (let i = 0; i < x.length; i++) z += w[i]! * x[i]!;
  return z >= 0;
}

/** Weights that maximise the smoothed gain, from `start`. */
export function fitWeights(outcomes: readonly Outcome[], start: readonly number[], options: FitOptions = FIT_OPTIONS): number[] {
  const dims = start.length;
  const w = [...start];
  const m = new Array<number>(dims).fill(0);
  const v = new Array<number>(dims).fill(0);
  const grad = new Array<number>(dims);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let step = 1; step <= options.steps; step++) {
    for (let i = 0; i < dims; i++) grad[i] = 2 * options.ridge * (w[i]! - start[i]!);
    for (const o of outcomes) {
      let z = w[dims - 1]!;
      for (let i = 0; i < o.x.length; i++) z += w[i]! * o.x[i]!;
      const s = 1 / (1 + Math.exp(-Math.max(-50, Math.min(50, z / options.width))));
      // d(−gain × s)/dz
      const g = (-o.gain * s * (1 - s)) / options.width;
      for (let i = 0; i < o.x.length; i++) grad[i]! += g * o.x[i]!;
      grad[dims - 1]! += g;
    }
    for (let i = 0; i < dims; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * grad[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * grad[i]! ** 2;
      w[i]! -= (options.rate * (m[i]! / (1 - b1 ** step))) / (Math.sqrt(v[i]! / (1 - b2 ** step)) + eps);
    }
  }
  return w;
}
