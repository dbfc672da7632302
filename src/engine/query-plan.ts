/**
 * A question turned into a plan for the index: each term with its phrasings resolved to index terms
 * (typo neighbours for unknown words), its scaled IDF, and its weight; adjacent pairs found as
 * written; the words that find candidates; and how well each candidate matches each term.
 */
import type { QueryTerm } from './analyze.js';
import type { RankParams } from './rank-params.js';
import type { SearchIndex } from './search-index.js';
import { UNIT_WORDS } from '../text/abbreviations.js';
import { isCompound } from '../text/compounds.js';
import { asideShare, isQuestionReading } from '../text/lexicon.js';
import { generalIdf, generalPairIdf } from '../text/general-frequency.js';
import { bridgesFrom } from './bridges.js';

/** What a district or commune name weighs against a content word. */
const PLACE_NAME_SHARE = 0.5;
/** Field weight of tags (search-index.ts): a pair found this high or higher names something. */
const NAMING_FIELD = 0.8;
/** Words found in more than this share of items are not used to find candidates. */
const SEED_SHARE = 0.02;
const SEED_MIN = 2000;
/** Words weighing less than this share of the question's heaviest word do not find candidates. */
const SEED_IMPORTANCE = 0.3;

export interface Alt {
  /** Per token: its term ids with a discount (typo neighbours), and its scaled IDF. */
  tokens: { ids: { term: number; discount: number }[]; idf: number }[];
  discount: number;
  /** Pair terms of its adjacent words and what an item lacking one of them keeps (1: not checked). */
  together?: { pairs: number[]; scattered: number };
}

export interface Plan {
  term: QueryTerm;
  alts: Alt[];
  weight: number;
  idf: number;
}

export function idfOf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Whether some item writes the words side by side, in a short field or its summary. */
function writes(index: SearchIndex, words: readonly string[]): boolean {
  for (let k = 0; k + 1 < words.length; k++) if (index.pairTerm(words[k]!, words[k + 1]!) < 0 && !index.proseWrites(words[k]!, words[k + 1]!)) return false;
  return words.length > 1;
}

export function planTerm(index: SearchIndex, term: QueryTerm, params: RankParams, idfN: (df: number) => number): Plan {
  const alts: Alt[] = term.alternatives.map((words, ai) => ({
    tokens: words.map((w) => {
      const id = index.termId(w);
      const df = index.df(id);
      if (df > 0) return { ids: [{ term: id, discount: 1 }], idf: idfN(df) };
      // Typo neighbours only for words that may be content: chat shorthand is not a misspelt course.
      const near = term.lexical >= 0.5 ? index.similarWords(w).map((s) => index.termId(s)) : [];
      const nearDf = Math.max(0, ...near.map((t) => index.df(t)));
      return { ids: near.map((t) => ({ term: t, discount: params.typo })), idf: near.length > 0 ? idfN(nearDf) : unknownIdf(w) };
    }),
    discount: ai > 0 && term.phrase ? params.synonym : 1,
  }));
  if (params.scattered < 1) for (let ai = 0; ai < alts.length; ai++) scatterCheck(index, term.alternatives[ai]!, alts[ai]!, params.scattered);
  // Some item writes the user's own phrase: the table's other phrasings are fallbacks (synonymBesideOwn).
  if (term.phrase && alts.length > 1 && writes(index, term.alternatives[0]!)) for (let ai = 1; ai < alts.length; ai++) alts[ai]!.discount *= params.synonymBesideOwn;
  // Typed with accents the content never uses ("hôn" where it has "hơn"): the folded matches are
  // other words, so they do not count, and the word weighs as one the content does not know. A
  // word the content does not know even folded ("tươngg") is a slip: its repair is matched unaccented.
  if (term.typed && !index.hasAccented(term.typed) && alts[0]!.tokens.every((t) => t.ids.every((id) => id.discount === 1))) {
    for (const alt of alts) alt.discount = 0;
    return { term, alts, weight: 0, idf: term.lexical >= 0.5 ? missedShare(term, params) : 0 };
  }
  const known = alts.filter(isFindable);
  // A district or commune name: where items are, not what is asked; unknown, it misses nothing.
  if (term.place) return { term, alts, weight: 0, idf: known.length > 0 ? meanIdf(known[0]!) * PLACE_NAME_SHARE : 0 };
  // A concept weighs what its likeliest known phrasing weighs; never seen at all, what the rarest word weighs.
  // A word the content never uses is a missed concept only if it is likely content, not chat.
  // A phrase from the domain table names a concept: it weighs what its most specific phrasing weighs.
  const conceptIdf = known.length > 0 ? meanIdf(known[0]!) : 0;
  const idf = known.length > 0 ? conceptIdf : term.lexical >= 0.5 ? meanIdf(alts[0]!) * missedShare(term, params) : 0;
  return { term, alts, weight: 0, idf };
}

