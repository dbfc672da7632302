/**
 * Ranking and the decision to answer. For an analysed question and the index:
 * - each term weighs its informativeness (IDF, scaled to 0..1 so figures mean the same for 50 items
 *   or 100,000), times how much it is content rather than chat (lexicon), times its sentence
 *   (asking sentences count fully, context sentences of a long message less);
 * - an item's evidence is the weighted sum of the terms it matches, at the weight of the field they
 *   are in, plus adjacent word pairs it holds as written; its coverage is the share of the
 *   question's weight that evidence explains, where a content word the index has never seen
 *   ("sổ đỏ", "kết hôn") weighs as much as the rarest word;
 * - the named province lifts its items and damps items of other provinces;
 * - confidence is evidence × coverage: evidence alone answers long messages that mention one rare
 *   word in passing, coverage alone answers short questions of a single common word.
 * The few constants are fitted on data (bench/quality/fit.ts) and listed in DEFAULT_PARAMS.
 */
import type { AnalyzedQuestion, QueryTerm } from './analyze.js';
import type { IndexedDoc, SearchIndex } from './search-index.js';
import { foldVi, toneKey } from '../text/fold.js';
import { PROVINCES } from '../text/provinces.js';

export interface RankParams {
  /** Weight of the words of a context (non-asking) sentence. */
  context: number;
  /** How much context sentences count in coverage, against the asking ones (0: not at all). */
  contextCoverage: number;
  /** Weight of an adjacent word pair found as written, against its words'. */
  pair: number;
  /** Items of the named province: evidence × (1 + boost). */
  provinceBoost: number;
  /** Items of another province keep this share of their evidence. */
  provinceDamp: number;
  /** When a question names a place and a kind ("lớp … ở Huế"), items of other kinds keep this share. */
  kindDamp: number;
  /** Evidence × coverage^coverageExponent an item needs to be the answer. */
  gate: number;
  /** How much more coverage counts than evidence in the confidence. */
  coverageExponent: number;
  /**
   * Share of the confidence lost when the item does not match the question's key word (the most
   * informative content word of the asking sentences: "kết hôn", "sổ đỏ", "A1"): the item answers
   * something near the question, not the question.
   */
  missingVeto: number;
  /** Items above this share of the gate are offered as "did you mean". */
  suggestShare: number;
  /** A word typed with accents, matched only by a differently accented one, keeps this share. */
  accentMiss: number;
  /** A synonym from the phrase table counts this much of the user's own words. */
  synonym: number;
  /** A typo neighbour counts this much. */
  typo: number;
  /** A chat-looking word counts fully when the content uses it with its neighbour this often. */
  collocation: number;
}

export const DEFAULT_PARAMS: RankParams = {
  context: 0.4,
  contextCoverage: 0,
  pair: 0.25,
  provinceBoost: 0.6,
  provinceDamp: 0.2,
  kindDamp: 0.3,
  gate: 0.236,
  coverageExponent: 2,
  missingVeto: 0,
  suggestShare: 0.5,
  accentMiss: 0.5,
  synonym: 0.9,
  typo: 0.8,
  collocation: 0.5,
};

export interface Ranked {
  doc: IndexedDoc;
  /** Evidence after the province factor: what orders items. */
  score: number;
  /** score × coverage: what decides whether to answer. */
  confidence: number;
}

export interface RankOptions {
  kinds?: readonly string[];
  provinceCode?: string;
  limit?: number;
}

/** What a district or commune name weighs against a content word. */
const PLACE_NAME_SHARE = 0.5;
/** A question word matched only as a syllable of the item's province name keeps this share. */
const PLACE_WORD_SHARE = 0.2;
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

/** Field weight of tags (search-index.ts): a pair found this high or higher names something. */
const NAMING_FIELD = 0.8;
/** How many candidates get the exact-accent check. */
const RESCORED = 24;
/** Words found in more than this share of items are not used to find candidates. */
const SEED_SHARE = 0.05;
const SEED_MIN = 2000;

interface Alt {
  /** Per token: its term ids with a discount (typo neighbours), and its scaled IDF. */
  tokens: { ids: { term: number; discount: number }[]; idf: number }[];
  discount: number;
}

interface Plan {
  term: QueryTerm;
  alts: Alt[];
  weight: number;
  idf: number;
}

/** What each word of the question weighs, and which of them an item matched: for people, not for ranking. */
export interface Explanation {
  terms: { words: string; weight: number; idf: number }[];
  items: { id: string; score: number; confidence: number; matched: string[] }[];
}

