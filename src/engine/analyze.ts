/**
 * Question analysis: raw chat text → the terms worth searching, each with how much it can say.
 * Steps: clean (NFC) → split into sentences and find the ones that ask → tokens with the form the
 * user typed → chat shorthand expanded (teencode.ts) → places found (exact alias lookup, before
 * anything fuzzy, since folded names share syllables) → domain phrases → a weight per word from the
 * lexicon (chat or content) and from its sentence (asking or context).
 * Nothing here knows the content; the engine adds what only the index can tell (rare words,
 * collocations). Intent rules read `folded`, which keeps every word.
 */
import { cleanInput, foldVi, splitCaseJoins, toneKey, tokenize } from '../text/fold.js';
import { expandTokens } from '../text/teencode.js';
import { STOP_PHRASES, isChatReading, stopShare } from '../text/lexicon.js';
import { unmarkedShare } from '../text/general-frequency.js';
import { isCompound } from '../text/compounds.js';
import { provinceByCode, type Province } from '../text/provinces.js';
import { isInitialsAfterLocative } from '../text/places.js';
import { buildPhraseIndex, type PhraseIndex } from './synonyms.js';
import { readPlaces } from './question-places.js';
import { endsQuestionWord, splitSentences } from './clauses.js';
import { namedKinds } from './kinds.js';
import type { ContentKind } from '../content/model.js';

/** One thing the user may be asking about, with the phrasings that would satisfy it. */
export interface QueryTerm {
  /** Alternatives, each a sequence of folded tokens. The first is the likeliest reading. */
  alternatives: string[][];
  /** The word as typed (lowercase NFC) when it carries accents: then an exact-accent match counts more. */
  typed?: string;
  /**
   * Written without marks in a message written with them, as a word often written so ("may" is
   * sewing, not "máy"): an item that writes the word only with marks matches it less, as for `typed`.
   */
  unmarked?: boolean;
  /** 0..1: how much the word is content rather than chat, by the lexicon. */
  lexical: number;
  /** Set below 1 for words that state a command ("đăng ký") when the message names something too. */
  emphasis?: number;
  /** Its sentence asks (else it only gives context, and weighs less). */
  asking: boolean;
  /** Came from the domain phrase table (its other members are synonyms, not the user's words). */
  phrase: boolean;
  /** Part of a district or commune name: it helps rank items there, but is not something asked about. */
  place?: boolean;
  /** A quantity the user quotes ("52 tuổi", "3 triệu"): it counts where an item has it, is not missed where not. */
  value?: boolean;
  /**
   * From a sentence that asks only because a later one points back at it: it names what is asked
   * about, and where an item lacks it the item is not missing a topic (the rest of that sentence is
   * often the writer's story).
   */
  referent?: boolean;
  /** From the clauses before the question of its sentence: its miss counts in part (RankParams.leadingForgive). */
  leading?: boolean;
  /** Position of its first token in `tokens`, to find neighbours. */
  at: number;
  /** Number of tokens of `tokens` it covers. */
  span: number;
}

/**
 * A QueryTerm with every field present, in one order: the ranker reads thousands of them, and
 * objects of one shape keep its compiled code from being thrown away (optional fields left out
 * would give each combination a shape of its own).
 */
export function queryTerm(t: QueryTerm): QueryTerm {
  return { alternatives: t.alternatives, typed: t.typed, unmarked: t.unmarked, lexical: t.lexical, emphasis: t.emphasis, asking: t.asking, phrase: t.phrase, place: t.place, value: t.value, referent: t.referent, leading: t.leading, at: t.at, span: t.span };
}

