/**
 * How much a question's wording says it asks for something the content does not deal with: "thai
 * sản", "sổ đỏ", "mai táng", "giá vàng" are asked of this bot, but about other parts of life. Learnt
 * from real questions marked in or out of scope (off-topic-words.json, built by
 * scripts/build-off-topic-words.ts): for each word, the log odds of a question holding it being out
 * of scope against questions at large, shrunk towards even when seen rarely. The ranker lowers its
 * confidence in every item by e^(−offTopic × the question's leaning) when that leaning is out of
 * scope, and raises it, far less, by e^(inScopeLift × |leaning|) when the question is worded as
 * the questions the content answers are ("lớp", "học phí", "khai giảng": RankParams).
 */
import offTopicData from '../text/off-topic-words.json' with { type: 'json' };

export interface OffTopicTable {
  /** Per word (or "a|b" pair of adjacent words): log odds of out of scope, against the base rate. */
  words: Record<string, number>;
}

/**
 * A word the content writes in its texts counts this share: the content deals with it somewhere, so
 * it is a weaker sign, yet the question may still ask for the part of it the content does not deal
 * with (fitted with offTopic). A word an item is named by (title, keywords, trade, tags: "xe máy"
 * where a course repairs motorbikes, "bảo hiểm y tế" where a policy pays for the card) counts nothing.
 */
const PROSE_SHARE = 0.6;
let words: Map<string, number> | undefined;
let loaded: OffTopicTable | undefined;

/** Replaces the table (the cross-validation bench builds one per fold); undefined: the shipped one. */
export function useOffTopicTable(table: OffTopicTable | undefined): void {
  words = undefined;
  loaded = table;
}

/**
 * The question's leaning out of scope, from its words and pairs (question-words.ts): the sum of
 * their log odds (below 0: worded as questions the content answers are); words the content itself
 * writes (`written`) at a share when they lean out.
 */
export function offTopicLeaning(questionWords: ReadonlyMap<string, number>, written: (word: string) => 'names' | 'prose' | undefined): number {
  words ??= new Map(Object.entries((loaded ?? (offTopicData as OffTopicTable)).words));
  let sum = 0;
  for (const [word, weight] of questionWords) {
    const lean = words.get(word);
    if (lean === undefined) continue;
    const how = lean < 0 ? undefined : written(word);
    sum += weight * lean * (how === undefined ? 1 : how === 'prose' ? PROSE_SHARE : 0);
  }
  return sum;
}
