/**
 * The ranker's constants, in one place. The decision's ten (scoreExponent, coverageExponent,
 * offTopic, inScopeLift, titleLift, margin, kindConfidence, keyMiss, beyondTitle, gate) are read by
 * bench/quality/fit-decision.ts, which fits them together left out set by set (the first seven were
 * fitted so; kindConfidence was chosen on a grid, as were kindLean, titleCentre, orderByConfidence,
 * synonym, synonymBesideOwn, scattered, serviceYield, toldPlace, topicCover, and on 70 sets context, leadingForgive, provinceDamp and kindDamp, on 73 keyMiss with keyMissCentre, on 79 questionForm, on 79, 85 and 91 beyondTitle with the gate, on 98 bridge (an out-of-scope answer costing eight refusals), each left out set by set); place was fitted by
 * bench/quality/fit.ts (README); the others are fixed by judgement and named here so an experiment
 * can vary them.
 */
export interface RankParams {
  /** Weight of the words of a context (non-asking) sentence. */
  context: number;
  /** How much context sentences count in coverage, against the asking ones (0: not at all). */
  contextCoverage: number;
  /** The province lift and the place's weight when the place is named only in sentences that tell (1: as if asked). */
  toldPlace: number;
  /** Weight of an adjacent word pair found as written, against its heavier word's. */
  pair: number;
  /** Weight of the province named, as a word of the question (its items matching it, national ones half). */
  place: number;
  /** The short list is ordered by score^(1 − this) × confidence^this (0: by score alone). */
  orderByConfidence: number;
  /** Items of the named province: evidence × (1 + boost). */
  provinceBoost: number;
  /** Items of another province keep this share of their evidence. */
  provinceDamp: number;
  /** When a question names a place and a kind ("lớp … ở Huế"), items of other kinds keep this share. */
  kindDamp: number;
  /** Evidence × coverage^coverageExponent an item needs to be the answer. */
  gate: number;
  /** The confidence's power of the score (evidence) and of coverage. */
  scoreExponent: number;
  coverageExponent: number;
  /** Share of a missed word's weight forgiven when it comes from the clauses before the question in its sentence. */
  leadingForgive: number;
  /** The answer's confidence × e^(margin × its lead over the runner-up, as a share of its score). */
  margin: number;
  /**
   * Confidence × (the factor the kind asked puts on the item, kindDamp and kindLean)^this. The score
   * holds that factor already, at scoreExponent: this answers an item of a kind the question does not
   * ask for less readily than it ranks it (a national policy for "the fair in Tây Ninh").
   */
  kindConfidence: number;
  /** Items above this share of the gate are offered as "did you mean". */
  suggestShare: number;
  /** A word typed with accents, matched only by a differently accented one, keeps this share. */
  accentMiss: number;
  /** A synonym from the phrase table counts this much of the user's own words. */
  synonym: number;
  /**
   * And this share of that when some item writes the user's own phrase side by side: those items are
   * what was asked, one that has only a sibling phrase ("thủy sản" for "nuôi tôm") is a fallback.
   */
  synonymBesideOwn: number;
  /** A phrasing of several words found only scattered in an item, where the index can tell (see query-plan.ts `scatterCheck`). */
  scattered: number;
  /** Whether a question about the whole country ("cả nước") lifts national items over provincial ones. */
  nationalScope: boolean;
  /** What the score and confidence of a dated item keep when the question asks about a year none of its dates is in (asked-years.ts). */
  outOfYear: number;
  /** A public service the content lacks yields to an item whose confidence is this many times the gate. */
  serviceYield: number;
  /** Weight of fuse.js's approximate title match over the short list (fuzzy.ts), added to evidence. */
  fuzzy: number;
  /** A typo neighbour counts this much. */
  typo: number;
  /** A chat-looking word counts fully when the content uses it with its neighbour this often. */
  collocation: number;
  /** A word of the language the content never writes is a concept it lacks when a syllable is this rare. */
  compoundRarity: number;
  /**
   * A word the content never uses is a missed topic in full when rare in Vietnamese at large (general
   * IDF at least `rareIdf`), `everydayFloor` of one when common (at most `everydayIdf`).
   */
  everydayFloor: number;
  everydayIdf: number;
  rareIdf: number;
  /**
   * The same ramp for a two-syllable word the content never writes, on the word's general IDF
   * (chosen left out set by set from a small grid, bench/quality; README).
   */
  compoundEverydayIdf: number;
  compoundRareIdf: number;
  /** A one-syllable word weighs 1 − asideDamp × its aside share (lexicon.ts `asideShare`)… */
  asideDamp: number;
  /** …with the share shrunk towards 0 by this many questions. */
  asidePrior: number;
  /** A bridge (bridges.ts) counts this much × its strength of the user's own word. */
  bridge: number;
  /** Items of a kind the question leans away from by L (kind-prior.ts, ≤ 0) keep e^(kindLean × L). */
  kindLean: number;
  /** Every item's confidence × e^(−offTopic × the question's leaning out of scope) (off-topic.ts)… */
  offTopic: number;
  /** …and × e^(inScopeLift × |leaning|) when it leans to questions the content answers. */
  inScopeLift: number;
  /**
   * An answer in the province asked is not one when an item elsewhere scores this many times its
   * score on the question without the place (engine.ts): it answered the place, not the topic.
   */
  topicLead: number;
  /** …and the item there covers less than this share of the question read without the place. */
  topicCover: number;
  /**
   * Confidence × e^(titleLift × (the share of the item's title the question names − titleCentre))
   * (title-named.ts): below the centre an item answered through other words, above it by name.
   */
  titleLift: number;
  titleCentre: number;
  /** A title word counts at most this scaled IDF in that share. */
  titleWordCap: number;
  /** The item's score × e^(titleRank × (the same share − titleCentre)): an item named outranks one alike reached otherwise. */
  titleRank: number;
  /**
   * Confidence × e^(keyMiss × (keyMissCentre − the share of the question's key word the item misses))
   * (key-miss.ts): an item missing the heaviest word asked is answered less readily, one missing none more.
   */
  keyMiss: number;
  keyMissCentre: number;
  /** Confidence × e^(−beyondTitle × the share of the question's words beyond the item's title that it misses) (beyond-title.ts). */
  beyondTitle: number;
  /** An item whose title asks in the message's form (question-form.ts: how, what, where…) scores × e^(questionForm), one asking in another × e^(−questionForm). */
  questionForm: number;
}

