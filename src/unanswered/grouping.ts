/**
 * Which recorded questions are "the same question": compared by the content words the engine's
 * own analysis finds in them (places and chat words left out), so "cho e hoi lop nuoi ong o dau"
 * and "có lớp nuôi ong không ạ" fall together.
 */
import type { AnalyzedQuestion } from '../engine/analyze.js';
import { tokenize } from '../text/fold.js';
import type { QuestionGroup } from './ports.js';

/** Share of the shorter question's words the other must have too, for the two to be grouped. */
export const SAME_QUESTION = 0.6;
/** A term weighs at least this much as content (lexicon) to describe what is asked. */
const CONTENT_WORD = 0.5;

/** Words that introduce the personal data masking took out ("tên", "sđt"): not what is asked. */
const PERSONAL_CUES = ['ten', 'so', 'dien', 'thoai', 'sdt', 'cccd', 'cmnd', 'can', 'cuoc', 'chung', 'minh', 'nhan', 'dan'];

/** The folded content words of a question, sorted; all its words when none stands out. */
export function questionWords(analysis: AnalyzedQuestion): string[] {
  const placeWords = new Set([...analysis.provinces.flatMap((p) => tokenize(p.name)), ...PERSONAL_CUES]);
  const words = new Set<string>();
  for (const term of analysis.terms) {
    if (term.place || term.lexical < CONTENT_WORD) continue;
    for (const w of term.alternatives[0] ?? []) if (!placeWords.has(w)) words.add(w);
  }
  if (words.size === 0) for (const w of analysis.tokens) if (!placeWords.has(w)) words.add(w);
  return [...words].sort();
}

/**
 * How far two questions ask the same: the share of the shorter one's words the other has. A long
 * message ("…, em ở xã X, cho em hỏi lớp nuôi ong") still matches its short form ("lớp nuôi ong").
 * One shared word is enough only between short questions; longer ones must share two.
 */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  const setB = new Set(b);
  const shared = a.filter((w) => setB.has(w)).length;
  if (shared < 2 && Math.max(a.length, b.length) > 2) return 0;
  return shared / Math.min(a.length, b.length);
}

/** The open group closest to `words`, if one is close enough. */
export function closestGroup(words: readonly string[], groups: readonly QuestionGroup[]): QuestionGroup | undefined {
  let best: { group: QuestionGroup; score: number } | undefined;
  for (const group of groups) {
    const score = similarity(words, group.words);
    if (score >= SAME_QUESTION && (!best || score > best.score)) best = { group, score };
  }
  return best?.group;
}
