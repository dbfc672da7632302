/**
 * What the question asks beyond the item's name. "Lớp điện lạnh ở Điện Bàn học phí bao nhiêu" and
 * "… học ca sáng hay ca tối" name the same course; the first asks what it gives (its fee), the second
 * what it does not. The words that name an item's title say which item is meant, not what is asked of
 * it: of the asking sentence's other content words, the share (by weight and IDF, as key-miss.ts
 * weighs them) the item does not hold. 0 when it holds them all or the question asks nothing beyond
 * the name.
 */
import { KEY_WEIGHT, keyMass } from './key-miss.js';
import type { Plan } from './query-plan.js';
import type { RankParams } from './rank-params.js';

/** Per candidate and its title's words, the share of the question's words beyond the title it misses. */
export function beyondTitleMissOf(plans: readonly Plan[], matches: readonly Float32Array[], params: RankParams): (candidate: number, titleWords: ReadonlySet<string>) => number {
  const keys: { ti: number; mass: number; words: readonly string[][] }[] = [];
  plans.forEach((p, ti) => {
    if (p.term.place || p.term.value || !p.term.asking || p.weight < KEY_WEIGHT || p.idf <= 0) return;
    keys.push({ ti, mass: keyMass(p, params), words: p.term.alternatives });
  });
  if (keys.length === 0) return () => 0;
  return (candidate, titleWords) => {
    let all = 0;
    let missed = 0;
    for (const k of keys) {
      if (k.words.some((alt) => alt.every((w) => titleWords.has(w)))) continue;
      all += k.mass;
      if (matches[k.ti]![candidate] === 0) missed += k.mass;
    }
    return all > 0 ? missed / all : 0;
  };
}
