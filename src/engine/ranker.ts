/**
 * Ranking and the decision to answer. For an analysed question and the index:
 * - each term weighs its informativeness (IDF, scaled to 0..1 so figures mean the same for 50 items
 *   or 100,000), times how much it is content rather than chat (lexicon), times its sentence
 *   (asking sentences count fully, context sentences of a long message less);
 * - an item's evidence is the weighted sum of the terms it matches, at the weight of the field they
 *   are in, plus adjacent word pairs it holds as written; its coverage is the share of the
 *   asking sentences' weight that evidence explains (or of the whole message's, when that share is
 *   larger), where a content word the index has never seen ("sổ đỏ", "kết hôn") weighs as much as
 *   the rarest word;
 * - the named province counts as a word of the question, lifts its items and damps items of other
 *   provinces;
 * - the decision to answer weighs the best item's score, coverage, title named and lead on the
 *   topic over the others, and the question's off-topic leaning, as one log-linear confidence (confidence.ts):
 *   evidence alone would answer long messages that mention one rare word in passing, coverage alone
 *   short questions of a single common word.
 * The few constants are fitted on data (bench/quality/fit-decision.ts, fit.ts) and listed in DEFAULT_PARAMS.
 */
import type { AnalyzedQuestion } from './analyze.js';
import type { ContentKind } from '../content/model.js';
import { askedYears, outOfYear } from './asked-years.js';
import { adjacentPairs, howContentWrites, idfOf, matchTerm, planQuestion, seedTerms, type Plan } from './query-plan.js';
import { type RankParams } from './rank-params.js';
import { KIND_IDS, type IndexedDoc, type SearchIndex } from './search-index.js';

const KIND_COUNT = Math.max(...Object.values(KIND_IDS)) + 1;
import { fuzzyCloseness } from './fuzzy.js';
import { kindLeanings } from './kind-prior.js';
import { beyondTitleMissOf } from './beyond-title.js';
import { itemLeaning, questionLeaning, type QuestionLeaning } from './off-topic.js';
import { questionWords } from './question-words.js';
import { saidWords, titleNamed } from './title-named.js';
import { scoreCandidates, type CandidateScores } from './candidate-scores.js';
import { beyondTitleFactor, confidenceOf, keyMissFactor, titleFactor, withLead } from './confidence.js';
import { keyMissOf } from './key-miss.js';
import { questionFormFactor, questionForms } from './question-form.js';
import { docAccents, typedForm, type DocAccents } from './doc-accents.js';
import { PROVINCES } from '../text/provinces.js';

export { DEFAULT_PARAMS, type RankParams } from './rank-params.js';
export { explainQuestion, type Explanation } from './explain.js';

/** How many candidates get the exact-accent check. */
const RESCORED = 24;
/** How many of them fuse.js matches approximately (its cost is per document, on every question). */
const FUZZY_SHORT_LIST = 12;

export interface Ranked {
  doc: IndexedDoc;
  /** Evidence after the province factor: what orders items. */
  score: number;
  /** What decides whether to answer (confidence.ts). */
  confidence: number;
  /** The share of the question's weight the item explains (confidence.ts). */
  coverage: number;
  /** The share of its title the question names (title-named.ts). */
  titleShare: number;
  /** The factor the kind asked puts on it (confidence.ts). */
  kindFactor: number;
  /** The best item's lead over the others on the topic (0 for the others): what `margin` rewards. */
  lead: number;
  /** Its own text holds the district or commune the question names, whatever its province. */
  placeNamed: boolean;
  /** The heaviest content word it misses, as a share of the question's heaviest (key-miss.ts). */
  keyMissed: number;
  /** The share of what is asked beyond its title that it misses (beyond-title.ts). */
  beyondMissed: number;
  /** How the question's wording leans out of scope against it (off-topic.ts, itemLeaning). */
  leaning: number;
  /**
   * The factors the title and the key word missed put in `confidence` (title-named.ts, key-miss.ts):
   * they decide whether to answer, not what to offer when unsure (a question of one general word
   * names no title, yet has suggestions).
   */
  answerOnly: number;
}

