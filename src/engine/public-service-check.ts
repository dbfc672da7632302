/**
 * Whether a question asks for a public service the content does not cover (see
 * src/text/public-services.ts): then no item answers it, however many words they share, and the
 * reply names the office that does. The content has the last word: a service named in some item's
 * title ("Hỗ trợ thẻ BHYT cho hộ cận nghèo") is in scope, and its questions are ranked as any other.
 * Tags do not count: an enrolment FAQ tagged "căn cước" is about the documents to bring, not about
 * getting one.
 */
import type { AnalyzedQuestion } from './analyze.js';
import { FIELD_WEIGHTS } from './fields.js';
import type { SearchIndex } from './search-index.js';
import { foldVi, toneKey } from '../text/fold.js';
import { askedPublicService, type PublicService, type Words } from '../text/public-services.js';

/**
 * The question's words after shorthand expansion, with the accents typed: each word typed in full
 * with its marks (also inside a phrase: "ưu đãi học" is not "đại học"), and a one-word shorthand's
 * own spelling ("zậy" is not the loan "vay").
 */
function questionWords(analysis: AnalyzedQuestion): Words {
  const typed = analysis.typedKeys.map((key) => key ?? '');
  const asking = analysis.tokens.map(() => false);
  for (const term of analysis.terms) {
    for (let k = 0; k < term.span; k++) asking[term.at + k] = term.asking;
    if (term.span === 1 && term.typed !== undefined && typed[term.at] === '' && term.typed !== foldVi(term.typed)) typed[term.at] = toneKey(term.typed);
  }
  return { folded: analysis.tokens, typed, asking };
}

/** Some item names the phrase in its title: every adjacent pair of its words in one same title. */
function named(index: SearchIndex, phrase: string): boolean {
  const words = foldVi(phrase.normalize('NFC').toLowerCase()).split(/\s+/);
  if (words.length === 1) return index.maxWeight(index.termId(words[0]!)) >= FIELD_WEIGHTS.title;
  const pairs = words.slice(0, -1).map((w, k) => index.pairTerm(w, words[k + 1]!));
  if (pairs.some((pair) => pair < 0 || index.maxWeight(pair) < FIELD_WEIGHTS.title)) return false;
  // "Nhà ở xa thì…", "ở xa", "bảo hiểm xã hội" in three titles do not name "nhà ở xã hội".
  const slots = index.candidateSlots([pairs[0]!]);
  const inTitle = pairs.map((pair) => index.weightsOf(pair, slots));
  for (let i = 0; i < slots.length; i++) if (inTitle.every((w) => w[i]! >= FIELD_WEIGHTS.title)) return true;
  return false;
}

/** The service asked for when the content does not cover it. */
export function serviceOutsideContent(index: SearchIndex, analysis: AnalyzedQuestion): PublicService | undefined {
  const service = askedPublicService(questionWords(analysis));
  if (!service) return undefined;
  return (service.coveredBy ?? service.subjects).some((p) => named(index, p)) ? undefined : service;
}
