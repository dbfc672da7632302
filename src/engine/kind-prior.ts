/**
 * Which kind of item a question asks for, from how people word questions of each kind: "giấy tờ",
 * "nghỉ", "mất chứng chỉ" ask the FAQs, "gian hàng" a fair, "vay" a policy, whatever the trade or
 * the place. Learnt from real questions and the kind of their right items (kind-words.json, built by
 * scripts/build-kind-words.ts): for each word, how much likelier a question holding it asks for each
 * kind than questions at large, shrunk towards "no more likely" when seen rarely. The ranker damps
 * items of the kinds the question leans away from (RankParams.kindLean).
 */
import kindData from '../text/kind-words.json' with { type: 'json' };
import { KIND_IDS } from './fields.js';

export interface KindTable {
  /** Kinds in the order of each word's figures. */
  kinds: string[];
  /** Per word: log(P(kind | word) / P(kind)) for each of `kinds`. */
  words: Record<string, number[]>;
}

const KIND_SLOTS = Object.values(KIND_IDS);
const KIND_COUNT = Math.max(...KIND_SLOTS) + 1;
let words: Map<string, Float64Array> | undefined;
let loaded: KindTable | undefined;

/** Replaces the table (the cross-validation bench builds one per fold); undefined: the shipped one. */
export function useKindTable(table: KindTable | undefined): void {
  words = undefined;
  loaded = table;
}

function wordTable(): Map<string, Float64Array> {
  if (!words) {
    const table = loaded ?? (kindData as KindTable);
    const slotOf = table.kinds.map((k) => KIND_IDS[k as keyof typeof KIND_IDS]);
    words = new Map();
    for (const [word, figures] of Object.entries(table.words)) {
      const row = new Float64Array(KIND_COUNT);
      figures.forEach((f, i) => {
        if (slotOf[i] !== undefined) row[slotOf[i]!] = f;
      });
      words.set(word, row);
    }
  }
  return words;
}

/**
 * How much the question leans to each kind (by KIND_IDS), relative to the kind it leans to most (0
 * for that one, negative for the others), from its words (question-words.ts).
 */
export function kindLeanings(questionWords: ReadonlyMap<string, number>): Float64Array {
  const table = wordTable();
  const sum = new Float64Array(KIND_COUNT);
  for (const [word, weight] of questionWords) {
    const row = table.get(word);
    if (row) for (let k = 0; k < KIND_COUNT; k++) sum[k]! += weight * row[k]!;
  }
  let best = -Infinity;
  for (const k of KIND_SLOTS) best = Math.max(best, sum[k]!);
  for (const k of KIND_SLOTS) sum[k]! -= best;
  return sum;
}