export interface AnalyzedQuestion {
  /** Cleaned text (NFC), as typed. */
  text: string;
  /** Folded tokens after shorthand expansion (likeliest reading), every word kept. */
  tokens: string[];
  /** `tokens` joined by spaces: what intent rules read. */
  folded: string;
  /** Provinces named, directly or through a former province, district or commune ("Cầu Kè" → Vĩnh Long). */
  provinces: Province[];
  /** Where the message names its place: only in sentences that tell ("em ở Cái Bè. …?"), or where it asks. */
  placeWhere?: 'told' | 'asking';
  /** It asks about the whole country ("cả nước", "toàn quốc") and names no province. */
  national?: boolean;
  /** Kinds of content the question names ("lớp" → course, "hội chợ" → fair). */
  kinds: ContentKind[];
  terms: QueryTerm[];
  /** For each of `tokens`, the tone key of the word as typed when it was typed in full with marks. */
  typedKeys: (string | undefined)[];
}

let phraseIndex: PhraseIndex | undefined;

/** Every field present, in one order: tokens of one shape keep the reading code optimised. */
interface Token {
  folded: string;
  typed: string | undefined;
  asking: boolean;
  referent: boolean;
  leading: boolean;
  alternatives: string[][];
  /** Written as a shorthand ("z", "dc"): its expansion is the word meant, not a fold of several. */
  shorthand: boolean;
  /** Index of the token of `tokenize(text)` it comes from. */
  origin: number;
  /** A sentence-final particle by its position (see markTrailingParticles). */
  particle: boolean;
  /** A comma or the like comes before it: no phrase runs across. */
  pause: boolean;
  /** Written without marks in a message written with them: the unmarked word meant ("ong" is a bee, not "ông"). */
  asMeant: boolean;
  /** First token of a shorthand for several words ("bhyt" → bảo hiểm y tế): the shorthand and its length. */
  stands: { shorthand: string; span: number } | undefined;
}

/**
 * A message is written with marks when at least this share of its words carry one: 95 % of the
 * hand-written sets' messages with diacritics have 70 % or more, 90 % of the teencode ones 62 % or
 * less (in Vietnamese written properly some syllables have no mark: "ong", "con", "em", "hai").
 */
const MARKED_MESSAGE = 0.6;
/** Units of money after a number ("3tr", "3 triệu", "500k"): the amount's, not a topic. */
const MONEY_UNITS: ReadonlySet<string> = new Set(['trieu', 'nghin', 'ngan', 'ty', 'dong']);

/**
 * Unless Vietnamese at large almost never writes the word unmarked: "gi", "o", "toi" in a message
 * with marks are "gì", "ở", "tôi" typed in haste (general-frequency.ts: under 3 % of their uses; "ong" 4 %).
 */
const UNMARKED_USE = 0.03;

/** Whether the text is written with Vietnamese marks, so that its unmarked words are the words meant. */
function writtenWithMarks(text: string): boolean {
  let words = 0;
  let marked = 0;
  for (const m of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    words++;
    if (/[^\x00-\x7f]/.test(m[0])) marked++;
  }
  return words > 0 && marked / words >= MARKED_MESSAGE;
}

/** Words of the text, each with its folded tokens and the typed form when it is one accented syllable. */
function words(sentence: string): { folded: string; typed?: string; plain: boolean; pause: boolean }[] {
  const out: { folded: string; typed?: string; plain: boolean; pause: boolean }[] = [];
  const lower = sentence.toLowerCase();
  let end = 0;
  // "70%" is one word here; tokenize reads its sign as "phần trăm".
  for (const m of lower.matchAll(/[\p{L}\p{N}]+%?|%/gu)) {
    const word = m[0];
    // A comma, colon or bracket before it: a phrase does not run across ("anh chị, em tính…").
    const pause = out.length > 0 && /[,:()[\]]/.test(lower.slice(end, m.index));
    end = m.index + word.length;
    const parts = tokenize(word);
    if (parts.length === 1 && /[^\x00-\x7f]/.test(word)) out.push({ folded: parts[0]!, typed: word, plain: false, pause });
    else parts.forEach((p, k) => out.push({ folded: p, typed: undefined, plain: parts.length === 1 && /^[a-z]+$/.test(word), pause: pause && k === 0 }));
  }
  return out;
}

