/**
 * The places a question names, read on its words after shorthand expansion: which words say a place
 * (and so are not topics an item must write) and which provinces it names.
 */
import { foldVi, tokenize } from '../text/fold.js';
import { detectPlaces, detectPlacesInText, type PlaceHit } from '../text/places.js';

/**
 * Words that say where, right before a place ("bên Bình Thuận", "ngoài Hà Nội", "dưới Cà Mau"):
 * part of saying the place, not something asked about. "ở", "tại" are chat words already.
 */
const LOCATIVE_BEFORE_PLACE: ReadonlyMap<string, string> = new Map([
  ['ben', 'bên'],
  ['tren', 'trên'],
  ['duoi', 'dưới'],
  ['ngoai', 'ngoài'],
  ['trong', 'trong'],
]);

/**
 * Words that ask about the whole country ("cả nước", "toàn quốc", "chương trình quốc gia"): national
 * items (no province) are the ones meant, as a province named means its items. Folded, with the
 * spelling a word typed with marks must have.
 */
const NATIONAL_SCOPE: readonly { folded: readonly string[]; marked: readonly string[] }[] = ['cả nước', 'toàn quốc', 'quốc gia'].map((phrase) => ({
  folded: foldVi(phrase).split(' '),
  marked: phrase.split(' '),
}));

/** A word of the question as analyze.ts reads it: what place reading needs of it. */
export interface PlaceReadingWord {
  folded: string;
  /** The word as typed (lowercase NFC) when it is one accented syllable. */
  typed: string | undefined;
  asking: boolean;
  /** Read from shorthand rather than typed as is. */
  shorthand: boolean;
  /** Index of the word of `tokenize(text)` it comes from. */
  origin: number;
}

export interface QuestionPlaces {
  /** Words that only say where (a province, a marker, "cũ", "bên"): no topic. */
  consumed: boolean[];
  /** A district's or commune's name: the place items give in their text. */
  placeWord: boolean[];
  /** The post-2025 codes of the provinces named. */
  codes: Set<string>;
  /** Whether every mention of a place is in a sentence that tells rather than asks. */
  placeTold: boolean;
  /** Whether it asks about the whole country (NATIONAL_SCOPE). */
  national: boolean;
}

/**
 * Places are found on the text as typed (its accents tell "là gì" from La Gi), whose positions are
 * words of tokenize(text) that `origin` maps to the expanded words; then on the words as read.
 */
export function readPlaces(text: string, words: readonly PlaceReadingWord[]): QuestionPlaces {
  const consumed = new Array<boolean>(words.length).fill(false);
  const placeWord = new Array<boolean>(words.length).fill(false);
  const codes = new Set<string>();
  let placeTold = true;
  /** Marks a place's words; `at` gives a word's position in the hit's words. */
  const markPlace = (hit: PlaceHit, at: (i: number) => number) => {
    hit.provinceCodes.forEach((c) => codes.add(c));
    // The marker before a name ("huyện", "thị xã") says what kind of place it is: items give the name alone.
    const nameFrom = hit.end - hit.name.split(' ').length;
    words.forEach((t, i) => {
      const p = at(i);
      if (p < hit.start || p >= hit.end) return;
      if (t.asking) placeTold = false;
      // A province is only a filter; a district or commune also names the place items give in text.
      if (hit.kind === 'province' || p < nameFrom) consumed[i] = true;
      else placeWord[i] = true;
    });
    // "Bình Thuận cũ", "huyện Mỏ Cày cũ": the word says the name is a former one, it is not asked about.
    words.forEach((t, i) => {
      const p = at(i);
      if (p === hit.end && t.folded === 'cu' && (t.typed === undefined || t.typed === 'cũ')) consumed[i] = true;
      if (p === hit.start - 1 && LOCATIVE_BEFORE_PLACE.has(t.folded) && (t.typed === undefined || t.typed === LOCATIVE_BEFORE_PLACE.get(t.folded))) consumed[i] = true;
    });
  };
  for (const hit of detectPlacesInText(text)) markPlace(hit, (i) => words[i]!.origin);
  // A name typed with a letter missing ("lag son", "chươg mỹ", "ngệ an") is a place on the words as
  // read: when one of its words is such a misspelling read as one word, and none is part of a place
  // already. Not a chat word's shorthand ("là j" is not La Gi, "ký ạ" is not Kỳ Anh).
  // Only a message with shorthand can have one: the others skip the second reading.
  const hits = words.some((w) => w.shorthand) ? detectPlaces(words.map((w) => w.folded)) : [];
  let typedWord: string[] | undefined;
  const misspelt = (i: number) => {
    const t = words[i]!;
    if (!t.shorthand) return false;
    typedWord ??= tokenize(text);
    return (typedWord[t.origin]?.length ?? 0) >= 3 && words[i - 1]?.origin !== t.origin && words[i + 1]?.origin !== t.origin;
  };
  for (const hit of hits) {
    let fromMisspelling = false;
    let free = true;
    for (let i = hit.start; i < hit.end; i++) {
      const read = misspelt(i);
      fromMisspelling ||= read;
      free &&= !consumed[i] && !placeWord[i] && (read || !words[i]!.shorthand);
    }
    if (fromMisspelling && free) markPlace(hit, (i) => i);
  }
  return { consumed, placeWord, codes, placeTold, national: saysNational(words) };
}

function saysNational(words: readonly PlaceReadingWord[]): boolean {
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!;
    const b = words[i + 1]!;
    for (const { folded, marked } of NATIONAL_SCOPE) {
      if (a.folded === folded[0] && b.folded === folded[1] && (a.typed === undefined || a.typed === marked[0]) && (b.typed === undefined || b.typed === marked[1])) return true;
    }
  }
  return false;
}
