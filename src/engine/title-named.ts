/**
 * How much of an item's title the question names. People ask for a thing by its name ("lớp may công
 * nghiệp", "hết chỗ thì sao"); an item reached only through the question's other words (the place,
 * "lớp", "học", "hỗ trợ") is a weaker answer, and one the question names nearly word for word a
 * surer one, and of two FAQs alike the one whose question is asked the better answer. The ranker
 * scales an item's score by e^(titleRank × (share − titleCentre)) and its confidence, further, by
 * e^(titleLift × (share − titleCentre)) (RankParams). Unlike the learnt tables it needs no data
 * beyond the content, so it holds on content never seen.
 */
import type { AnalyzedQuestion } from './analyze.js';
import { idfOf } from './query-plan.js';
import type { IndexedDoc } from './index-image.js';
import type { SearchIndex } from './search-index.js';

/** Every word the question says, in every reading (a shorthand's meanings, a phrase's synonyms), places included. */
export function saidWords(analysis: AnalyzedQuestion): Set<string> {
  const said = new Set<string>(analysis.tokens);
  for (const t of analysis.terms) for (const alt of t.alternatives) for (const w of alt) said.add(w);
  return said;
}

/**
 * The share of the title's words, each weighed by its IDF up to `wordCap`, that the question says
 * (0 to 1). The cap: a rare detail of a long title ("hàn MIG/MAG cho thợ đóng tàu") counts no more
 * than an ordinary content word, so "lớp hàn" still names the welding course.
 */
export function titleNamed(index: SearchIndex, doc: IndexedDoc, said: ReadonlySet<string>, wordCap = 1): number {
  const n = index.size;
  const maxIdf = idfOf(0, n);
  let have = 0;
  let all = 0;
  for (const w of new Set(doc.titleFolded.split(' '))) {
    const df = index.df(index.termId(w));
    if (df <= 0) continue;
    const idf = Math.min(wordCap, idfOf(df, n) / maxIdf);
    all += idf;
    if (said.has(w)) have += idf;
  }
  return all > 0 ? have / all : 0;
}