export function explainQuestion(index: SearchIndex, analysis: AnalyzedQuestion, params: RankParams, ranked: Ranked[]): Explanation {
  const n = Math.max(1, index.size);
  const maxIdf = idfOf(0, n);
  const plans = analysis.terms.map((term) => planTerm(index, term, params, (df) => idfOf(df, n) / maxIdf));
  rescueCollocations(index, plans, params);
  for (const p of plans) p.weight = p.term.lexical * (p.term.emphasis ?? 1) * (p.term.asking ? 1 : params.context);
  const slots = Int32Array.from(ranked.map((r) => index.slotOf(r.doc.id)));
  const order = [...slots.keys()].sort((a, b) => slots[a]! - slots[b]!);
  const sorted = Int32Array.from(order.map((i) => slots[i]!));
  const matches = plans.map((p) => matchTerm(index, p, sorted, params));
  return {
    terms: plans.map((p) => ({ words: p.term.alternatives[0]!.join(' '), weight: round(p.weight), idf: round(p.idf) })),
    items: ranked.map((r, i) => {
      const at = order.indexOf(i);
      return { id: r.doc.id, score: round(r.score), confidence: round(r.confidence), matched: plans.filter((_, ti) => matches[ti]![at]! > 0).map((p) => p.term.alternatives[0]!.join(' ')) };
    }),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function rankQuestion(index: SearchIndex, analysis: AnalyzedQuestion, params: RankParams, options: RankOptions = {}): Ranked[] {
  const n = index.size;
  if (n === 0 || analysis.terms.length === 0) return [];
  const maxIdf = idfOf(0, n);
  const idfN = (df: number) => idfOf(df, n) / maxIdf;

  const plans = analysis.terms.map((term) => planTerm(index, term, params, idfN));
  rescueCollocations(index, plans, params);
  for (const p of plans) p.weight = p.term.lexical * (p.term.emphasis ?? 1) * (p.term.asking ? 1 : params.context);
  const pairs = adjacentPairs(index, plans, params);
  const denominator = plans.reduce((s, p) => s + p.weight * p.idf, 0);
  if (denominator <= 0) return [];
  // Coverage is judged on the sentences that ask: a long story that shares words with an item but
  // asks for something else ("…tôm chết hết. Tôi muốn làm đơn đòi bồi thường…") is not answered by it.
  const asking = plans.map((p) => p.term.asking);
  const coverageShare = plans.map((_, i) => (asking[i] ? 1 : params.contextCoverage));
  const askingDenominator = plans.reduce((s, p, i) => s + coverageShare[i]! * p.weight * p.idf, 0);

  const slots = index.candidateSlots(seedTerms(index, plans, n));
  if (slots.length === 0) return [];
  // Words that weigh nothing (chat) are not looked up in the candidates at all.
  const matches = plans.map((p) => (p.weight > 0 ? matchTerm(index, p, slots, params) : new Float32Array(slots.length)));
  const pairWeights = pairs.map((pr) => index.weightsOf(pr.term, slots));

  const provinces = new Set(analysis.provinces.map((p) => p.code));
  if (options.provinceCode) provinces.add(options.provinceCode);
  const kinds = new Set<string>(provinces.size > 0 ? analysis.kinds : []);
  // Per plan: the provinces whose name holds the word ("cần" in Cần Thơ): a lone word matched only
  // as part of the item's province name matched the name. (A province the user named was taken out
  // of the question before this.)
  const placeOf = plans.map((p) => (p.term.span === 1 ? provincesNaming(p.term.alternatives[0]![0]!) : undefined));
  const weightOf = plans.map((p) => p.weight * p.idf);
  // The question's key word: the most informative content word of the sentences that ask.
  let key = -1;
  plans.forEach((p, ti) => {
    if (asking[ti] && !p.term.place && p.term.lexical >= 0.5 && (key < 0 || p.idf * p.term.lexical > plans[key]!.idf * plans[key]!.term.lexical)) key = ti;
  });
  const rareMiss = plans.map((_, ti) => ti === key);
  const m = slots.length;
  const evidenceOf = new Float64Array(m);
  const askingOf = new Float64Array(m);
  const rankOf = new Float64Array(m).fill(-1);
  const missingOf = new Uint8Array(m);
  for (let ci = 0; ci < m; ci++) {
    const doc = index.docAt(slots[ci]!);
    if (!doc || (options.kinds && !options.kinds.includes(doc.kind))) continue;
    let evidence = 0;
    let askingEvidence = 0;
    for (let ti = 0; ti < plans.length; ti++) {
      const mt = matches[ti]![ci]!;
      if (mt === 0) {
        if (rareMiss[ti]) missingOf[ci] = 1;
        continue;
      }
      const inName = placeOf[ti] !== undefined && doc.provinceCode !== undefined && placeOf[ti]!.has(doc.provinceCode);
      const e = weightOf[ti]! * mt * (inName ? PLACE_WORD_SHARE : 1);
      evidence += e;
      askingEvidence += e * coverageShare[ti]!;
    }
    for (let pi = 0; pi < pairs.length; pi++) {
      const e = params.pair * pairs[pi]!.weight * pairs[pi]!.idf * pairWeights[pi]![ci]!;
      evidence += e;
      askingEvidence += e * pairs[pi]!.coverageShare;
    }
    // National items (no province) apply everywhere: half the lift of an item in the province named.
    let factor = provinces.size === 0 ? 1 : !doc.provinceCode ? 1 + params.provinceBoost / 2 : provinces.has(doc.provinceCode) ? 1 + params.provinceBoost : params.provinceDamp;
    if (kinds.size > 0 && !kinds.has(doc.kind)) factor *= params.kindDamp;
    evidenceOf[ci] = evidence;
    askingOf[ci] = askingEvidence;
    rankOf[ci] = evidence * factor;
  }
  const scored = topIndices(rankOf, RESCORED).map((ci) => {
    const doc = index.docAt(slots[ci]!)!;
    const factor = rankOf[ci]! / Math.max(evidenceOf[ci]!, 1e-12);
    return { ci, doc, evidence: evidenceOf[ci]!, askingEvidence: askingOf[ci]!, factor: evidenceOf[ci]! > 0 ? factor : 1, missing: missingOf[ci] === 1 };
  });
  const top = scored;
  for (const s of top) {
    const penalty = accentPenalty(plans, matches, s.ci, s.doc, params);
    s.evidence -= penalty.all;
    s.askingEvidence -= penalty.asking;
  }
  return top
    .map(({ doc, evidence, askingEvidence, factor, missing }) => {
      const score = evidence * factor;
      const coverage = askingDenominator > 0 ? Math.min(1, askingEvidence / askingDenominator) : Math.min(1, evidence / denominator);
      return { doc, score, confidence: score * coverage ** params.coverageExponent * (missing ? 1 - params.missingVeto : 1) };
    })
    .sort((a, b) => b.score - a.score || (a.doc.id < b.doc.id ? -1 : 1))
    .slice(0, options.limit ?? 10);
}

/** Positions of the k largest values (ignoring negatives), without sorting them all. */
function topIndices(values: Float64Array, k: number): number[] {
  const out: number[] = [];
  let floor = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || (out.length >= k && v <= floor)) continue;
    out.push(i);
    if (out.length >= k * 4) {
      out.sort((a, b) => values[b]! - values[a]!);
      out.length = k;
      floor = values[out[k - 1]!]!;
    }
  }
  return out.sort((a, b) => values[b]! - values[a]!).slice(0, k);
}