export interface RankOptions {
  kinds?: readonly ContentKind[];
  provinceCode?: string;
  limit?: number;
}

let provincesBySyllable: Map<string, Set<string>> | undefined;

/** Codes of the provinces one of whose names (today's or former) has this syllable. */
function provincesNaming(syllable: string): Set<string> | undefined {
  if (!provincesBySyllable) {
    provincesBySyllable = new Map();
    for (const province of PROVINCES) {
      for (const alias of province.aliases) {
        for (const w of alias.split(' ')) {
          const set = provincesBySyllable.get(w) ?? new Set<string>();
          set.add(province.code);
          provincesBySyllable.set(w, set);
        }
      }
    }
  }
  return provincesBySyllable.get(syllable);
}

/** How the question's wording leans out of scope (off-topic.ts), before the item is known. */
function leaningOf(index: SearchIndex, words: ReadonlyMap<string, number>): QuestionLeaning {
  return questionLeaning(words, (syllables) => howContentWrites(index, syllables) !== undefined);
}

export function rankQuestion(index: SearchIndex, analysis: AnalyzedQuestion, params: RankParams, options: RankOptions = {}): Ranked[] {
  const n = index.size;
  if (n === 0 || analysis.terms.length === 0) return [];
  const maxIdf = idfOf(0, n);
  const idfN = (df: number) => idfOf(df, n) / maxIdf;

  const plans = planQuestion(index, analysis.terms, params);
  const pairs = adjacentPairs(index, plans, params);
  const provinces = new Set(analysis.provinces.map((p) => p.code));
  if (options.provinceCode) provinces.add(options.provinceCode);
  const askedIds = new Set([...provinces].map((c) => index.provinceId(c)).filter((id) => id > 0));
  // The place named is itself something the item must match: as informative as its items are few.
  // A place named only where the writer tells about themselves lifts its items less (the province a
  // channel knows the user by, options.provinceCode, counts in full).
  const placeShare = analysis.placeWhere === 'told' && !options.provinceCode ? params.toldPlace : 1;
  const placeWeight = provinces.size > 0 ? placeShare * params.place * idfN([...askedIds].reduce((sum, id) => sum + index.provinceSize(id), 0)) : 0;
  const denominator = plans.reduce((s, p) => s + p.weight * p.idf, 0) + placeWeight;
  if (denominator <= 0) return [];
  // Coverage is judged on the sentences that ask: a long story that shares words with an item but
  // asks for something else ("…tôm chết hết. Tôi muốn làm đơn đòi bồi thường…") is not answered by it.
  const asking = plans.map((p) => p.term.asking);
  const coverageShare = plans.map((_, i) => (asking[i] ? 1 : params.contextCoverage));
  const askingDenominator = plans.reduce((s, p, i) => s + coverageShare[i]! * p.weight * p.idf, 0) + placeWeight;

  // A place and a kind named together ask for items of that kind: other kinds are damped.
  const kindIds = new Set(provinces.size > 0 ? analysis.kinds.map((k) => KIND_IDS[k]) : []);
  const wantedKinds = options.kinds ? new Set(options.kinds.map((k) => KIND_IDS[k])) : undefined;
  // The province and kind factor of a slot, as two small tables (0 for a kind the caller excluded).
  const national = provinces.size === 0 && analysis.national === true && params.nationalScope;
  const provinceFactor = new Float64Array(index.provinceCount).map((_, id) => provinceFactorOf(id, { national, named: provinces.size > 0, asked: askedIds.has(id), placeShare }, params));
  // The words the learnt tables read the question by, once (the kind table has no word pairs).
  const words = params.kindLean > 0 || params.offTopic > 0 || params.inScopeLift > 0 ? questionWords(analysis.terms, true) : undefined;
  // Items of the kinds the question's wording leans away from (kind-prior.ts) are damped too.
  const leanings = params.kindLean > 0 && words ? kindLeanings(words) : undefined;
  const kindFactor = new Float64Array(KIND_COUNT).map(
    (_, kind) =>
      (wantedKinds && !wantedKinds.has(kind) ? 0 : kindIds.size > 0 && !kindIds.has(kind) ? params.kindDamp : 1) *
      (leanings ? Math.exp(params.kindLean * leanings[kind]!) : 1),
  );
  const factorAt = (slot: number): number => provinceFactor[index.provinceAt(slot)]! * kindFactor[index.kindAt(slot)]!;
  const seeds = seedTerms(index, plans, n);
  const found = index.candidateSlots(seeds.terms);
  const slots = narrowCandidates(index, plans, seeds.newest ? favouredOrNewest(found, seeds.newest, factorAt) : found, factorAt);
  if (slots.length === 0) return [];
  // One lookup per distinct word: synonyms share words ("may mặc", "thợ may", "cắt may").
  const weightsOf = cachedWeights(index, slots);
  // Words that weigh nothing (chat) are not looked up in the candidates at all.
  const matches = plans.map((p) => (p.weight > 0 ? matchTerm(weightsOf, p, slots.length) : new Float32Array(slots.length)));
  const pairWeights = pairs.map((pr) => weightsOf(pr.term));

  // Per plan: the provinces whose name holds the word ("cần" in Cần Thơ): a lone word matched only
  // as part of the item's province name matched the name. (A province the user named was taken out
  // of the question before this.)
  const placeOf = plans.map((p) => (p.term.span === 1 ? provincesNaming(p.term.alternatives[0]![0]!) : undefined));
  const weightOf = plans.map((p) => p.weight * p.idf);
  // Only the words that weigh something are visited per candidate (long messages have many that do not).
  const active = plans.map((_, ti) => ti).filter((ti) => weightOf[ti]! > 0);
  const provinceCount = index.provinceCount;
  // Per active word, the provinces (the index's small numbers) whose names hold it, as a flat mask.
  const inNameMask = new Uint8Array(active.length * provinceCount);
  active.forEach((ti, k) => {
    for (const c of placeOf[ti] ?? []) {
      const id = index.provinceId(c);
      if (id > 0) inNameMask[k * provinceCount + id] = 1;
    }
  });
  const askedMask = new Uint8Array(provinceCount);
  for (const id of askedIds) askedMask[id] = 1;
  // District and commune names the question gives ("làng Tây Hồ", "xã Phú Vang"): an item whose own
  // text holds them all is where the user asked, whatever province the name was taken for (the same
  // names recur across provinces, and a village can share a district's name).
  const placeActive = Int32Array.from(active.map((ti, k) => (plans[ti]!.term.place ? k : -1)).filter((k) => k >= 0));
  const scores = scoreCandidates({
    index,
    slots,
    provinceFactor,
    kindFactor,
    askedMask,
    namedHere: provinces.size > 0 && placeActive.length > 0 ? 1 + params.provinceBoost : 0,
    placeActive,
    matches: active.map((ti) => matches[ti]!),
    weight: Float64Array.from(active.map((ti) => weightOf[ti]!)),
    share: Float64Array.from(active.map((ti) => coverageShare[ti]!)),
    // A quoted value or a sentence pointed back to is not a topic an item misses; a clause before the question, in part.
    forgive: Float64Array.from(active.map((ti) => {
      const t = plans[ti]!.term;
      return t.value === true || t.referent === true ? 1 : t.leading === true ? params.leadingForgive : 0;
    })),
    inNameMask,
    pairWeight: Float64Array.from(pairs.map((pr) => params.pair * pr.weight * pr.idf)),
    pairShare: Float64Array.from(pairs.map((pr) => pr.coverageShare)),
    pairMatches: pairWeights,
    placeWeight,
  });
  // A question worded as people word questions the content does not answer is answered less readily;
  // one worded as those it answers, a little more.
  const leaning = words && (params.offTopic > 0 || params.inScopeLift > 0) ? leaningOf(index, words) : NO_LEANING;
  const said = saidWords(analysis);
  return rescoreShortList(index, plans, matches, slots, scores, params, { denominator, askingDenominator, leaning, said, years: askedYears(analysis), forms: params.questionForm !== 0 ? questionForms(analysis.folded) : 0 }, options.limit ?? 10);
}

