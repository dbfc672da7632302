/**
 * Shows how the engine reads questions on a set's corpus: each word's weight and IDF, and the items
 * ranked with the words they matched.
 *
 *   node --import tsx bench/quality/explain.ts SET "question" ["question" ...]
 */
import { DEFAULT_PARAMS, explainQuestion, rankQuestion } from '../../src/engine/ranker.js';
import { loadKnownSet, type SetName } from './sets.js';

const [name, ...questions] = process.argv.slice(2);
const set = await loadKnownSet(name as SetName);
if (!set) throw new Error(`unknown set ${name}`);
for (const q of questions) {
  // Read as the engine reads it: shorthand readings chosen by their neighbours in this content.
  const { analysis } = set.engine.understand(q);
  const ranked = rankQuestion(set.engine.index, analysis, DEFAULT_PARAMS, { limit: Number(process.env.LIMIT ?? 5) });
  const e = explainQuestion(set.engine.index, analysis, DEFAULT_PARAMS, ranked);
  console.log(`\n${q}\n  provinces: ${analysis.provinces.map((p) => p.shortName).join(', ') || '-'}`);
  console.log('  terms: ' + e.terms.map((t) => `${t.words}[w${t.weight} i${t.idf}]`).join(' '));
  for (const it of e.items) console.log(`  ${it.id} score ${it.score} conf ${it.confidence}: ${it.matched.join(', ')}`);
}
await set.close();