/**
 * How well a reading of an ambiguous shorthand fits its neighbours, by the content's own word pairs
 * ("nc mắm": "nước mắm" is written, "nói chuyện mắm" is not). Given by the engine, which has the index.
 */
export type ReadingFit = (previous: string | undefined, reading: readonly string[], next: string | undefined) => number;

/** The shorthand's readings with the one its neighbours fit best first (order kept when none fits). */
function byFit(alternatives: string[][], previous: string | undefined, next: string | undefined, fit: ReadingFit): string[][] {
  const scores = alternatives.map((a) => fit(previous, a, next));
  const best = scores.indexOf(Math.max(...scores));
  return best > 0 && scores[best]! > 0 ? [alternatives[best]!, ...alternatives.filter((_, k) => k !== best)] : alternatives;
}

/** The content's words a token nothing else reads may stand for (content-shorthand.ts); given by the engine. */
export type ShorthandReading = (token: string) => string[];

/** A token no table, repair or chat class reads, read as the content's shorthand reads it (its own form kept last). */
function withContentShorthand(readings: string[][][], tokens: readonly string[], shorthand: ShorthandReading): string[][][] {
  return readings.map((alternatives, i) => {
    const token = tokens[i]!;
    if (alternatives.length !== 1 || alternatives[0]!.length !== 1 || alternatives[0]![0] !== token) return alternatives;
    if (isInitialsAfterLocative(tokens[i - 1], token)) return alternatives;
    const read = shorthand(token);
    return read.length > 0 && stopShare(token) === 0 ? [...read.map((w) => w.split(' ')), [token]] : alternatives;
  });
}

