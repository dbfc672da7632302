/**
 * Whether the best of several results stands clearly ahead of the next: then it is shown, enrolled
 * in or exported alone; otherwise the user picks among them. A share of the best one's score, not a
 * fixed gap: scores move with the content and the learnt tables, and a gap set on one scale flips on
 * another (two welding courses 0.93 and 0.87 apart are a choice, not an answer).
 */
import type { ScoredResult } from './engine.js';

/** The best result leads when the next scores at most this share below it. */
export const CLEAR_LEAD_SHARE = 0.1;

/** True for a single result; for several, when the first leads the second by `share` of its score. */
export function leadsClearly(results: readonly Pick<ScoredResult, 'score'>[], share = CLEAR_LEAD_SHARE): boolean {
  const [top, second] = results;
  if (!top) return false;
  if (!second) return true;
  return top.score > 0 && (top.score - second.score) / top.score >= share;
}
