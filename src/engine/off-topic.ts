/**
 * How much a question's wording says it asks for something the content does not deal with: "thai
 * sản", "sổ đỏ", "mai táng", "giá vàng" are asked of this bot, but about other parts of life. Learnt
 * from real questions marked in or out of scope (off-topic-words.json, built by
 * scripts/build-off-topic-words.ts): for each word, the log odds of a question holding it being out
 * of scope against questions at large, shrunk towards even when seen rarely. The ranker lowers its
 * confidence in an item by e^(−offTopic × the leaning against it) when that leaning is out of
 * scope, and raises it, far less, by e^(inScopeLift × |leaning|) when the question is worded as
 * the questions the content answers are ("lớp", "học phí", "khai giảng": RankParams).
 */
import offTopicData from '../text/off-topic-words.json' with { type: 'json' };

export interface OffTopicTable {
  /** Per word (or "a|b" pair of adjacent words): log odds of out of scope, against the base rate. */
  words: Record<string, number>;
}

/**
 * A word leaning out of scope counts against every item that does not hold it, and for nothing
 * against one that does: a word an item writes is one it may answer, while the content dealing with
 * it elsewhere does not make this item answer it ("giá sỉ" of a course that writes no price, "vé vào
 * cổng" of a fair that sells none). Counting it less where other items write it was tried (0.6, 0.8)
 * and, left out set by set at a cost of eight, answered more out-of-scope questions.
 */
let words: Map<string, number> | undefined;
let loaded: OffTopicTable | undefined;

/** Replaces the table (the cross-validation bench builds one per fold); undefined: the shipped one. */
export function useOffTopicTable(table: OffTopicTable | undefined): void {
  words = undefined;
  loaded = table;
}

/** A question's leaning before the item is known: what holds for every item, and the words that depend on it. */
export interface QuestionLeaning {
  /** The sum of the log odds of its words the content never writes, and of all that lean in scope. */
  fixed: number;
  /** Words leaning out of scope that the content writes: their weighted log odds, and the syllables an item must hold. */
  written: { value: number; syllables: string[] }[];
}

/**
 * The question's leaning out of scope from its words and pairs (question-words.ts): the sum of their
 * log odds (below 0: worded as questions the content answers are), the words the content writes
 * (`written`) kept apart for `itemLeaning`.
 */
export function questionLeaning(questionWords: ReadonlyMap<string, number>, written: (syllables: string[]) => boolean): QuestionLeaning {
  words ??= new Map(Object.entries((loaded ?? (offTopicData as OffTopicTable)).words));
  const leaning: QuestionLeaning = { fixed: 0, written: [] };
  for (const [word, weight] of questionWords) {
    const lean = words.get(word);
    if (lean === undefined) continue;
    const syllables = word.split(/[ |]/);
    if (lean > 0 && written(syllables)) leaning.written.push({ value: weight * lean, syllables });
    else leaning.fixed += weight * lean;
  }
  return leaning;
}

/** The leaning against one item: the written words count unless it holds them. */
export function itemLeaning(leaning: QuestionLeaning, holds: (syllables: string[]) => boolean): number {
  let sum = leaning.fixed;
  for (const w of leaning.written) if (!holds(w.syllables)) sum += w.value;
  return sum;
}
