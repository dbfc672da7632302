/**
 * Debug aid: how the engine reads a question on the configured store — its intent, each word's
 * weight and IDF, the items ranked with the words they matched, and the answer given.
 *   DATA_DIR=... node --import tsx scripts/explain.ts "question" ["question" ...]
 * (bench/quality/explain.ts does the same on a question set's content.)
 */
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/store/index.js';
import { AnswerEngine } from '../src/engine/engine.js';
import { DEFAULT_PARAMS, explainQuestion, rankQuestion } from '../src/engine/ranker.js';

const config = loadConfig();
const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI });
const engine = new AnswerEngine(store);
await engine.load();
for (const q of process.argv.slice(2)) {
  const { intent, analysis } = engine.understand(q);
  const ranked = rankQuestion(engine.index, analysis, DEFAULT_PARAMS, { limit: 5 });
  const e = explainQuestion(engine.index, analysis, DEFAULT_PARAMS, ranked);
  console.log(`\n${q}\n  intent: ${intent} · provinces: ${analysis.provinces.map((p) => p.shortName).join(', ') || '-'}`);
  console.log('  terms: ' + e.terms.map((t) => `${t.words}[w${t.weight} i${t.idf}]`).join(' '));
  for (const it of e.items) console.log(`  ${it.id} score ${it.score} conf ${it.confidence}: ${it.matched.join(', ')}`);
  const answer = await engine.ask(q);
  console.log(`  answer: ${answer.results.map((r) => r.id).join(', ') || '-'} · suggestions: ${answer.suggestions.map((r) => r.id).join(', ') || '-'}`);
}
await store.close();
