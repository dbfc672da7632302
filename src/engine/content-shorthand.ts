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
 *
 * Two more ways chat joins a phrase into one token, read the same way from the content's pairs: the
 * first word cut to its first letter or onset ("hcho" hội chợ, "qgia" quốc gia, "ngliệu" nguyên
 * liệu: words of the language only, as for initials), and the space left out ("lophan" lớp hàn,
 * "hocnghe" học nghề: two syllables the content writes, likeliest as the content and then the
 * language write them together).
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
/** A token two syllables run together may be ("lophan"); longer ones are seldom one phrase. */
const JOINED = /^[a-z]{4,14}$/;

interface Reading {
  word: string;
  items: number;
}

export class ContentShorthand {
  private readings = new Map<string, string[]>();
  private builtFor = -1;

  /**
   * @param words every word of the index, with the number of live items holding it (read when built)
   * @param written whether some live item writes a word
   * @param pairs visits every two-word phrase of the index ("nông dân" as "nong", "dan"), with the
   *   number of live items holding it (a visit, not a list: a large index has millions of pairs)
   * @param pairItems the number of live items writing "a b" side by side
   */
  constructor(
    private readonly words: () => Iterable<readonly [string, number]>,
    private readonly written: (word: string) => boolean,
    private readonly pairs: (visit: (first: string, second: string, items: number) => void) => void = () => {},
    private readonly pairItems: (first: string, second: string) => number = () => 0,
  ) {}

  /** The content's readings of `token` (folded words, a phrase's joined by a space), likeliest first; empty if none. `version` changes with the vocabulary. */
  read(token: string, version: number): string[] {
    if (!/^[a-z]{2,14}$/.test(token) || isSyllable(token) || this.written(token)) return [];
    if (this.builtFor !== version) this.build(version);
    const built = this.readings.get(token) ?? [];
    return JOINED.test(token) ? [...built, ...this.unjoined(token)].slice(0, MAX_READINGS) : built;
  }

  /**
   * Two syllables run together in `token` ("lophan" → lop han), the likeliest split first: by how
   * many items write the two side by side, then whether the language has them as one word, then
   * whether both are words the content writes at all (a split into two unknown syllables is none).
   */
  private unjoined(token: string): string[] {
    const found: { word: string; rank: number[] }[] = [];
    for (let cut = 1; cut < token.length; cut++) {
      const first = token.slice(0, cut);
      const second = token.slice(cut);
      if (!isSyllable(first) || !isSyllable(second) || !this.written(first) || !this.written(second)) continue;
      found.push({ word: `${first} ${second}`, rank: [this.pairItems(first, second), Number(isCompound({ folded: first }, { folded: second }))] });
    }
    found.sort((x, y) => y.rank[0]! - x.rank[0]! || y.rank[1]! - x.rank[1]!);
    return found.slice(0, MAX_READINGS).map((r) => r.word);
  }

  private build(version: number): void {
    const found = new Map<string, Reading[]>();
    for (const [word, items] of this.words()) {
      const onset = onsetOf(word);
      if (items < MIN_ITEMS || !onset || !word.endsWith('ng') || word.length <= onset.length + 2 || !isSyllable(word)) continue;
      const key = `${onset}g`;
      const list = found.get(key);
      if (list) list.push({ word, items });
      else found.set(key, [{ word, items }]);
    }
    const phrases = new Map<string, Reading[]>();
    const note = (key: string, reading: Reading) => {
      const list = phrases.get(key);
      if (list) list.push(reading);
      else phrases.set(key, [reading]);
    };
    this.pairs((a, b, items) => {
      if (items < MIN_ITEMS || !a || !b) return;
      const key = `${a[0]}${b[0]}`;
      const word = isCompound({ folded: a }, { folded: b });
      if (INITIALS.test(key) && (word || resolveProvinceName(`${a} ${b}`))) note(key, { word: `${a} ${b}`, items });
      if (!word || !onsetOf(a)) return;
      // The first word cut to its letter or its onset: "hcho" (hội chợ), "ngliệu" (nguyên liệu).
      note(`${a[0]}${b}`, { word: `${a} ${b}`, items });
      if (onsetOf(a) !== a[0]) note(`${onsetOf(a)}${b}`, { word: `${a} ${b}`, items });
    });
    this.readings.clear();
    for (const [key, list] of found) this.readings.set(key, best(list));
    // A syllable without its rhyme first ("xg" xong), then the phrases the letters begin.
    for (const [key, list] of phrases) this.readings.set(key, [...(this.readings.get(key) ?? []), ...best(list)].slice(0, MAX_READINGS));
    this.builtFor = version;
  }
}

/** The most written readings first, at most MAX_READINGS. */
function best(list: Reading[]): string[] {
  return list.sort((x, y) => y.items - x.items).slice(0, MAX_READINGS).map((r) => r.word);
}
