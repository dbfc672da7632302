/**
 * Asking a loaded set's questions of its engine and counting the outcome: in-scope questions whose
 * first result is a right item, out-of-scope ones that got a result, and both per category. The
 * scorer (score.ts) and the left-out-set bench (loso.ts) count alike through it.
 */
import type { Answer } from '../../src/engine/engine.js';
import type { LoadedSet, Question } from './sets.js';

export interface SetScore {
  right: number;
  inScope: number;
  answeredOut: number;
  outOfScope: number;
  /** Per category: questions, and those right (in scope) or refused (out of scope). */
  byCategory: Map<string, { n: number; ok: number }>;
}

/** A question the engine got wrong: an in-scope one not answered with a right item, or an out-of-scope one answered. */
export type OnWrong = (question: Question, answer: Answer) => void;

export async function scoreSet(set: LoadedSet, onWrong?: OnWrong): Promise<SetScore> {
  const score: SetScore = { right: 0, inScope: 0, answeredOut: 0, outOfScope: 0, byCategory: new Map() };
  for (const question of set.questions) {
    const answer = await set.engine.ask(question.q);
    const top = answer.results[0];
    const category = score.byCategory.get(question.category) ?? { n: 0, ok: 0 };
    category.n++;
    score.byCategory.set(question.category, category);
    const ok = question.expect.length === 0 ? !top : top !== undefined && question.expect.includes(top.id);
    if (question.expect.length === 0) {
      score.outOfScope++;
      if (top) score.answeredOut++;
    } else {
      score.inScope++;
      if (ok) score.right++;
    }
    if (ok) category.ok++;
    else onWrong?.(question, answer);
  }
  return score;
}
