/**
 * Debug aid: shows how the engine reads a question and which items it considers.
 *   DATA_DIR=... node --import tsx scripts/explain.ts "question"
 */
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/store/index.js';
import { AnswerEngine } from '../src/engine/engine.js';
import { analyzeQuestion } from '../src/engine/analyze.js';
import { detectIntent } from '../src/engine/intents.js';

const config = loadConfig();
const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI });
const engine = new AnswerEngine(store);
await engine.load();
for (const q of process.argv.slice(2)) {
  const a = analyzeQuestion(q);
  console.log('Q:', q, '| intent:', detectIntent(a.folded).intent, '| provinces:', a.provinces.map((p) => p.name).join(','));
  for (const g of a.groups) console.log('  group', g.alternatives.map((x) => x.join(' ')).join(' | '), g.alternatives.map((alt) => alt.map((t) => `${t}:${engine.index.idf(t).toFixed(1)}${engine.index.documentFrequency(t) ? '' : '?'}`).join(' ')).join(' | '));
  const c = engine.index.candidates(a.groups, { limit: 5 });
  for (const x of c) console.log('  cand', x.doc.id, x.coverage.toFixed(3));
  console.log('  results', JSON.stringify((await engine.ask(q)).results));
}
await store.close();