/**
 * A phrasing of several words matched by an item that has the words apart ("đủ 15 tuổi … người" for
 * "đủ người") counts `scattered` of a match. The index keeps word pairs of short fields only, so this
 * is checked only for a phrasing no summary writes side by side: an item lacking the pair lacks it.
 */
function scatterCheck(index: SearchIndex, words: readonly string[], alt: Alt, scattered: number): void {
  if (words.length < 2 || alt.tokens.some((t) => t.ids.length !== 1 || t.ids[0]!.discount !== 1)) return;
  const pairs: number[] = [];
  for (let k = 0; k + 1 < words.length; k++) {
    if (index.proseWrites(words[k]!, words[k + 1]!)) return;
    pairs.push(index.pairTerm(words[k]!, words[k + 1]!));
  }
  alt.together = { pairs, scattered };
}

// Module functions rather than closures made per question: the sources run through tsx, which gives
// every named closure an `Object.defineProperty` of its name each time one is made.

/** A phrasing every word of which the content has (exactly or as a typo neighbour). */
export function isFindable(a: Alt): boolean {
  return a.tokens.every((t) => t.ids.length > 0);
}

function meanIdf(a: Alt): number {
  return a.tokens.reduce((s, t) => s + t.idf, 0) / Math.max(1, a.tokens.length);
}

/** A one-syllable word of the question, not a phrase or a place name. */
function single(p: Plan | undefined): boolean {
  return p !== undefined && oneWord(p.term);
}

function oneWord(term: QueryTerm): boolean {
  return term.span === 1 && !term.phrase && !term.place;
}

/**
 * How much a word the content never uses counts as a topic the content lacks: fully when it is rare
 * in Vietnamese at large ("bún", "căn cước"), `everydayFloor` when it is an everyday word ("lấy",
 * "đúng không", "chuyển"), in between on a ramp of its general IDF from `everydayIdf` to `rareIdf`.
 * Phrases of several words count fully.
 */
export function missedShare(term: QueryTerm, params: RankParams): number {
  const words = term.alternatives[0]!;
  if (words.length !== 1 || params.everydayFloor >= 1) return 1;
  return onEverydayRamp(generalIdf(words[0]!, term.typed), params.everydayIdf, params.rareIdf, params.everydayFloor);
}

/** missedShare for a two-syllable word of the language: "năm nay", "nghe nói" are everyday, "sổ đỏ", "thai sản" are not. */
function compoundMissedShare(first: { folded: string; typed?: string }, second: { folded: string; typed?: string }, params: RankParams): number {
  if (params.everydayFloor >= 1) return 1;
  return onEverydayRamp(generalPairIdf(first, second), params.compoundEverydayIdf, params.compoundRareIdf, params.everydayFloor);
}

/** `floor` at a general IDF of `everyday` or less, 1 at `rare` or more, linear between. */
function onEverydayRamp(idf: number, everyday: number, rare: number, floor: number): number {
  const ramp = Math.min(1, Math.max(0, (idf - everyday) / (rare - everyday)));
  return floor + (1 - floor) * ramp;
}

/**
 * A word the content never uses: as informative as the rarest word, unless it is a number or a unit
 * ("đóng 900k hả"): a value the user quotes, which the content may write another way, is not a topic;
 * nor is a run of consonants ("cf", "nn"), no Vietnamese syllable but a shorthand nobody can read:
 * it may well stand for a word the content has, so it is neither matched nor missed.
 */
function unknownIdf(word: string): number {
  if (!/[aeiouy]/.test(word)) return 0;
  return /^\d+$/.test(word) || UNIT_WORDS.has(word) || word.length < 2 ? 0 : 1;
}

