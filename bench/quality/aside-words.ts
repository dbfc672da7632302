/**
 * Counting, in question sets, how often the right item lacks each one-syllable word of a question:
 * the data of src/text/aside-words.json (lexicon.ts `asideShare`), written by
 * scripts/build-aside-words.ts.
 */
import { NO_SEARCH } from '../../src/engine/engine.js';
import { asideWord, matchTerm, planQuestion } from '../../src/engine/query-plan.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';
import { KNOWN_SETS, type LoadedSet, type SetName } from './sets.js';

/** Question sets never used to build the table: measured out of sample (README, "How answers are measured"). */
export const VALIDATION_SETS: readonly SetName[] = ['pack-blind-10', 'pack-blind-11', 'highlands-and-mekong'];
/** Generated from the content by our own templates: not how people write. */
export const GENERATED_SETS: readonly SetName[] = ['generated-eval-pack', 'generated-content'];
/** Written blind for the current round and scored only at its end: out of the tables until then. */
export const ROUND_BLIND_SETS: readonly SetName[] = [];
/** The sets the learnt tables (aside words, bridges) are built from. */
export const TABLE_SETS: readonly SetName[] = (Object.keys(KNOWN_SETS) as SetName[]).filter(
  (n) => !VALIDATION_SETS.includes(n) && !GENERATED_SETS.includes(n) && !ROUND_BLIND_SETS.includes(n),
);

export type AsideCounts = Map<string, { questions: number; lacking: number }>;

/** Adds, for each in-scope question of the set, its one-syllable words and whether the right item holds them. */
export function countAsides(set: LoadedSet, counts: AsideCounts = new Map()): AsideCounts {
  // Without the learnt tables: what the words themselves match.
  const params = { ...DEFAULT_PARAMS, asideDamp: 0, bridge: 0 };
  const index = set.engine.index;
  for (const q of set.questions) {
    if (q.expect.length === 0) continue;
    const { intent, analysis } = set.engine.understand(q.q);
    if (NO_SEARCH.has(intent)) continue;
    const slots = Int32Array.from(q.expect.map((id) => index.slotOf(id)).filter((s) => s >= 0)).sort();
    if (slots.length === 0) continue;
    const seen = new Set<string>();
    for (const plan of planQuestion(index, analysis.terms, params)) {
      const word = asideWord(plan.term);
      if (word === undefined || plan.weight * plan.idf <= 0 || seen.has(word)) continue;
      seen.add(word);
      const held = matchTerm((term) => index.weightsOf(term, slots), plan, slots.length).some((m) => m > 0);
      const entry = counts.get(word) ?? { questions: 0, lacking: 0 };
      entry.questions++;
      if (!held) entry.lacking++;
      counts.set(word, entry);
    }
  }
  return counts;
}

/** The table as the engine reads it: `word<TAB>questions<TAB>lacking` lines, sorted by word. */
export function formatAsides(counts: AsideCounts): string {
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([w, c]) => `${w}\t${c.questions}\t${c.lacking}`)
    .join('\n');
}
