/**
 * What each word of a question weighs and which words each ranked item matched: for people (the
 * officers' "Thử hỏi", bench/quality/explain.ts), not for ranking.
 */
import type { AnalyzedQuestion } from './analyze.js';
import { matchTerm, planQuestion } from './query-plan.js';
import type { RankParams } from './rank-params.js';
import type { IndexedDoc, SearchIndex } from './search-index.js';

/** A ranked item as the ranker returns it (ranker.ts `Ranked`). */
interface RankedItem {
  doc: IndexedDoc;
  score: number;
  confidence: number;
}

/** What each word of the question weighs, and which of them an item matched: for people, not for ranking. */
export interface Explanation {
  terms: { words: string; weight: number; idf: number }[];
  items: { id: string; score: number; confidence: number; matched: string[] }[];
}

export function explainQuestion(index: SearchIndex, analysis: AnalyzedQuestion, params: RankParams, ranked: RankedItem[]): Explanation {
  const plans = planQuestion(index, analysis.terms, params);
  const slots = Int32Array.from(ranked.map((r) => index.slotOf(r.doc.id)));
  const order = [...slots.keys()].sort((a, b) => slots[a]! - slots[b]!);
  const sorted = Int32Array.from(order.map((i) => slots[i]!));
  const matches = plans.map((p) => matchTerm((term) => index.weightsOf(term, sorted), p, sorted.length));
  return {
    terms: plans.map((p) => ({ words: p.term.alternatives[0]!.join(' '), weight: round(p.weight), idf: round(p.idf) })),
    items: ranked.map((r, i) => {
      const at = order.indexOf(i);
      return { id: r.doc.id, score: round(r.score), confidence: round(r.confidence), matched: plans.filter((_, ti) => matches[ti]![at]! > 0).map((p) => p.term.alternatives[0]!.join(' ')) };
    }),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