/**
 * "da giày", "hội chợ", "buổi tối": a word the lexicon thinks is chat counts fully when the content
 * uses it with its neighbour as a collocation (the pair explains that share of the rarer word's uses).
 * Two chat words one of which asks stay chat: "những gì", "là gì" close a FAQ's title as they close
 * the user's question ("vàng lá", "sao chè" are names).
 */
export function rescueCollocations(index: SearchIndex, plans: Plan[], params: RankParams): void {
  for (let i = 0; i + 1 < plans.length; i++) {
    const a = plans[i]!.term;
    const b = plans[i + 1]!.term;
    if (a.phrase || b.phrase || a.at + a.span !== b.at || (a.lexical >= 1 && b.lexical >= 1)) continue;
    const wa = a.alternatives[0]![0]!;
    const wb = b.alternatives[0]![0]!;
    if (Math.max(a.lexical, b.lexical) < 0.5 && (isQuestionReading(wa) || isQuestionReading(wb))) continue;
    const pair = index.pairTerm(wa, wb);
    const together = index.df(pair);
    const rarer = Math.min(index.df(index.termId(wa)), index.df(index.termId(wb)));
    // A name the content gives something (in a title, keyword or tag), not a turn of phrase in its prose.
    if (together > 0 && together >= params.collocation * rarer && index.maxWeight(pair) >= NAMING_FIELD) {
      plans[i]!.term = { ...a, lexical: 1 };
      plans[i + 1]!.term = { ...b, lexical: 1 };
    }
  }
}

export interface Pair {
  term: number;
  weight: number;
  idf: number;
  /** Counts in coverage as its words do (both asking: fully). */
  coverageShare: number;
}

export function adjacentPairs(index: SearchIndex, plans: Plan[], params: RankParams): Pair[] {
  const out: Pair[] = [];
  const n = index.size;
  const maxIdf = idfOf(0, n);
  for (let i = 0; i + 1 < plans.length; i++) {
    const a = plans[i]!;
    const b = plans[i + 1]!;
    if (a.term.span !== 1 || b.term.span !== 1 || a.term.at + 1 !== b.term.at) continue;
    const term = index.pairTerm(a.term.alternatives[0]![0]!, b.term.alternatives[0]![0]!);
    const df = index.df(term);
    // Two words the content writes side by side weigh as the heavier: a word read as chat or as a
    // side word next to a content word ("lớp mới", "nuôi ong", "đăng ký" typed "dang ky") is part of
    // that word's topic when the content writes them together.
    const weight = Math.max(a.weight, b.weight);
    const coverageShare = a.term.asking && b.term.asking ? 1 : params.contextCoverage;
    if (df > 0 && weight > 0) out.push({ term, weight, idf: idfOf(df, n) / maxIdf, coverageShare });
  }
  return out;
}

/**
 * Words that find candidates: every informative word of the question that is selective enough.
 * `newest` caps how many of their items are taken (the newest), when no word is selective.
 */
export function seedTerms(index: SearchIndex, plans: Plan[], n: number): { terms: number[]; newest?: number } {
  const limit = Math.max(SEED_MIN, Math.floor(n * SEED_SHARE));
  const top = Math.max(0, ...plans.filter((p) => p.alts.some(isFindable)).map((p) => p.weight * p.idf));
  // Words by importance; the important ones always find candidates, the others only while the
  // candidates stay few (a small store takes them all; at 100k items they would only add noise).
  const ranked = plans.filter((p) => p.weight > 0).sort((a, b) => b.weight * b.idf - a.weight * a.idf);
  const seeds = new Set<number>();
  let budget = 0;
  for (const p of ranked) {
    const important = p.weight * p.idf >= SEED_IMPORTANCE * top;
    for (const alt of p.alts) {
      // A phrasing of several words needs all of them: its rarest word alone finds it.
      const tokens = alt.tokens.length === 1 ? alt.tokens : [alt.tokens.reduce((r, t) => (t.idf > r.idf ? t : r))];
      for (const t of tokens) {
        for (const { term } of t.ids) {
          const df = index.df(term);
          if (term < 0 || df > limit || seeds.has(term) || (!important && budget + df > limit)) continue;
          seeds.add(term);
          budget += df;
        }
      }
    }
  }
  if (seeds.size > 0) return { terms: [...seeds] };
  // Nothing selective: the newest items of the rarest word of the question are the candidates (in a
  // big store whose every item says "học nghề", scoring them all would cost milliseconds for nothing).
  const all = ranked.flatMap((p) => p.alts.flatMap((a) => a.tokens.flatMap((t) => t.ids.map((x) => x.term)))).filter((t) => t >= 0);
  return { terms: all.length > 0 ? [all.sort((a, b) => index.df(a) - index.df(b))[0]!] : [], newest: limit };
}

