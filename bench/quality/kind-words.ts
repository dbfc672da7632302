/**
 * Learning which kind of item questions ask for (src/engine/kind-prior.ts) from question sets: for
 * each in-scope question, the words the engine reads the kind from and the kind of its right items.
 * Written by scripts/build-kind-words.ts into src/text/kind-words.json.
 */
import { CONTENT_KINDS, type ContentKind } from '../../src/content/model.js';
import type { KindTable } from '../../src/engine/kind-prior.js';
import { questionWords } from '../../src/engine/question-words.js';
import { rightItemReadings } from './learnt-tables.js';
import type { LoadedSet } from './sets.js';

/** Per set: questions per kind, and per word the questions per kind that hold it. */
export interface KindCounts {
  questions: Map<ContentKind, number>;
  words: Map<string, Map<ContentKind, number>>;
}

/** What a word must show to be kept (fixed by judgement; `kindLean` in rank-params.ts is fitted). */
export const KIND_RULES = {
  /** Questions at the base rate each word's figures are shrunk towards. */
  prior: 5,
  /** Seen in at least this many questions, of this many sets. */
  minQuestions: 3,
  minSets: 2,
  /** Dropped when no kind moves by this much (log ratio). */
  minLean: 0.05,
};

/** Counts one set's in-scope questions (a question with right items of two kinds counts half to each). */
export async function countKinds(set: LoadedSet): Promise<KindCounts> {
  const kindOf = new Map((await set.items()).map((item) => [item.id, item.kind] as const));
  const counts: KindCounts = { questions: new Map(), words: new Map() };
  for (const reading of rightItemReadings(set)) {
    const kinds = [...new Set(reading.question.expect.map((id) => kindOf.get(id)).filter((k) => k !== undefined))];
    if (kinds.length === 0) continue;
    const share = 1 / kinds.length;
    for (const kind of kinds) counts.questions.set(kind, (counts.questions.get(kind) ?? 0) + share);
    for (const word of questionWords(reading.plans.map((p) => p.term)).keys()) {
      const row = counts.words.get(word) ?? new Map<ContentKind, number>();
      for (const kind of kinds) row.set(kind, (row.get(kind) ?? 0) + share);
      counts.words.set(word, row);
    }
  }
  return counts;
}

/** The table from the counts of several sets: per word, log(P(kind | word) / P(kind)), shrunk by KIND_RULES.prior. */
export function buildKindTable(perSet: readonly KindCounts[], rules = KIND_RULES): KindTable {
  const base = new Map<ContentKind, number>();
  const words = new Map<string, { byKind: Map<ContentKind, number>; sets: number }>();
  for (const counts of perSet) {
    for (const [kind, n] of counts.questions) base.set(kind, (base.get(kind) ?? 0) + n);
    for (const [word, row] of counts.words) {
      const entry = words.get(word) ?? { byKind: new Map(), sets: 0 };
      entry.sets++;
      for (const [kind, n] of row) entry.byKind.set(kind, (entry.byKind.get(kind) ?? 0) + n);
      words.set(word, entry);
    }
  }
  const total = [...base.values()].reduce((a, b) => a + b, 0);
  const table: KindTable = { kinds: [...CONTENT_KINDS], words: {} };
  for (const [word, { byKind, sets }] of [...words].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const seen = [...byKind.values()].reduce((a, b) => a + b, 0);
    if (seen < rules.minQuestions || sets < rules.minSets) continue;
    const figures = CONTENT_KINDS.map((kind) => {
      const rate = (base.get(kind) ?? 0) / total;
      if (rate === 0) return 0;
      const shrunk = ((byKind.get(kind) ?? 0) + rules.prior * rate) / (seen + rules.prior);
      return Math.round(1000 * Math.log(shrunk / rate)) / 1000;
    });
    if (figures.some((f) => Math.abs(f) >= rules.minLean)) table.words[word] = figures;
  }
  return table;
}