function idfOf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function planTerm(index: SearchIndex, term: QueryTerm, params: RankParams, idfN: (df: number) => number): Plan {
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
  // Typed with accents the content never uses ("hôn" where it has "hơn"): the folded matches are
  // other words, so they do not count, and the word weighs as one the content does not know.
  if (term.typed && !index.hasAccented(term.typed)) {
    for (const alt of alts) alt.discount = 0;
    return { term, alts, weight: 0, idf: term.lexical >= 0.5 ? 1 : 0 };
  }
  const known = alts.filter((a) => a.tokens.every((t) => t.ids.length > 0));
  const meanIdf = (a: Alt) => a.tokens.reduce((s, t) => s + t.idf, 0) / Math.max(1, a.tokens.length);
  // A district or commune name: where items are, not what is asked; unknown, it misses nothing.
  if (term.place) return { term, alts, weight: 0, idf: known.length > 0 ? meanIdf(known[0]!) * PLACE_NAME_SHARE : 0 };
  // A concept weighs what its likeliest known phrasing weighs; never seen at all, what the rarest word weighs.
  // A word the content never uses is a missed concept only if it is likely content, not chat.
  // A phrase from the domain table names a concept: it weighs what its most specific phrasing weighs.
  const conceptIdf = known.length > 0 ? meanIdf(known[0]!) : 0;
  const idf = known.length > 0 ? conceptIdf : term.lexical >= 0.5 ? meanIdf(alts[0]!) : 0;
  return { term, alts, weight: 0, idf };
}

/** A word the content never uses: as informative as the rarest word, unless it is a small number. */
function unknownIdf(word: string): number {
  return /^\d{1,2}$/.test(word) || word.length < 2 ? 0 : 1;
}