/** Per candidate, how well the term is matched (0..1): its best phrasing, all of whose words are there. */
export function matchTerm(weightsOf: (term: number) => Float32Array, plan: Plan, n: number): Float32Array {
  const out = new Float32Array(n);
  for (const alt of plan.alts) {
    if (alt.discount === 0) continue;
    const perToken = alt.tokens.map((t) => {
      if (t.ids.length === 1 && t.ids[0]!.discount === 1) return weightsOf(t.ids[0]!.term);
      const best = new Float32Array(n);
      for (const { term, discount } of t.ids) {
        const w = weightsOf(term);
        for (let i = 0; i < n; i++) best[i] = Math.max(best[i]!, w[i]! * discount);
      }
      return best;
    });
    const pairs = alt.together?.pairs.map((p) => (p < 0 ? undefined : weightsOf(p)));
    for (let i = 0; i < n; i++) {
      let sum = 0;
      let all = true;
      for (const w of perToken) {
        if (w[i]! <= 0) all = false;
        sum += w[i]!;
      }
      if (!all || perToken.length === 0) continue;
      out[i] = Math.max(out[i]!, (sum / perToken.length) * alt.discount * (pairs ? togetherShare(pairs, i, alt.together!.scattered) : 1));
    }
  }
  return out;
}

/** 1 when the item has each pair of the phrasing side by side, `scattered` when none, in between by the share it has. */
function togetherShare(pairs: readonly (Float32Array | undefined)[], i: number, scattered: number): number {
  let held = 0;
  for (const w of pairs) if (w !== undefined && w[i]! > 0) held++;
  return scattered + ((1 - scattered) * held) / pairs.length;
}

/** Plans every term of the question and weighs it: lexicon × command emphasis × its sentence. */
export function planQuestion(index: SearchIndex, terms: readonly QueryTerm[], params: RankParams): Plan[] {
  const n = Math.max(1, index.size);
  const maxIdf = idfOf(0, n);
  const idfN = (df: number) => idfOf(df, n) / maxIdf;
  const plans = terms.map((term) => planTerm(index, term, params, idfN));
  rescueCollocations(index, plans, params);
  markUnknownCompounds(index, plans, params, idfN);
  if (params.bridge > 0) for (const p of plans) addBridges(index, p, params, idfN);
  for (const p of plans) p.weight = p.term.lexical * (p.term.emphasis ?? 1) * (p.term.asking ? 1 : params.context) * asideFactor(p.term, params);
  return plans;
}

/** A word people mostly write around what they ask (lexicon.ts `asideShare`) weighs less; phrases, places and quoted numbers keep their weight. */
function asideFactor(term: QueryTerm, params: RankParams): number {
  const word = params.asideDamp > 0 ? asideWord(term) : undefined;
  return word === undefined ? 1 : 1 - params.asideDamp * asideShare(word, params.asidePrior);
}

/** Whether a short field of the content has these two syllables side by side, in either order ("lồng đèn", "đèn lồng"). */
function contentWrites(index: SearchIndex, a: string, b: string): boolean {
  return index.df(index.pairTerm(a, b)) > 0 || index.df(index.pairTerm(b, a)) > 0;
}

/**
 * How the content writes these words: 'names' when a title, keyword, trade or tag has them (each
 * word, and each two side by side), 'prose' when some only appear in a text, undefined when not at all.
 */