/**
 * The short list: the best candidates by evidence get the exact-accent check and fuse.js's
 * approximate title match, then their score, coverage and confidence. Apart from rankQuestion so
 * each part is optimised (and, when its inputs change shape, recompiled) on its own.
 */
function rescoreShortList(
  index: SearchIndex,
  plans: Plan[],
  matches: Float32Array[],
  slots: Int32Array,
  scores: CandidateScores,
  params: RankParams,
  whole: { denominator: number; askingDenominator: number; leaning: QuestionLeaning; said: ReadonlySet<string>; years: ReadonlySet<string>; forms: number },
  limit: number,
): Ranked[] {
  const { evidenceOf, askingOf, factorOf, placeFactorOf, kindFactorOf, rankOf, forgivenMissOf, placeNamedOf } = scores;
  const { denominator, askingDenominator, leaning, said, years, forms } = whole;
  const top = topIndices(rankOf, RESCORED).map((ci) => ({ ci, doc: index.docAt(slots[ci]!)!, evidence: evidenceOf[ci]!, askingEvidence: askingOf[ci]!, factor: factorOf[ci]!, placeFactor: placeFactorOf[ci]!, kindFactor: kindFactorOf[ci]!, forgivenMiss: forgivenMissOf[ci]!, placeNamed: placeNamedOf[ci] === 1 }));
  for (const s of top) {
    const penalty = accentPenalty(plans, matches, s.ci, s.doc, params);
    s.evidence -= penalty.all;
    s.askingEvidence -= penalty.asking;
  }
  // The asking sentences' content words, matched approximately against the short list's titles.
  const pattern = plans.filter((p) => p.term.asking && !p.term.place && !p.term.value && p.weight >= 0.5 && p.idf > 0).map((p) => p.term.alternatives[0]!.join(' ')).join(' ');
  // fuse.js builds an index of the docs it is given on every question: only the best half goes in.
  const fuzzyDocs = [...top].sort((a, b) => b.evidence * b.factor - a.evidence * a.factor).slice(0, FUZZY_SHORT_LIST).map((s) => s.doc);
  const closeness = params.fuzzy > 0 ? fuzzyCloseness(fuzzyDocs, pattern) : new Map<string, number>();
  const keyMissedOf = keyMissOf(plans, matches, params);
  const beyondOf = beyondTitleMissOf(plans, matches, params);
  const leaningAgainst = leaningPerItem(index, leaning, top.map((s) => slots[s.ci]!));
  const ranked: (Ranked & { topic: number })[] = top
    .map(({ ci, doc, evidence, askingEvidence, factor, placeFactor, kindFactor, forgivenMiss, placeNamed }, k) => {
      const share = params.titleLift > 0 || params.titleRank > 0 ? titleNamed(index, doc, said, params.titleWordCap) : 0;
      // A course or fair of another year than the one asked is not the one asked about.
      const inYear = outOfYear(doc, years) ? params.outOfYear : 1;
      // A title that asks in another form than the message is another question ("…cần giấy tờ gì?" for "đăng ký thế nào").
      const form = questionFormFactor(forms, doc.titleFolded, params.questionForm);
      const score = (evidence + params.fuzzy * (closeness.get(doc.id) ?? 0)) * factor * inYear * form * Math.exp(params.titleRank * (share - params.titleCentre));
      // The asking sentences' share, or the whole message's when the item explains that better: "…nghe
      // nói có hội chợ ẩm thực ở Quy Nhơn. Hội chợ đó diễn ra ngày nào?" asks about what the story named.
      const whole = Math.min(1, evidence / denominator);
      const coverage = askingDenominator - forgivenMiss > 0 ? Math.max(whole, Math.min(1, askingEvidence / (askingDenominator - forgivenMiss))) : whole;
      // Every field always there, in one order: one shape for every ranked item.
      const topic = placeFactor > 0 ? score / placeFactor : 0;
      const keyMissed = keyMissedOf(ci);
      const leaning = leaningAgainst(k);
      const beyondMissed = beyondOf(ci, new Set(doc.titleFolded.split(' ')));
      const confidence = confidenceOf({ score, coverage, titleShare: share, kindFactor, keyMissed, beyondMissed }, leaning, params) * inYear;
      return { doc, score, confidence, kindFactor, coverage, titleShare: share, keyMissed, beyondMissed, leaning, placeNamed, answerOnly: titleFactor(share, params) * keyMissFactor(keyMissed, params) * beyondTitleFactor(beyondMissed, params), lead: 0, topic };
    })
    // Equal scores: the newer item first (a course announced later is the one still open).
    .sort((a, b) => orderOf(b, params) - orderOf(a, params) || b.doc.rev - a.doc.rev || (a.doc.id < b.doc.id ? -1 : 1));
  const [first] = ranked;
  if (first && first.score > 0) {
    first.lead = leadOf(ranked);
    first.confidence = withLead(first.confidence, first.lead, params);
  }
  return ranked.slice(0, limit).map(({ topic: _, ...r }) => r);
}