export function analyzeQuestion(raw: string, fit?: ReadingFit, shorthand?: ShorthandReading): AnalyzedQuestion {
  phraseIndex ??= buildPhraseIndex();
  const text = splitCaseJoins(cleanInput(raw ?? ''));
  // Expanded tokens: one shorthand may stand for several words ("sdt" → số điện thoại).
  const expanded: Token[] = [];
  const marked = writtenWithMarks(text);
  let origin = 0;
  for (const { sentence, asking, referent, leading } of splitSentences(text)) {
    const ws = words(sentence);
    const first = origin;
    origin += ws.length;
    const startOfSentence = expanded.length;
    const folded = ws.map((x) => x.folded);
    const readings = shorthand ? withContentShorthand(expandTokens(folded), folded, shorthand) : expandTokens(folded);
    if (fit) for (let i = 0; i < readings.length; i++) if (readings[i]!.length > 1) readings[i] = byFit(readings[i]!, readings[i - 1]?.[0]?.at(-1), readings[i + 1]?.[0]?.[0], fit);
    readings.forEach((alternatives, i) => {
      const primary = alternatives[0] ?? [];
      // A shorthand for several words names one thing: its words are asked for together. Not a
      // number with its unit ("58t" → 58 tuổi), whose number the content rarely repeats.
      const stands = primary.length > 1 && !/^\d/.test(primary[0]!) ? { shorthand: ws[i]!.folded, span: primary.length } : undefined;
      for (const [k, t] of primary.entries()) {
        // A shorthand for several words becomes those words; its other readings stay on a one-word one.
        const shorthand = primary.length > 1 || t !== ws[i]!.folded;
        expanded.push({
          folded: t,
          typed: primary.length === 1 ? ws[i]!.typed : undefined,
          asking,
          referent,
          leading,
          alternatives: primary.length === 1 ? alternatives.filter((a) => a.length === 1) : [[t]],
          shorthand,
          origin: first + i,
          particle: false,
          pause: k === 0 && ws[i]!.pause,
          asMeant: marked && !shorthand && ws[i]!.plain && unmarkedShare(t) >= UNMARKED_USE,
          stands: k === 0 ? stands : undefined,
        });
      }
    });
    markTrailingParticles(expanded, startOfSentence);
  }
  const tokens = expanded.map((t) => t.folded);
  const pauses = expanded.map((t) => t.pause === true);
  // A word typed in full with its marks says which word it is; a shorthand's reading or a stretched
  // spelling ("đượccc") does not.
  const typedKeys = expanded.map((t) => (t.typed !== undefined && !t.shorthand && foldVi(t.typed) === t.folded ? toneKey(t.typed) : undefined));

  const { consumed, placeWord, codes, placeTold, national } = readPlaces(text, expanded);
  const provinces = [...codes].map((c) => provinceByCode(c)).filter((p): p is Province => p !== undefined);

  const terms: QueryTerm[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (consumed[i]) continue;
    const phrase = matchPhrase(tokens, typedKeys, i, consumed, phraseIndex, pauses);
    if (phrase) {
      terms.push(queryTerm({ alternatives: phrase.alternatives, lexical: 1, asking: expanded[i]!.asking, phrase: true, at: i, span: phrase.length }));
      i += phrase.length - 1;
      continue;
    }
    const stop = matchStopPhrase(tokens, typedKeys, i, pauses);
    if (stop > 0) {
      i += stop - 1;
      continue;
    }
    const t = expanded[i]!;
    const together = t.stands && tokens.slice(i, i + t.stands.span).every((_, k) => !consumed[i + k]) ? t.stands : undefined;
    if (together) {
      const words = tokens.slice(i, i + together.span);
      // Content when any of its words is ("bảo hiểm y tế"), chat when all are ("khong biet").
      const lexical = Math.max(...words.map((w) => 1 - stopShare(w)));
      terms.push(queryTerm({ alternatives: [words, [together.shorthand]], lexical, asking: t.asking, phrase: true, at: i, span: together.span }));
      i += together.span - 1;
      continue;
    }
    if (placeWord[i]) {
      terms.push(queryTerm({ alternatives: [[t.folded]], lexical: 1, asking: t.asking, phrase: false, place: true, at: i, span: 1 }));
      continue;
    }
    // A shorthand that stands for a chat word ("z" = vậy, "k" = không) is that word, not its content homograph.
    // The number of a glued quantity ("1tr9", "900k") is a value the user quotes, not a topic.
    const quoted = t.shorthand && /^\d+$/.test(t.folded);
    let lexical = quoted || ((t.shorthand || t.particle) && isChatReading(t.folded)) ? 0 : 1 - stopShare(t.folded, t.typed, t.asMeant);
    if (lexical < 0.5 && !quoted && typedKeys[i] !== undefined && joinsContentWord(expanded, consumed, i)) lexical = 1;
    // A number is a value the user quotes ("tháng 4", "55 tuổi", "lớp 9"): an item that writes it
    // matches it, but one that writes it otherwise ("15/4", "tháng Tư") or not at all is not missing a topic.
    const value = /^\d+$/.test(t.folded);
    terms.push(queryTerm({ alternatives: t.alternatives, typed: t.typed, unmarked: t.asMeant || undefined, lexical, asking: t.asking, phrase: false, at: i, span: 1, value: value || undefined }));
  }
  terms.forEach((t, k) => {
    if (expanded[t.at]!.referent) t.referent = true;
    if (expanded[t.at]!.leading) t.leading = true;
    // The unit of an amount the user quotes ("3 triệu", "500 nghìn") is part of the value.
    const before = terms[k - 1];
    if (before?.value === true && before.at + before.span === t.at && t.span === 1 && MONEY_UNITS.has(t.alternatives[0]![0]!)) t.value = true;
  });
  return { text, tokens, folded: tokens.join(' '), provinces, placeWhere: codes.size > 0 && placeTold ? 'told' : 'asking', national: national && codes.size === 0 ? true : undefined, kinds: namedKinds(tokens), terms: distinctTerms(terms), typedKeys };
}

