/**
 * The decision to answer, as one formula the ranker and the bench that fits it share. What is known
 * of the best item becomes a log-linear confidence:
 *
 *   confidence = score^scoreExponent × coverage^coverageExponent
 *              × e^(−offTopic × leaning)         when the wording leans out of scope (leaning > 0),
 *                e^(−inScopeLift × leaning)      when it leans to questions the content answers,
 *              × e^(titleLift × (titleShare − titleCentre))
 *              × kindFactor^kindConfidence       the factor the kind asked puts on the item (≤ 1);
 *              × e^(keyMiss × (keyMissCentre − keyMissed))   the question's key word missed (key-miss.ts);
 *              × e^(−beyondTitle × beyondMissed)  what is asked beyond its title, missed (beyond-title.ts);
 *              × e^(margin × lead)               for the best item only: its lead on the topic over
 *                                                the others (ranker.ts, leadOf);
 *
 * and the engine answers when it reaches `gate`. Its ten constants are fitted together on the
 * hand-written sets (bench/quality/fit-decision.ts), the learnt tables left out set by set; the two
 * centres (titleCentre, keyMissCentre) are chosen apart, on grids.
 */
import type { RankParams } from './rank-params.js';

/** What the ranker knows of one item for the question, before the runner-up is known. */
export interface ConfidenceParts {
  /** Evidence after the province and kind factors (what orders items). */
  score: number;
  /** The share of the question's weight it explains (0 to 1). */
  coverage: number;
  /** The share of its title the question names (title-named.ts, 0 to 1). */
  titleShare: number;
  /** The factor the kind asked puts on it (ranker.ts: kindDamp, kindLean), 0 to 1. */
  kindFactor: number;
  /** The heaviest content word it misses, as a share of the heaviest of the question (key-miss.ts, 0 to 1). */
  keyMissed: number;
  /** The share of what is asked beyond its title that it misses (beyond-title.ts, 0 to 1). */
  beyondMissed: number;
}

type DecisionParams = Pick<RankParams, 'scoreExponent' | 'coverageExponent' | 'offTopic' | 'inScopeLift' | 'titleLift' | 'titleCentre' | 'kindConfidence' | 'keyMiss' | 'keyMissCentre' | 'beyondTitle'>;

/** The factor the question's wording puts on every item (off-topic.ts's leaning: > 0 out of scope). */
export function leaningFactor(leaning: number, params: Pick<RankParams, 'offTopic' | 'inScopeLift'>): number {
  return Math.exp(leaning > 0 ? -params.offTopic * leaning : -params.inScopeLift * leaning);
}

/** The title's factor (it decides whether to answer; suggestions are judged without it). */
export function titleFactor(titleShare: number, params: Pick<RankParams, 'titleLift' | 'titleCentre'>): number {
  return params.titleLift > 0 ? Math.exp(params.titleLift * (titleShare - params.titleCentre)) : 1;
}

/** The key word's factor (like the title's, it decides whether to answer; suggestions are judged without it). */
export function keyMissFactor(keyMissed: number, params: Pick<RankParams, 'keyMiss' | 'keyMissCentre'>): number {
  return params.keyMiss > 0 ? Math.exp(params.keyMiss * (params.keyMissCentre - keyMissed)) : 1;
}

/** What the question asks beyond the item's title, missed (like the key word's, it decides whether to answer only). */
export function beyondTitleFactor(beyondMissed: number, params: Pick<RankParams, 'beyondTitle'>): number {
  return params.beyondTitle > 0 ? Math.exp(-params.beyondTitle * beyondMissed) : 1;
}

/** Confidence without the lead (every ranked item has one; the best is then raised by `withLead`). */
export function confidenceOf(parts: ConfidenceParts, leaning: number, params: DecisionParams): number {
  if (parts.score <= 0 || parts.coverage <= 0) return 0;
  return parts.score ** params.scoreExponent * parts.coverage ** params.coverageExponent * leaningFactor(leaning, params) * titleFactor(parts.titleShare, params) * parts.kindFactor ** params.kindConfidence * keyMissFactor(parts.keyMissed, params) * beyondTitleFactor(parts.beyondMissed, params);
}

/** The best item's confidence raised by its lead on the topic (0 to 1: 1 − the best other's / its own). */
export function withLead(confidence: number, lead: number, params: Pick<RankParams, 'margin'>): number {
  return params.margin > 0 ? confidence * Math.exp(params.margin * lead) : confidence;
}
