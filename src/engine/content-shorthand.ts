/**
 * Syllables chat writes without their rhyme: "xg" for xong, "thg" for tháng, "trg" for trường or
 * trồng, "hg" for hàng: the onset and the last letter of a syllable ending in "ng". A token that no
 * table knows, that cannot be a Vietnamese syllable and that the content never writes is read as
 * the content's words it can stand for, the most written first (the neighbours then choose among
 * them: analyze.ts, ReadingFit), so every content pack brings its own readings.
 *
 * Only the final "ng": two letters such as "cc" or "lc" are far more often initials (chứng chỉ, Lào
 * Cai) than "các" or "lúc" without a vowel, and reading them so answered worse on the question sets.
 */
import { isSyllable } from '../text/teencode.js';

/** A word written in fewer items is not one chat shortens so. */
const MIN_ITEMS = 2;
/** Readings kept per token, the most written first. */
const MAX_READINGS = 3;
const ONSET = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])/;

export class ContentShorthand {
  private readings = new Map<string, { word: string; items: number }[]>();
  private builtFor = -1;

  /** @param words every word of the index, with the number of live items holding it */
  constructor(private readonly words: () => Iterable<readonly [string, number]>) {}

  /** The content's readings of `token` (folded words), likeliest first; empty if none. */
  read(token: string, version: number): string[] {
    if (!/^[a-z]{2,4}$/.test(token) || isSyllable(token)) return [];
    if (this.builtFor !== version) this.build(version);
    return (this.readings.get(token) ?? []).map((r) => r.word);
  }

  private build(version: number): void {
    this.readings.clear();
    for (const [word, items] of this.words()) {
      const onset = ONSET.exec(word)?.[0];
      if (items < MIN_ITEMS || !onset || !word.endsWith('ng') || word.length <= onset.length + 2 || !isSyllable(word)) continue;
      const key = `${onset}g`;
      const list = this.readings.get(key);
      if (list) list.push({ word, items });
      else this.readings.set(key, [{ word, items }]);
    }
    for (const list of this.readings.values()) list.sort((x, y) => y.items - x.items).splice(MAX_READINGS);
    this.builtFor = version;
  }
}