/**
 * The factor of the items of a province (id 0: national items). The whole country asked about ("cả
 * nước"): national items as those of a province named, the others damped. A province named: its
 * items lifted, national ones (they apply everywhere) half as much, the others damped.
 */
function provinceFactorOf(id: number, asked: { national: boolean; named: boolean; asked: boolean; placeShare: number }, params: RankParams): number {
  if (asked.national) return id === 0 ? 1 + params.provinceBoost : params.provinceDamp;
  if (!asked.named) return 1;
  if (id === 0) return 1 + (asked.placeShare * params.provinceBoost) / 2;
  return asked.asked ? 1 + asked.placeShare * params.provinceBoost : 1 - asked.placeShare * (1 - params.provinceDamp);
}

/** What orders the short list: the score, leaning by `orderByConfidence` towards the confidence. */
function orderOf(r: { score: number; confidence: number }, params: RankParams): number {
  const k = params.orderByConfidence;
  return k > 0 ? r.score ** (1 - k) * r.confidence ** k : r.score;
}

/**
 * The best item's lead over the others, on what they match of the topic: the province asked lifts
 * its items and damps the rest, so an item that leads only because it is the one there (a rice-paper
 * course of the province asked for a sewing class) does not lead at all.
 */
function leadOf(ranked: readonly { topic: number }[]): number {
  const first = ranked[0]!.topic;
  if (first <= 0) return 0;
  let other = 0;
  for (let i = 1; i < ranked.length; i++) other = Math.max(other, ranked[i]!.topic);
  return Math.max(0, 1 - other / first);
}

