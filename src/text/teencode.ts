/**
 * Chat shorthand beyond the abbreviation table: general rules for what people do to Vietnamese
 * syllables when they type fast on a phone. A folded token that cannot be a Vietnamese syllable
 * ("thj", "xog", "fai", "wa", "zui", "hocj") is repaired by the first rule that makes it one:
 * - j for i ("thj" → thi, "nhju" → nhiu);
 * - a dropped n before a final g ("xog" → xong, "giag" → giang), a dropped h of ngh ("ngỉ" → nghỉ);
 * - f for ph, w for qu/u, z for d/gi/v (keyboard and sound shortcuts);
 * - a Telex tone or vowel key left in the word ("hocj" → hoc, "dduoc" → duoc, "vieetj" → viet).
 * Tokens the abbreviation table knows ("k", "dc", "hc", "58t") are expanded by it (abbreviations.ts).
 */
import { expandAbbreviations } from './abbreviations.js';

/** The consonants a folded syllable may start with, longest first. */
const ONSET = 'ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx]';
/** A folded Vietnamese syllable: onset, vowel nucleus, coda. */
const SYLLABLE = new RegExp(`^(?:${ONSET})?(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?$`);
const LEADING_ONSET = new RegExp(`^(?:${ONSET})`);

/** The onset of a folded syllable ("tr" of "truong"), undefined when it starts with a vowel. */
export function onsetOf(syllable: string): string | undefined {
  return LEADING_ONSET.exec(syllable)?.[0];
}

/** Nuclei that never end a syllable: iê, yê, uô/ươ, uyê need a final consonant or glide ("mien", not "mie"). */
const OPEN_NUCLEUS_FORBIDDEN = /(?:ie|ye|uo|uye)$/;

/** Doubled a, e or i never occur in a folded syllable: a Telex accent key or a drawn-out vowel. */
const DOUBLED_VOWEL = /aa|ee|ii/;

/** Before i and e the onset ng is written ngh: "ngi", "nge" lost a letter ("ngỉ" is nghỉ, "nge" nghe). */
const NG_BEFORE_FRONT_VOWEL = /^ng[ie]/;

export function isSyllable(token: string): boolean {
  return SYLLABLE.test(token) && !OPEN_NUCLEUS_FORBIDDEN.test(token) && !DOUBLED_VOWEL.test(token) && !NG_BEFORE_FRONT_VOWEL.test(token);
}

/** Laughter and sighs typed as repeated units ("hihi", "hjhj", "haha", "kkk", "huhu"). */
const LAUGHTER = /^(?:(?:h[aeiouj]){2,}|k{2,})$/;

type Repair = (token: string) => string[];

const REPAIRS: readonly Repair[] = [
  (t) => (NG_BEFORE_FRONT_VOWEL.test(t) ? [t.replace(/^ng/, 'ngh')] : []),
  (t) => (t.includes('j') ? [t.replace(/j/g, 'i')] : []),
  (t) => (/[^n]g$/.test(t) ? [t.replace(/g$/, 'ng')] : []),
  (t) => (t.includes('f') ? [t.replace(/f/g, 'ph')] : []),
  (t) => (t.startsWith('w') ? [`qu${t.slice(1)}`, `u${t.slice(1)}`] : t.includes('w') ? [t.replace(/w/g, 'u')] : []),
  (t) => (t.startsWith('z') ? [`d${t.slice(1)}`, `gi${t.slice(1)}`, `v${t.slice(1)}`] : []),
  // Telex: doubled vowels and dd are accents, a trailing s/f/r/x/j a tone.
  (t) => {
    const stripped = t.replace(/dd/g, 'd').replace(/([aeo])\1/g, '$1').replace(/([aou])w/g, '$1').replace(/([a-z]{2,})[sfrxj]$/, '$1');
    return stripped !== t ? [stripped] : [];
  },
];

/** Syllables a non-syllable token may have been meant as, likeliest first; empty if none. */
export function repairSyllable(token: string): string[] {
  if (isSyllable(token) || /\d/.test(token) || token.length < 2) return [];
  // A letter held down ("dauuu", "khongggg") is never Vietnamese: one of it is meant.
  const held = token.replace(/([a-z])\1{2,}/g, '$1');
  if (held !== token) return isSyllable(held) ? [held] : repairSyllable(held);
  const out: string[] = [];
  for (const repair of REPAIRS) {
    for (const candidate of repair(token)) {
      if (isSyllable(candidate) && !out.includes(candidate)) out.push(candidate);
      // Two slips in one word ("xogj"): one more rule on top.
      else for (const again of REPAIRS.flatMap((r) => r(candidate))) if (isSyllable(again) && !out.includes(again)) out.push(again);
    }
    if (out.length > 0) break;
  }
  return out;
}

/**
 * For each token, its readings (likeliest first), each a list of folded tokens: the abbreviation
 * table's meanings, else the syllable repairs, else the token itself. Positions line up with input.
 */
/** Number words, folded, as digits. */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map([
  ['mot', '1'], ['hai', '2'], ['ba', '3'], ['bon', '4'], ['nam', '5'], ['sau', '6'], ['bay', '7'], ['tam', '8'], ['chin', '9'], ['muoi', '10'],
]);
/** Units a number word counts ("bốn tháng", "hai buổi"): before one, "ba" and "năm" are numbers, not a father or a year. */
const COUNTED_UNITS: ReadonlySet<string> = new Set(['thang', 'tuan', 'ngay', 'nam', 'tuoi', 'trieu', 'nguoi', 'buoi', 'gio', 'lan', 'khoa', 'lop']);

export function expandTokens(tokens: readonly string[]): string[][][] {
  return expandAbbreviations(tokens).map((alternatives, i) => {
    const token = tokens[i]!;
    // A number said in words is the number the content writes in digits ("bốn tháng" is "4 tháng").
    const digits = NUMBER_WORDS.get(token);
    if (digits && COUNTED_UNITS.has(tokens[i + 1] ?? '') && tokens[i + 1] !== token) return [[digits]];
    // Laughter says nothing about what is asked: read as the particle "à".
    if (LAUGHTER.test(token)) return [['a']];
    if (alternatives.length !== 1 || alternatives[0]!.length !== 1 || alternatives[0]![0] !== token) return alternatives;
    const repaired = repairSyllable(token);
    return repaired.length > 0 ? [...repaired.map((r) => [r]), [token]] : alternatives;
  });
}
