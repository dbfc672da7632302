/**
 * Fits the decision to answer (src/engine/confidence.ts: ten constants) on the hand-written sets
 * the learnt tables are built from, and reports it left out set by set: for each set, the kind and
 * off-topic tables are rebuilt without it and the constants fitted on the other sets, then it is
 * scored. The validation sets and the round's blind sets are scored with constants fitted on all.
 *
 *   node --import tsx bench/quality/fit-decision.ts [--oos-cost 8]
 *
 * An out-of-scope answer costs `--oos-cost` right ones (8: the bars allow about one in 35 while
 * allowing a tenth of misses, and a refusal still offers the close items as suggestions).
 * It prints the figures of the current constants and of the fitted ones; copying them into
 * DEFAULT_PARAMS is a human decision. The figures are of the decision alone, on the ranking the
 * current constants give.
 */
import { NO_SEARCH } from '../../src/engine/engine.js';
import { useKindTable } from '../../src/engine/kind-prior.js';
import { useOffTopicTable } from '../../src/engine/off-topic.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { answers, decisionFeatures, fitWeights, fromWeights, toWeights, type Outcome } from './decision-fit.js';
import { buildKindTable, countKinds, type KindCounts } from './kind-words.js';
import { ROUND_BLIND_SETS, TABLE_SETS, VALIDATION_SETS } from './learnt-tables.js';
import { buildOffTopicTable, countScope, type ScopeCounts } from './off-topic-words.js';
import { loadKnownSet, type SetName } from './sets.js';

const args = process.argv.slice(2);
const at = args.indexOf('--oos-cost');
const OOS_COST = at >= 0 ? Number(args[at + 1]) : 8;

interface Labelled extends Outcome {
  set: SetName;
  label: 'right' | 'out-of-scope' | 'other';
}

const kindCounts = new Map<SetName, KindCounts>();
const scopeCounts = new Map<SetName, ScopeCounts>();
for (const name of TABLE_SETS) {
  const set = await loadKnownSet(name);
  if (!set) continue;
  kindCounts.set(name, await countKinds(set));
  scopeCounts.set(name, countScope(set));
  await set.close();
}

/**
 * The outcomes of a set's questions with the tables built without it. A question counts only if the
 * engine would answer its best item once confident (not when it offers an item elsewhere instead, say):
 * found by lowering the gate to just under that item's confidence.
 */
async function outcomesOf(name: SetName): Promise<Labelled[]> {
  const set = await loadKnownSet(name);
  if (!set) return [];
  useKindTable(buildKindTable([...kindCounts].filter(([n]) => n !== name).map(([, c]) => c)));
  useOffTopicTable(buildOffTopicTable([...scopeCounts].filter(([n]) => n !== name).map(([, c]) => c)));
  const gate = DEFAULT_PARAMS.gate;
  const out: Labelled[] = [];
  for (const q of set.questions) {
    const { intent, analysis } = set.engine.understand(q.q);
    if (NO_SEARCH.has(intent)) continue;
    const [best] = rankQuestion(set.engine.index, analysis, DEFAULT_PARAMS, { limit: 10 });
    if (!best || best.confidence <= 0) continue;
    DEFAULT_PARAMS.gate = Math.min(gate, best.confidence * 0.9999);
    const answered = set.engine.rank(analysis).results[0]?.id;
    DEFAULT_PARAMS.gate = gate;
    if (answered !== best.doc.id) continue;
    const x = decisionFeatures(
      { score: best.score, coverage: best.coverage, leaning: best.leaning, titleShare: best.titleShare, lead: best.lead, kindFactor: best.kindFactor, keyMissed: best.keyMissed, beyondMissed: best.beyondMissed },
      DEFAULT_PARAMS,
    );
    const label = q.expect.length === 0 ? 'out-of-scope' : q.expect.includes(best.doc.id) ? 'right' : 'other';
    out.push({ set: name, x, label, gain: label === 'right' ? 1 : label === 'out-of-scope' ? -OOS_COST : 0 });
  }
  await set.close();
  useKindTable(undefined);
  useOffTopicTable(undefined);
  return out;
}

function tally(outcomes: readonly Labelled[], w: readonly number[]): { right: number; outOfScope: number; other: number } {
  const t = { right: 0, outOfScope: 0, other: 0 };
  for (const o of outcomes) {
    if (!answers(w, o.x)) continue;
    if (o.label === 'right') t.right++;
    else if (o.label === 'out-of-scope') t.outOfScope++;
    else t.other++;
  }
  return t;
}

const show = (t: ReturnType<typeof tally>) => `${t.right} right, ${t.outOfScope} out of scope answered, ${t.other} another item`;
const add = (a: ReturnType<typeof tally>, b: ReturnType<typeof tally>) => ({ right: a.right + b.right, outOfScope: a.outOfScope + b.outOfScope, other: a.other + b.other });

const start = toWeights(DEFAULT_PARAMS);
const bySet = new Map<SetName, Labelled[]>();
for (const name of TABLE_SETS) bySet.set(name, await outcomesOf(name));
const all = [...bySet.values()].flat();

let left = { right: 0, outOfScope: 0, other: 0 };
let current = { right: 0, outOfScope: 0, other: 0 };
for (const [name, own] of bySet) {
  const w = fitWeights(all.filter((o) => o.set !== name), start);
  left = add(left, tally(own, w));
  current = add(current, tally(own, start));
}
console.log(`table sets (${bySet.size}), an out-of-scope answer costing ${OOS_COST}:`);
console.log(`  current constants:          ${show(current)}`);
console.log(`  fitted, left out set by set: ${show(left)}`);

const fitted = fitWeights(all, start);
for (const [title, names] of [['validation', VALIDATION_SETS], ['round blind', ROUND_BLIND_SETS]] as const) {
  const outcomes = (await Promise.all(names.map(outcomesOf))).flat();
  console.log(`${title} sets (${names.length}): current ${show(tally(outcomes, start))}; fitted ${show(tally(outcomes, fitted))}`);
}
const params = fromWeights(fitted);
console.log('fitted on all table sets:', Object.entries(params).map(([k, v]) => `${k}: ${Math.round(v * 1000) / 1000}`).join(', '));