/**
 * A chat word typed with its marks that makes a word of the language with a content word beside it
 * ("vi tính", "tính phí", as the dictionary's two-syllable words say: compounds.ts) is part of that
 * word, not chat: "tính" of "em tính học may" is intent, of "lớp vi tính" a computer.
 */
function joinsContentWord(tokens: readonly Token[], consumed: readonly boolean[], i: number): boolean {
  for (const other of [i - 1, i + 1]) {
    const neighbour = tokens[other];
    if (!neighbour || consumed[other] || 1 - stopShare(neighbour.folded, neighbour.typed) < 0.5) continue;
    const [first, second] = other < i ? [neighbour, tokens[i]!] : [tokens[i]!, neighbour];
    if (isCompound(first, second)) return true;
  }
  return false;
}

/**
 * After the last question word of a sentence ("… được không vậy ạ", "… học gì vậy"), Vietnamese puts
 * only particles: a word there that has a chat reading is that reading ("vậy", not the loan "vay").
 */
function markTrailingParticles(tokens: Token[], from: number): void {
  let lastCue = -1;
  for (let i = from; i < tokens.length; i++) if (endsQuestionWord(i > from ? tokens[i - 1]!.folded : undefined, tokens[i]!.folded)) lastCue = i;
  if (lastCue < 0) return;
  for (let i = lastCue + 1; i < tokens.length; i++) if (isChatReading(tokens[i]!.folded)) tokens[i]!.particle = true;
}

/** A word said twice ("lớp … lớp nữa") is one thing asked for; the stronger occurrence stays. */
function distinctTerms(terms: QueryTerm[]): QueryTerm[] {
  const best = new Map<string, QueryTerm>();
  for (const t of terms) {
    const key = t.alternatives[0]!.join(' ');
    const had = best.get(key);
    if (!had || Number(t.asking) * 2 + t.lexical > Number(had.asking) * 2 + had.lexical) best.set(key, t);
  }
  return terms.filter((t) => best.get(t.alternatives[0]!.join(' ')) === t);
}

/** Length of a multi-word function phrase ("bao giờ", "thế nào") starting at `start`, or 0; words typed with marks must be its words. */
function matchStopPhrase(tokens: string[], typedKeys: (string | undefined)[], start: number, pauses: boolean[]): number {
  for (const { tokens: p, toneKeys } of STOP_PHRASES.get(tokens[start]!) ?? []) {
    if (start + p.length > tokens.length) continue;
    let ok = true;
    for (let k = 0; k < p.length && ok; k++) {
      const typed = typedKeys[start + k];
      ok = tokens[start + k] === p[k] && (k === 0 || !pauses[start + k]) && (typed === undefined || typed === toneKeys[k]);
    }
    if (ok) return p.length;
  }
  return 0;
}

function matchPhrase(
  tokens: string[],
  typedKeys: (string | undefined)[],
  start: number,
  consumed: boolean[],
  index: PhraseIndex,
  pauses: boolean[],
): { length: number; alternatives: string[][] } | undefined {
  const candidates = index.byFirstToken.get(tokens[start]!);
  if (!candidates) return undefined;
  for (const { tokens: p, toneKeys, group } of candidates) {
    if (p.length < 2 || start + p.length > tokens.length) continue;
    let ok = true;
    for (let k = 0; k < p.length; k++) {
      const typed = typedKeys[start + k];
      if (tokens[start + k] !== p[k] || consumed[start + k] || (k > 0 && pauses[start + k]) || (typed !== undefined && typed !== toneKeys[k])) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    // The user's own words first, then the synonyms.
    const others = index.groups[group]!.filter((alt) => alt.join(' ') !== p.join(' '));
    return { length: p.length, alternatives: [p, ...others] };
  }
  return undefined;
}