export const DEFAULT_PARAMS: RankParams = {
  context: 0.55,
  contextCoverage: 0,
  toldPlace: 0.6,
  pair: 0.25,
  place: 0.5,
  orderByConfidence: 0.1,
  questionForm: 0.2,
  provinceBoost: 0.6,
  provinceDamp: 0.4,
  kindDamp: 0.4,
  gate: 0.5,
  scoreExponent: 0.356,
  coverageExponent: 4.657,
  margin: 2.411,
  kindConfidence: 0.75,
  leadingForgive: 0.3,
  suggestShare: 0.5,
  accentMiss: 0.5,
  synonym: 0.6,
  synonymBesideOwn: 0.55,
  scattered: 0.5,
  nationalScope: true,
  outOfYear: 0.02,
  serviceYield: 80,
  fuzzy: 0.7,
  typo: 0.8,
  collocation: 0.7,
  compoundRarity: 0.3,
  everydayFloor: 0.5,
  everydayIdf: 3.5,
  rareIdf: 6,
  compoundEverydayIdf: 6.5,
  compoundRareIdf: 8.5,
  asideDamp: 0.5,
  asidePrior: 10,
  bridge: 2,
  kindLean: 0.08,
  offTopic: 0.605,
  inScopeLift: 0.237,
  topicLead: 1.5,
  topicCover: 0.7,
  titleLift: 1.742,
  titleCentre: 0.55,
  titleWordCap: 0.3,
  titleRank: 0.3,
  keyMiss: 1,
  keyMissCentre: 0.51,
  beyondTitle: 1,
};