const NO_LEANING: QuestionLeaning = { fixed: 0, written: [] };

/** The leaning against each of the short list's items (by position): which written words each holds, one lookup per syllable. */
function leaningPerItem(index: SearchIndex, leaning: QuestionLeaning, shortList: readonly number[]): (k: number) => number {
  if (leaning.written.length === 0) return () => leaning.fixed;
  const slots = Int32Array.from(shortList);
  const weights = new Map<string, Float32Array>();
  for (const w of leaning.written) for (const s of w.syllables) if (!weights.has(s)) weights.set(s, index.weightsOf(index.termId(s), slots));
  return (k) => itemLeaning(leaning, (syllables) => syllables.every((s) => weights.get(s)![k]! > 0));
}

/** The index's weights of a term in `slots`, looked up once per term (synonyms share words). */
function cachedWeights(index: SearchIndex, slots: Int32Array): (term: number) => Float32Array {
  const cache = new Map<number, Float32Array>();
  return (term) => {
    let w = cache.get(term);
    if (!w) cache.set(term, (w = index.weightsOf(term, slots)));
    return w;
  };
}

/**
 * When no word of the question is selective: the items the place named favours, and of the others
 * the `newest` last (slots grow with each import).
 */
function favouredOrNewest(slots: Int32Array, newest: number, factorAt: (slot: number) => number): Int32Array {
  if (slots.length <= newest) return slots;
  const kept: number[] = [];
  const restFrom = slots.length - newest;
  for (let i = 0; i < slots.length; i++) if (i >= restFrom || factorAt(slots[i]!) > 1) kept.push(slots[i]!);
  return Int32Array.from(kept);
}

