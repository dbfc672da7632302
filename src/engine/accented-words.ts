/**
 * The accented spellings the content uses ("hàn" but not "hạn"), so a word typed with accents can be
 * told from its homographs, and each item's own accented words for the exact-accent check.
 */
import { toneKey } from '../text/fold.js';
import { WordTable } from './word-table.js';

/** Accented words kept per item: enough for titles and keywords, bounded for 100k items. */
const WORDS_PER_ITEM = 24;

const hasAccent = (text: string) => /[^\x00-\x7f]/.test(text);
const accentedWordsOf = (raw: string) =>
  raw
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && hasAccent(w))
    .map(toneKey);

export class AccentedWords {
  private readonly words: Set<string>;
  /** Raw word → its accented words; only speeds up a batch of items, cleared between batches. */
  private readonly cache = new WordTable<string[]>();

  constructor(words: Iterable<string> = []) {
    this.words = new Set(words);
  }

  /** Remembers the accented spellings of a raw word of the content, on its first sight. */
  note(raw: string): void {
    if (hasAccent(raw)) for (const w of accentedWordsOf(raw)) this.words.add(w);
  }

  /** Whether any item uses this accented word as written (tone placement aside). */
  has(word: string): boolean {
    return this.words.has(toneKey(word));
  }

  /** The distinct accented words of an item's short texts, space-separated. */
  wordsOf(texts: (string | undefined)[]): string {
    const out = new Set<string>();
    for (const text of texts) {
      if (!text) continue;
      for (let pos = 0; pos < text.length && out.size < WORDS_PER_ITEM; ) {
        let words = this.cache.lookup(text, pos);
        const end = this.cache.end;
        if (words === undefined) {
          const raw = text.slice(pos, end);
          words = hasAccent(raw) ? accentedWordsOf(raw) : [];
          this.cache.remember(raw, words);
        }
        for (const w of words) out.add(w);
        pos = end + 1;
      }
    }
    return [...out].join(' ');
  }

  forgetCache(): void {
    this.cache.clear();
  }

  list(): string[] {
    return [...this.words];
  }
}
