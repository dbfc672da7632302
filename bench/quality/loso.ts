/**
 * The engine scored on the table sets left out one by one: for each set, the four learnt tables
 * (kind, off-topic, bridge and aside words) are rebuilt without it, then its questions are asked of
 * the whole engine. The validation sets are scored with the tables built on every table set.
 *
 *   npm run bench:loso -- [--per-set] [--by-kind] [--misses] [--params '{"gate":0.5}']   (about 4 min)
 *
 * `--params` overrides ranking constants (DEFAULT_PARAMS) for the run, to compare settings fold by fold
 * with `--per-set` (a line `set<TAB>right<TAB>in scope<TAB>out of scope answered<TAB>out of scope`).
 */
import { useBridgeTable } from '../../src/engine/bridges.js';
import { useKindTable } from '../../src/engine/kind-prior.js';
import { useOffTopicTable } from '../../src/engine/off-topic.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';
import { useAsideTable } from '../../src/text/lexicon.js';
import { countAsides, formatAsides, mergeAsides, type AsideCounts } from './aside-words.js';
import { buildBridges, collectBridgeData, type BridgeData } from './bridge-words.js';
import { buildKindTable, countKinds, type KindCounts } from './kind-words.js';
import { TABLE_SETS, VALIDATION_SETS } from './learnt-tables.js';
import { scoreSet, type SetScore } from './set-score.js';
import { buildOffTopicTable, countScope, type ScopeCounts } from './off-topic-words.js';
import { loadKnownSet, type SetName } from './sets.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const at = args.indexOf('--params');
if (at >= 0) Object.assign(DEFAULT_PARAMS, JSON.parse(args[at + 1] ?? '{}'));

interface Counts {
  kinds: KindCounts;
  scope: ScopeCounts;
  asides: AsideCounts;
}
const perSet = new Map<SetName, Counts>();
const bridges: BridgeData = { samples: [], vocabulary: new Map() };
for (const name of TABLE_SETS) {
  const set = await loadKnownSet(name);
  if (!set) continue;
  perSet.set(name, { kinds: await countKinds(set), scope: countScope(set), asides: countAsides(set) });
  await collectBridgeData(set, bridges);
  await set.close();
}

/** Every table built from the table sets but `without` (none: all of them). */
function useTablesWithout(without: SetName | undefined): void {
  const kept = [...perSet].filter(([name]) => name !== without).map(([, counts]) => counts);
  useKindTable(buildKindTable(kept.map((c) => c.kinds)));
  useOffTopicTable(buildOffTopicTable(kept.map((c) => c.scope)));
  useBridgeTable(buildBridges({ samples: bridges.samples.filter((s) => s.set !== without), vocabulary: bridges.vocabulary }));
  useAsideTable(formatAsides(mergeAsides(kept.map((c) => c.asides))));
}

type Score = Omit<SetScore, 'byCategory'>;

async function score(name: SetName, without: SetName | undefined): Promise<Score> {
  const set = await loadKnownSet(name);
  if (!set) return { right: 0, inScope: 0, answeredOut: 0, outOfScope: 0 };
  useTablesWithout(without);
  const { byCategory, ...total } = await scoreSet(set, (q, answer) => {
    if (!flag('--misses')) return;
    const top = answer.results[0];
    if (q.expect.length === 0) console.log(`  out of scope answered [${name} ${q.category}] ${q.q} → ${top?.id}`);
    else console.log(`  miss [${name} ${q.category}] ${q.q}: want ${q.expect.join('|')}, got ${top?.id ?? 'nothing'}`);
  });
  await set.close();
  if (flag('--per-set')) console.log([name, total.right, total.inScope, total.answeredOut, total.outOfScope].join('\t'));
  if (flag('--by-kind')) console.log(`${name}: ${[...byCategory].map(([k, { ok, n }]) => `${k} ${ok}/${n}`).join(' · ')}`);
  return total;
}

const add = (a: Score, b: Score): Score => ({ right: a.right + b.right, inScope: a.inScope + b.inScope, answeredOut: a.answeredOut + b.answeredOut, outOfScope: a.outOfScope + b.outOfScope });
const show = (s: Score) => `${s.right}/${s.inScope} right (${((100 * s.right) / Math.max(1, s.inScope)).toFixed(1)} %), ${s.answeredOut}/${s.outOfScope} out of scope answered`;

let left: Score = { right: 0, inScope: 0, answeredOut: 0, outOfScope: 0 };
for (const name of perSet.keys()) left = add(left, await score(name, name));
let validation: Score = { right: 0, inScope: 0, answeredOut: 0, outOfScope: 0 };
for (const name of VALIDATION_SETS) validation = add(validation, await score(name, undefined));
console.log(`table sets (${perSet.size}), each left out of the four tables: ${show(left)}`);
console.log(`validation sets (${VALIDATION_SETS.length}): ${show(validation)}`);
