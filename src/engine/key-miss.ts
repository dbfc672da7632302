/**
 * The question's key word an item misses. Coverage sums what an item misses; one word that weighs
 * most missing says more than its share: "Cái Bè có lớp sửa điện thoại không" and the Cái Bè
 * motorbike-repair course share the place, "lớp" and "sửa", yet not what is asked. The measure:
 * the heaviest content word the item does not match, as a share of the heaviest there is (0: it
 * misses none that weighs; 1: it misses the key word itself). Words of the sentences around the one
 * that asks count at the weight they have there (RankParams.context); places and quoted numbers do
 * not count.
 */
import { isFindable, missedShare, type Plan } from './query-plan.js';
import type { RankParams } from './rank-params.js';

/** Content words lighter than this (chat, asides) are not key words. */
export const KEY_WEIGHT = 0.5;

/**
 * What a content word weighs as a key: its weight × IDF. An everyday word of the language ("mang",
 * "lấy") rare in the content is no key to what is asked: it counts as a word the content never uses
 * does (query-plan.ts, missedShare; that word's IDF holds the share already).
 */
export function keyMass(p: Plan, params: RankParams): number {
  return p.weight * p.idf * (p.alts.some(isFindable) ? missedShare(p.term, params) : 1);
}

/** For a question's plans and their matches (per plan, per candidate), each candidate's key-word miss. */
export function keyMissOf(plans: readonly Plan[], matches: readonly Float32Array[], params: RankParams): (candidate: number) => number {
  const keys: number[] = [];
  plans.forEach((p, ti) => {
    if (!p.term.place && !p.term.value && p.weight >= KEY_WEIGHT && p.idf > 0) keys.push(ti);
  });
  const mass = keys.map((ti) => keyMass(plans[ti]!, params));
  const heaviest = Math.max(0, ...mass);
  if (heaviest <= 0) return () => 0;
  return (candidate) => {
    let missed = 0;
    for (let k = 0; k < keys.length; k++) if (matches[keys[k]!]![candidate] === 0 && mass[k]! > missed) missed = mass[k]!;
    return missed / heaviest;
  };
}
