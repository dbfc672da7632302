/**
 * The term ids of a text's space-separated words, each distinct word tokenized once (see
 * word-table.ts for why the look-up is done in place).
 */
import { WordTable } from './word-table.js';

export class WordTokens {
  private readonly table = new WordTable<number[]>();

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

  /** Forgets every word (the ids stay valid in the index; only the look-up table goes). */
  clear(): void {
    this.table.clear();
  }
}
