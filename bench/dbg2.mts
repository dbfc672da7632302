import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
import { importPaths } from '../src/content/import.js';
import { AnswerEngine } from '../src/engine/engine.js';
import { openEmbeddedStore } from '../src/store/sqlite.js';
const store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'x-')));
await importPaths(store, [process.argv[2]!]);
const engine = new AnswerEngine(store); await engine.load();
for (const q of process.argv.slice(3)) {
  const a = await engine.ask(q);
  console.log(q, '|', a.intent, JSON.stringify(a.results.map(r=>[r.id,r.score])), 'sugg', JSON.stringify(a.suggestions.map(r=>[r.id,r.score])));
  console.log('  ', JSON.stringify(a.analysis.terms.map(t=>[t.alternatives[0].join(' '),+t.lexical.toFixed(2), t.emphasis ?? 1])));
}
