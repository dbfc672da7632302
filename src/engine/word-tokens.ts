/**
 * The term ids of a text's space-separated words, each distinct word tokenized once (see
 * word-table.ts for why the look-up is done in place).
 */
import { WordTable } from './word-table.js';

/** Texts up to this long are remembered whole by `phraseIds`. */
const PHRASE_MAX_LENGTH = 80;
/** Distinct phrases remembered; past this the cache starts over. */
const PHRASE_LIMIT = 50_000;

export class WordTokens {
  private readonly table = new WordTable<number[]>();
  private readonly phrases = new Map<string, number[]>();

  /** @param tokenize the term ids of one new word (called once per distinct word) */
  constructor(private readonly tokenize: (word: string) => number[]) {}

  /**
   * Appends the term ids of `text`'s words to `out`, stopping once `out` holds `limit` ids or more
   * (whole words, so maybe a few more). Only spaces separate words here.
   */
  idsOf(text: string, limit: number, out: number[] = []): number[] {
    const { table } = this;
    for (let pos = 0; pos < text.length && out.length < limit; ) {
      let ids = table.lookup(text, pos);
      const end = table.end;
      if (end > pos) {
        if (!ids) {
          const word = text.slice(pos, end);
          ids = this.tokenize(word);
          table.remember(word, ids);
        }
        for (let i = 0; i < ids.length; i++) out.push(ids[i]!);
      }
      pos = end + 1;
    }
    return out;
  }

  /**
   * The ids of a short text that recurs whole across items (a place, a province, a trade, a fee):
   * one look-up for the text instead of one per word. The array is shared: read it, do not change it.
   */
  phraseIds(text: string): readonly number[] {
    let ids = this.phrases.get(text);
    if (!ids) {
      ids = this.idsOf(text, Infinity);
      if (text.length <= PHRASE_MAX_LENGTH) {
        if (this.phrases.size >= PHRASE_LIMIT) this.phrases.clear();
        this.phrases.set(text, ids);
      }
    }
    return ids;
  }

  /** Forgets every word (the ids stay valid in the index; only the look-up tables go). */
  clear(): void {
    this.table.clear();
    this.phrases.clear();
  }
}
