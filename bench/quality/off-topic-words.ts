/**
 * Learning which words say a question is out of scope (src/engine/off-topic.ts) from question sets:
 * for each question that searches, the words the engine reads it by and whether it is in scope.
 * Written by scripts/build-off-topic-words.ts into src/text/off-topic-words.json.
 */
import { NO_SEARCH } from '../../src/engine/engine.js';
import type { OffTopicTable } from '../../src/engine/off-topic.js';
import { questionWords } from '../../src/engine/question-words.js';
import type { LoadedSet } from './sets.js';

/** Per set: questions in and out of scope, and per word how many of each hold it. */
export interface ScopeCounts {
  questions: { in: number; out: number };
  words: Map<string, { in: number; out: number }>;
}

/** What a word must show to be kept (fixed by judgement; `offTopic` in rank-params.ts is fitted). */
export const OFF_TOPIC_RULES = {
  /** Questions at the base rate each word's figure is shrunk towards (fitted with offTopic, left out set by set). */
  prior: 2,
  /** Seen in at least this many questions, of this many sets. */
  minQuestions: 3,
  minSets: 2,
  /** Dropped when its log odds move by less than this. */
  minLean: 0.05,
};

/** Counts one set's questions that search (a command such as "hủy đăng ký" is not answered from the content). */
export function countScope(set: LoadedSet): ScopeCounts {
  const counts: ScopeCounts = { questions: { in: 0, out: 0 }, words: new Map() };
  for (const question of set.questions) {
    const { intent, analysis } = set.engine.understand(question.q);
    if (NO_SEARCH.has(intent)) continue;
    const side = question.expect.length === 0 ? 'out' : 'in';
    counts.questions[side]++;
    for (const word of questionWords(analysis.terms, true).keys()) {
      const row = counts.words.get(word) ?? { in: 0, out: 0 };
      row[side]++;
      counts.words.set(word, row);
    }
  }
  return counts;
}

/** The table from the counts of several sets: per word, its shrunk log odds of out of scope against the base rate. */
export function buildOffTopicTable(perSet: readonly ScopeCounts[], rules = OFF_TOPIC_RULES): OffTopicTable {
  const base = { in: 0, out: 0 };
  const words = new Map<string, { in: number; out: number; sets: number }>();
  for (const counts of perSet) {
    base.in += counts.questions.in;
    base.out += counts.questions.out;
    for (const [word, row] of counts.words) {
      const entry = words.get(word) ?? { in: 0, out: 0, sets: 0 };
      entry.in += row.in;
      entry.out += row.out;
      entry.sets++;
      words.set(word, entry);
    }
  }
  const rate = base.out / Math.max(1, base.in + base.out);
  const table: OffTopicTable = { words: {} };
  if (rate <= 0 || rate >= 1) return table;
  const logOdds = (p: number) => Math.log(p / (1 - p));
  for (const [word, { in: inScope, out, sets }] of [...words].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const seen = inScope + out;
    if (seen < rules.minQuestions || sets < rules.minSets) continue;
    const lean = Math.round(1000 * (logOdds((out + rules.prior * rate) / (seen + rules.prior)) - logOdds(rate))) / 1000;
    if (Math.abs(lean) >= rules.minLean) table.words[word] = lean;
  }
  return table;
}
