/**
 * Fits the ranker's few constants (src/engine/ranker.ts) on question sets and reports k-fold
 * cross-validated figures: for each fold the constants are chosen on the other folds (plus the
 * other training sets), then scored on the fold. The objective counts a right answer +1 and an
 * out-of-scope question answered −OOS_COST: refusing is cheaper than answering wrongly.
 *
 *   node --import tsx bench/quality/fit.ts [--folds 5] [--train eval-pack,eval,other-provinces]
 *
 * With several training sets it also leaves each set out in turn: fitted on the others, scored on it.
 *
 * It prints the cross-validated figures and the constants fitted on everything; copying those into
 * DEFAULT_PARAMS is a human decision.
 */
import { NO_SEARCH } from '../../src/engine/engine.js';
import { DEFAULT_PARAMS, rankQuestion, type RankParams } from '../../src/engine/ranker.js';
import { loadKnownSet, type LoadedSet, type Question, type SetName } from './sets.js';

const OOS_COST = 2;
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const FOLDS = Number(opt('--folds', '5'));
const trainNames = opt('--train', 'eval-pack,eval').split(',') as SetName[];

/** The structural constants tried; the gate is then chosen from the confidences seen. */
const GRID: Partial<RankParams>[] = [];
for (const fuzzy of [0.2, 0.4, 0.7])
  for (const place of [0.25, 0.5, 1])
    for (const provinceDamp of [0.2, 0.4, 0.7])
      for (const kindDamp of [1, 0.6, 0.3])
        for (const coverageExponent of [1, 2, 3])
          for (const margin of [0, 0.6]) GRID.push({ fuzzy, place, provinceDamp, kindDamp, coverageExponent, margin, context: 0.2 });

interface Outcome {
  set: string;
  fold: number;
  q: Question;
  /** Top item and its confidence. */
  top?: string;
  confidence: number;
}

const sets: LoadedSet[] = [];
for (const name of trainNames) {
  const s = await loadKnownSet(name);
  if (s) sets.push(s);
  else console.log(`${name}: not found, left out`);
}
// As the engine reads them: intent found, command words weighed down.
const analyses = sets.map((s) => s.questions.map((q) => s.engine.understand(q.q)));

function outcomes(params: RankParams): Outcome[] {
  const out: Outcome[] = [];
  sets.forEach((s, si) => {
    s.questions.forEach((q, qi) => {
      const { intent, analysis } = analyses[si]![qi]!;
      const [best] = NO_SEARCH.has(intent) ? [] : rankQuestion(s.engine.index, analysis, params, { limit: 1 });
      out.push({ set: s.name, fold: qi % FOLDS, q, top: best?.doc.id, confidence: best?.confidence ?? 0 });
    });
  });
  return out;
}

function objective(rows: Outcome[], gate: number): { value: number; right: number; inScope: number; answeredOos: number; oos: number } {
  let right = 0;
  let inScope = 0;
  let answeredOos = 0;
  let oos = 0;
  for (const r of rows) {
    const answered = r.top !== undefined && r.confidence >= gate;
    if (r.q.expect.length === 0) {
      oos++;
      if (answered) answeredOos++;
    } else {
      inScope++;
      if (answered && r.q.expect.includes(r.top!)) right++;
    }
  }
  return { value: right - OOS_COST * answeredOos, right, inScope, answeredOos, oos };
}

function bestGate(rows: Outcome[]): { gate: number; value: number } {
  const gates = [...new Set(rows.map((r) => r.confidence))].sort((a, b) => a - b).map((c) => c + 1e-9);
  let best = { gate: DEFAULT_PARAMS.gate, value: -Infinity };
  for (const g of [0, ...gates]) {
    const v = objective(rows, g).value;
    // Ties: the middle of the plateau would be better; the lowest gate keeps more answers.
    if (v > best.value) best = { gate: g, value: v };
  }
  return best;
}

console.log(`grid of ${GRID.length} settings over ${sets.map((s) => `${s.name} (${s.questions.length})`).join(', ')}`);
const started = Date.now();
const runs = GRID.map((g) => {
  const params = { ...DEFAULT_PARAMS, ...g };
  return { params, rows: outcomes(params) };
});
console.log(`ranked in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const cvSet = sets[0]!.name;
const cv = { right: 0, inScope: 0, answeredOos: 0, oos: 0 };
for (let fold = 0; fold < FOLDS; fold++) {
  const isTest = (r: Outcome) => r.set === cvSet && r.fold === fold;
  let chosen = { value: -Infinity, run: runs[0]!, gate: 0 };
  for (const run of runs) {
    const { gate, value } = bestGate(run.rows.filter((r) => !isTest(r)));
    if (value > chosen.value) chosen = { value, run, gate };
  }
  const test = objective(chosen.run.rows.filter(isTest), chosen.gate);
  cv.right += test.right;
  cv.inScope += test.inScope;
  cv.answeredOos += test.answeredOos;
  cv.oos += test.oos;
}
console.log(`${FOLDS}-fold cross-validated on ${cvSet}: top-1 ${cv.right}/${cv.inScope} (${((100 * cv.right) / cv.inScope).toFixed(1)} %), out-of-scope answered ${cv.answeredOos}/${cv.oos}`);

// Leave one set out: constants chosen on the other sets, scored on the one left out. With a set on
// content of its own (other-provinces) this is the figure for content the engine was not fitted on.
if (sets.length > 1) {
  for (const left of sets) {
    let chosen = { value: -Infinity, run: runs[0]!, gate: 0 };
    for (const run of runs) {
      const { gate, value } = bestGate(run.rows.filter((r) => r.set !== left.name));
      if (value > chosen.value) chosen = { value, run, gate };
    }
    const o = objective(chosen.run.rows.filter((r) => r.set === left.name), chosen.gate);
    console.log(`left out ${left.name}: top-1 ${o.right}/${o.inScope} (${((100 * o.right) / o.inScope).toFixed(1)} %), out-of-scope answered ${o.answeredOos}/${o.oos} (gate ${chosen.gate.toFixed(3)})`);
  }
}

let all = { value: -Infinity, run: runs[0]!, gate: 0 };
for (const run of runs) {
  const { gate, value } = bestGate(run.rows);
  if (value > all.value) all = { value, run, gate };
}
const fitted = { ...all.run.params, gate: Math.round(all.gate * 1000) / 1000 };
console.log('fitted on everything:', JSON.stringify(fitted));
for (const s of sets) {
  const o = objective(all.run.rows.filter((r) => r.set === s.name), all.gate);
  console.log(`  ${s.name}: top-1 ${o.right}/${o.inScope}, out-of-scope answered ${o.answeredOos}/${o.oos}`);
}
for (const s of sets) await s.close();
