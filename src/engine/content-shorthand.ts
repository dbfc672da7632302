/**
 * Syllables chat writes without their rhyme: "xg" for xong, "thg" for tháng, "trg" for trường or
 * trồng, "hg" for hàng: the onset and the last letter of a syllable ending in "ng". A token that no
 * table knows, that cannot be a Vietnamese syllable and that the content never writes is read as
 * the content's words it can stand for, the most written first (the neighbours then choose among
 * them: analyze.ts, ReadingFit), so every content pack brings its own readings.
 *
 * Only the final "ng": two letters such as "cc" or "lc" are far more often initials (chứng chỉ, Lào
 * Cai) than "các" or "lúc" without a vowel, and reading them so answered worse on the question sets.
 * So two consonants are also read as the initials of a two-syllable word the content writes ("nd"
 * nông dân, "ls" lãi suất, "vl" Vĩnh Long or việc làm): a word of the language or a province's name,
 * not two neighbours across words ("tỉnh Vĩnh" of "tỉnh Vĩnh Long").
 */
import { isCompound } from '../text/compounds.js';
import { resolveProvinceName } from '../text/provinces.js';
import { isSyllable, onsetOf } from '../text/teencode.js';

/** A word written in fewer items is not one chat shortens so. */
const MIN_ITEMS = 2;
/** Readings kept per token, the most written first. */
const MAX_READINGS = 3;
/** Two consonants, folded: what chat writes for a two-word phrase by its initials. */
const INITIALS = /^[b-df-hj-np-tv-xz]{2}$/;

export class ContentShorthand {
  private readings = new Map<string, string[]>();
  private builtFor = -1;

  /**
   * @param words every word of the index, with the number of live items holding it (read when built)
   * @param written whether some live item writes a word
   * @param pairs visits every two-word phrase of the index ("nông dân" as "nong", "dan"), with the
   *   number of live items holding it (a visit, not a list: a large index has millions of pairs)
   */
  constructor(
    private readonly words: () => Iterable<readonly [string, number]>,
    private readonly written: (word: string) => boolean,
    private readonly pairs: (visit: (first: string, second: string, items: number) => void) => void = () => {},
  ) {}

  /** The content's readings of `token` (folded words, a phrase's joined by a space), likeliest first; empty if none. `version` changes with the vocabulary. */
  read(token: string, version: number): string[] {
    if (!/^[a-z]{2,4}$/.test(token) || isSyllable(token) || this.written(token)) return [];
    if (this.builtFor !== version) this.build(version);
    return this.readings.get(token) ?? [];
  }

  private build(version: number): void {
    const found = new Map<string, { word: string; items: number }[]>();
    for (const [word, items] of this.words()) {
      const onset = onsetOf(word);
      if (items < MIN_ITEMS || !onset || !word.endsWith('ng') || word.length <= onset.length + 2 || !isSyllable(word)) continue;
      const key = `${onset}g`;
      const list = found.get(key);
      if (list) list.push({ word, items });
      else found.set(key, [{ word, items }]);
    }
    const phrases = new Map<string, { word: string; items: number }[]>();
    this.pairs((a, b, items) => {
      if (items < MIN_ITEMS) return;
      const key = `${a[0] ?? ''}${b[0] ?? ''}`;
      if (!INITIALS.test(key) || !(isCompound({ folded: a }, { folded: b }) || resolveProvinceName(`${a} ${b}`))) return;
      const list = phrases.get(key);
      if (list) list.push({ word: `${a} ${b}`, items });
      else phrases.set(key, [{ word: `${a} ${b}`, items }]);
    });
    this.readings.clear();
    const best = (list: { word: string; items: number }[]) => list.sort((x, y) => y.items - x.items).slice(0, MAX_READINGS).map((r) => r.word);
    for (const [key, list] of found) this.readings.set(key, best(list));
    // A syllable without its rhyme first ("xg" xong), then the phrases the letters begin.
    for (const [key, list] of phrases) this.readings.set(key, [...(this.readings.get(key) ?? []), ...best(list)].slice(0, MAX_READINGS));
    this.builtFor = version;
  }
}
