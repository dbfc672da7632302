/**
 * Typo lookup for words the index does not know: vocabulary words one edit away, with a deletion
 * neighbourhood (SymSpell: every one-letter deletion of every vocabulary word) built on first use and
 * rebuilt when the vocabulary grows.
 */
import { isWordOfLanguage } from '../text/general-frequency.js';
import { isSyllable } from '../text/teencode.js';

export class TypoNeighbours {
  private deletes = new Map<string, string[]>();
  private builtFor = -1;

  /**
   * @param vocabulary every word of the index (read when the neighbourhood is built)
   * @param known whether a word is in some live item
   */
  constructor(
    private readonly vocabulary: () => Iterable<string>,
    private readonly known: (word: string) => boolean,
  ) {}

  /**
   * Vocabulary words one edit away from `token`. Vietnamese syllables are short and differ by one
   * letter all the time (bong/long/song): a real syllable under six letters only gets the "one letter
   * doubled" repair (hann → han). A token that cannot be a Vietnamese syllable ("mie", "giag"), or
   * that has a syllable's shape but no word of the language uses ("ngaoi"), is surely a slip,
   * whatever its length: any one-edit neighbour will do. `version` changes whenever
   * the vocabulary does.
   */
  near(token: string, version: number): string[] {
    const known = this.known;
    if (token.length < 3 || known(token) || /\d/.test(token)) return [];
    const slip = token.length >= 6 || !isSyllable(token) || !isWordOfLanguage(token);
    if (!slip && token.length < 4) return [];
    const found = new Set<string>();
    const deletions = slip ? oneDeletions(token) : doubledLetterDeletions(token);
    for (const d of deletions) if (d.length >= 2 && known(d)) found.add(d);
    if (slip) {
      if (this.builtFor !== version) this.build(version);
      const probe = (key: string) => {
        for (const w of this.deletes.get(key) ?? []) if (w !== token && known(w)) found.add(w);
      };
      probe(token); // the user dropped a letter
      for (const d of oneDeletions(token)) probe(d); // substitution or transposition
    }
    return [...found].filter((w) => Math.abs(w.length - token.length) <= 1).slice(0, 5);
  }

  private build(version: number): void {
    this.deletes.clear();
    for (const word of this.vocabulary()) {
      if (word.length < 3 || /\d/.test(word)) continue;
      for (const d of oneDeletions(word)) {
        const list = this.deletes.get(d);
        if (list) list.push(word);
        else this.deletes.set(d, [word]);
      }
    }
    this.builtFor = version;
  }
}

/** The word with one letter of a doubled pair removed ("lopp" → "lop"). */
function doubledLetterDeletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < word.length; i++) if (word[i] === word[i - 1]) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function oneDeletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