/**
 * Past this many candidates (a big store, a common word) only the most promising are scored in full:
 * scoring costs about a microsecond per candidate and word, and the answer is among the few best.
 */
const FULL_SCORE_LIMIT = 1500;
/** How many of the question's most informative words pick the candidates scored in full. */
const LEAD_WORDS = 3;

/**
 * The candidates worth scoring in full: all of them when few, else the best by the most informative
 * words of the question and the province and kind factor (what a full score could not overturn).
 */
function narrowCandidates(index: SearchIndex, plans: Plan[], slots: Int32Array, factorAt: (slot: number) => number): Int32Array {
  if (slots.length <= FULL_SCORE_LIMIT) return slots;
  const lead = plans
    .filter((p) => p.weight > 0)
    .sort((a, b) => b.weight * b.idf - a.weight * a.idf)
    .slice(0, LEAD_WORDS);
  const weightsOf = cachedWeights(index, slots);
  const promise = new Float64Array(slots.length);
  for (const p of lead) {
    const match = matchTerm(weightsOf, p, slots.length);
    const w = p.weight * p.idf;
    for (let i = 0; i < slots.length; i++) promise[i]! += w * match[i]!;
  }
  for (let i = 0; i < slots.length; i++) {
    const factor = factorAt(slots[i]!);
    promise[i] = factor === 0 ? -1 : promise[i]! * factor;
  }
  return Int32Array.from(topIndices(promise, FULL_SCORE_LIMIT), (i) => slots[i]!).sort();
}

/**
 * Positions of the k largest values (ignoring negatives), best first. Of equal values the later
 * position wins: slots grow with each import, so that is the newer item. The k-th value is found by
 * a native numeric sort of a copy, cheaper than sorting positions with a comparator.
 */
function topIndices(values: Float64Array, k: number): number[] {
  if (k <= 0 || values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const kth = sorted[Math.max(0, sorted.length - k)]!;
  const floor = Math.max(kth, 0);
  const above: number[] = [];
  const tied: number[] = [];
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]!;
    if (v > floor) above.push(i);
    else if (v === floor && v >= 0) tied.push(i);
  }
  // `tied` is newest first already; fill up to k with them.
  const out = above.concat(tied.slice(0, Math.max(0, k - above.length)));
  return out.sort((a, b) => values[b]! - values[a]! || b - a).slice(0, k);
}

/** Evidence to take back where a word typed with accents (or meant without) matched only a differently accented word. */
function accentPenalty(plans: Plan[], matches: Float32Array[], ci: number, doc: IndexedDoc, params: RankParams): { all: number; asking: number } {
  const penalty = { all: 0, asking: 0 };
  let accents: DocAccents | undefined;
  for (let ti = 0; ti < plans.length; ti++) {
    const p = plans[ti]!;
    const m = matches[ti]![ci]!;
    const written = p.term.typed ?? (p.term.unmarked ? p.term.alternatives[0]?.[0] : undefined);
    if (!written || m <= 0) continue;
    accents ??= docAccents(doc);
    const typed = typedForm(written);
    if (accents.words.has(typed.key)) continue;
    const otherAccent = accents.spellsOtherwise(typed.key, typed.folded);
    if (!otherAccent) continue;
    const lost = p.weight * p.idf * m * (1 - params.accentMiss);
    penalty.all += lost;
    penalty.asking += lost * (p.term.asking ? 1 : params.contextCoverage);
  }
  return penalty;
}