export function howContentWrites(index: SearchIndex, words: readonly string[]): 'names' | 'prose' | undefined {
  let named = true;
  for (let i = 0; i < words.length; i++) {
    const id = index.termId(words[i]!);
    if (index.df(id) === 0) return undefined;
    if (words.length === 1) named = index.maxWeight(id) >= NAMING_FIELD;
    else if (i > 0 && !contentWrites(index, words[i - 1]!, words[i]!)) {
      if (!contentWritesAnywhere(index, words[i - 1]!, words[i]!)) return undefined;
      named = false;
    }
  }
  return named ? 'names' : 'prose';
}

/** Whether the content writes the two syllables side by side anywhere, in either order: a short field or a summary. */
function contentWritesAnywhere(index: SearchIndex, a: string, b: string): boolean {
  return contentWrites(index, a, b) || index.proseWrites(a, b) || index.proseWrites(b, a);
}

/**
 * Two syllables side by side that make a word of the language the content never writes, in either
 * order, in a short field or in an item's summary ("kết hôn", "bệnh viện", "trả góp"), name a
 * concept the content does not have: they do not match separately ("kết" of "kết quả", "hôn" folded
 * like "hơn"), and the concept weighs in coverage as a word the content never uses, by how common
 * the word is in Vietnamese at large ("năm nay", "nghe nói" are everyday talk). Only when one
 * syllable is rare enough in the content (scaled IDF at least `compoundRarity`): a new word made of
 * the content's everyday syllables is more often its own topic said another way ("lớp học", "trưng
 * bày"). Read left to right, a word takes both its syllables ("đăng ký | kết hôn", not "ký kết").
 */
function markUnknownCompounds(index: SearchIndex, plans: Plan[], params: RankParams, idfN: (df: number) => number): void {
  const rarity = (w: string) => {
    const df = index.df(index.termId(w));
    return df > 0 ? idfN(df) : 1;
  };
  for (let i = 0; i + 1 < plans.length; i++) {
    const a = plans[i]!;
    const b = plans[i + 1]!;
    if (!single(a) || !single(b) || a.term.at + 1 !== b.term.at) continue;
    const wa = a.term.alternatives[0]![0]!;
    const wb = b.term.alternatives[0]![0]!;
    if (!isCompound({ folded: wa, typed: a.term.typed }, { folded: wb, typed: b.term.typed })) continue;
    // "làm | lồng đèn": the next syllable goes with the one after it when the content writes those two.
    const c = plans[i + 2];
    if (single(c) && b.term.at + 1 === c!.term.at && contentWrites(index, wb, c!.term.alternatives[0]![0]!)) continue;
    i++;
    const asked = a.term.asking && b.term.asking && Math.min(a.term.lexical, b.term.lexical) >= 0.5;
    if (!asked || Math.max(rarity(wa), rarity(wb)) < params.compoundRarity || contentWritesAnywhere(index, wa, wb)) continue;
    for (const alt of [...a.alts, ...b.alts]) alt.discount = 0;
    // The word weighs as content as its most contentful syllable ("y tế": "y" alone reads as chat).
    a.term = { ...a.term, lexical: Math.max(a.term.lexical, b.term.lexical) };
    a.idf = compoundMissedShare({ folded: wa, typed: a.term.typed }, { folded: wb, typed: b.term.typed }, params);
    b.idf = 0;
  }
}

/** The word aside-words.json counts the term under: one word as typed, not a phrase, a place name or a quoted number. */
export function asideWord(term: QueryTerm): string | undefined {
  return oneWord(term) && term.value !== true ? term.alternatives[0]![0]! : undefined;
}

/**
 * The words an item may write for a word of the question (bridges.ts), as phrasings of it at
 * `bridge` × their strength; not for places or quoted numbers. Added after the word's own weight
 * and rarity are set: a bridge says where else the word may be met, not how much it tells.
 */
function addBridges(index: SearchIndex, plan: Plan, params: RankParams, idfN: (df: number) => number): void {
  const term = plan.term;
  if (term.place || term.value === true) return;
  for (const { to, strength } of bridgesFrom(term.alternatives[0]!.join(' '))) {
    const tokens = to.split(' ').map((w) => {
      const id = index.termId(w);
      const df = index.df(id);
      return { ids: df > 0 ? [{ term: id, discount: 1 }] : [], idf: df > 0 ? idfN(df) : 0 };
    });
    if (tokens.every((t) => t.ids.length > 0)) plan.alts.push({ tokens, discount: params.bridge * strength });
  }
}