/**
 * "da giày", "hội chợ", "buổi tối": a word the lexicon thinks is chat counts fully when the content
 * uses it with its neighbour as a collocation (the pair explains that share of the rarer word's uses).
 */
function rescueCollocations(index: SearchIndex, plans: Plan[], params: RankParams): void {
  for (let i = 0; i + 1 < plans.length; i++) {
    const a = plans[i]!.term;
    const b = plans[i + 1]!.term;
    if (a.phrase || b.phrase || a.at + a.span !== b.at || (a.lexical >= 1 && b.lexical >= 1)) continue;
    const wa = a.alternatives[0]![0]!;
    const wb = b.alternatives[0]![0]!;
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

interface Pair {
  term: number;
  weight: number;
  idf: number;
  /** Counts in coverage as its words do (both asking: fully). */
  coverageShare: number;
}

function adjacentPairs(index: SearchIndex, plans: Plan[], params: RankParams): Pair[] {
  const out: Pair[] = [];
  const n = index.size;
  const maxIdf = idfOf(0, n);
  for (let i = 0; i + 1 < plans.length; i++) {
    const a = plans[i]!;
    const b = plans[i + 1]!;
    if (a.term.span !== 1 || b.term.span !== 1 || a.term.at + 1 !== b.term.at) continue;
    const term = index.pairTerm(a.term.alternatives[0]![0]!, b.term.alternatives[0]![0]!);
    const df = index.df(term);
    const weight = Math.min(a.weight, b.weight);
    const coverageShare = a.term.asking && b.term.asking ? 1 : params.contextCoverage;
    if (df > 0 && weight > 0) out.push({ term, weight, idf: idfOf(df, n) / maxIdf, coverageShare });
  }
  return out;
}

/** Words that find candidates: every informative word of the question that is selective enough. */
function seedTerms(index: SearchIndex, plans: Plan[], n: number): number[] {
  const all = new Set<number>();
  for (const p of plans) {
    if (p.weight <= 0) continue;
    for (const alt of p.alts) {
      // A phrasing of several words needs all of them: its rarest word alone finds it.
      const tokens = alt.tokens.length === 1 ? alt.tokens : [alt.tokens.reduce((r, t) => (t.idf > r.idf ? t : r))];
      for (const t of tokens) for (const { term } of t.ids) if (term >= 0) all.add(term);
    }
  }
  const limit = Math.max(SEED_MIN, Math.floor(n * SEED_SHARE));
  const selective = [...all].filter((t) => index.df(t) <= limit);
  if (selective.length > 0 || all.size === 0) return selective;
  return [[...all].sort((a, b) => index.df(a) - index.df(b))[0]!];
}

/** Per candidate, how well the term is matched (0..1): its best phrasing, all of whose words are there. */
function matchTerm(index: SearchIndex, plan: Plan, slots: Int32Array, params: RankParams): Float32Array {
  const out = new Float32Array(slots.length);
  for (const alt of plan.alts) {
    const perToken = alt.tokens.map((t) => {
      const best = new Float32Array(slots.length);
      for (const { term, discount } of t.ids) {
        const w = index.weightsOf(term, slots);
        for (let i = 0; i < slots.length; i++) best[i] = Math.max(best[i]!, w[i]! * discount);
      }
      return best;
    });
    for (let i = 0; i < slots.length; i++) {
      let sum = 0;
      let all = true;
      for (const w of perToken) {
        if (w[i]! <= 0) all = false;
        sum += w[i]!;
      }
      if (all && perToken.length > 0) out[i] = Math.max(out[i]!, (sum / perToken.length) * alt.discount);
    }
  }
  void params;
  return out;
}

/** Evidence to take back where a word typed with accents matched only a differently accented word. */
function accentPenalty(plans: Plan[], matches: Float32Array[], ci: number, doc: IndexedDoc, params: RankParams): { all: number; asking: number } {
  const penalty = { all: 0, asking: 0 };
  let words: Set<string> | undefined;
  for (let ti = 0; ti < plans.length; ti++) {
    const p = plans[ti]!;
    const m = matches[ti]![ci]!;
    if (!p.term.typed || m <= 0) continue;
    words ??= new Set(doc.accented.split(' '));
    const typed = toneKey(p.term.typed);
    if (words.has(typed)) continue;
    const folded = foldVi(p.term.typed);
    const otherAccent = [...words].some((w) => w !== typed && foldVi(w) === folded);
    if (!otherAccent) continue;
    const lost = p.weight * p.idf * m * (1 - params.accentMiss);
    penalty.all += lost;
    penalty.asking += lost * (p.term.asking ? 1 : params.contextCoverage);
  }
  return penalty;
}
