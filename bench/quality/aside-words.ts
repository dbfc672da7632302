/**
 * Counting, in question sets, how often the right item lacks each one-syllable word of a question:
 * the data of src/text/aside-words.json (lexicon.ts `asideShare`), written by
 * scripts/build-aside-words.ts.
 */
import { asideWord } from '../../src/engine/query-plan.js';
import { rightItemReadings } from './learnt-tables.js';
import type { LoadedSet } from './sets.js';

export type AsideCounts = Map<string, { questions: number; lacking: number }>;

/** Adds, for each in-scope question of the set, its one-syllable words and whether the right item holds them. */
export function countAsides(set: LoadedSet, counts: AsideCounts = new Map()): AsideCounts {
  for (const { plans, slots, held } of rightItemReadings(set)) {
    const seen = new Set<string>();
    for (const plan of plans) {
      const word = asideWord(plan.term);
      if (word === undefined || plan.weight * plan.idf <= 0 || seen.has(word)) continue;
      seen.add(word);
      const entry = counts.get(word) ?? { questions: 0, lacking: 0 };
      entry.questions++;
      if (!held(plan, slots)) entry.lacking++;
      counts.set(word, entry);
    }
  }
  return counts;
}

/** Several sets' counts summed into one (the table built from all of them). */
export function mergeAsides(perSet: readonly AsideCounts[]): AsideCounts {
  const sum: AsideCounts = new Map();
  for (const counts of perSet) {
    for (const [word, c] of counts) {
      const entry = sum.get(word) ?? { questions: 0, lacking: 0 };
      entry.questions += c.questions;
      entry.lacking += c.lacking;
      sum.set(word, entry);
    }
  }
  return sum;
}

/** The table as the engine reads it: `word<TAB>questions<TAB>lacking` lines, sorted by word. */
export function formatAsides(counts: AsideCounts): string {
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([w, c]) => `${w}\t${c.questions}\t${c.lacking}`)
    .join('\n');
}
