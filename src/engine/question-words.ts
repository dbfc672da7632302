/**
 * The words of a question the learnt tables read it by (kind-prior.ts, off-topic.ts): each term's
 * likeliest reading, and with `pairs` each pair of adjacent terms ("tro|cap"), once, at its
 * sentence's weight.
 * Places and quoted numbers are left out: where, or "55 tuổi", says nothing of what is asked, and a
 * number should neither help nor hurt.
 */
import type { QueryTerm } from './analyze.js';

/** A word of a sentence that only tells the writer's story says less about what is asked. */
const CONTEXT_WEIGHT = 0.5;

export function questionWords(terms: readonly QueryTerm[], pairs = false): Map<string, number> {
  const out = new Map<string, number>();
  const add = (word: string, weight: number) => {
    if ((out.get(word) ?? 0) < weight) out.set(word, weight);
  };
  let previous: QueryTerm | undefined;
  for (const t of terms) {
    if (t.place || t.value === true) {
      previous = undefined;
      continue;
    }
    const word = t.alternatives[0]!.join(' ');
    const weight = t.asking ? 1 : CONTEXT_WEIGHT;
    add(word, weight);
    if (pairs && previous && previous.at + previous.span === t.at) add(`${previous.alternatives[0]!.join(' ')}|${word}`, weight);
    previous = t;
  }
  return out;
}
