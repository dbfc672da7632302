import { analyzeQuestion } from '../../src/engine/analyze.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { loadKnownSet } from './sets.js';
const set = (await loadKnownSet('eval-pack'))!;
const rows: string[] = [];
for (const q of set.questions) {
  const r = rankQuestion(set.engine.index, analyzeQuestion(q.q), DEFAULT_PARAMS, { limit: 2 });
  const top = r[0];
  const kind = q.expect.length === 0 ? 'OOS' : top && q.expect.includes(top.doc.id) ? 'ok ' : 'bad';
  rows.push(`${(top?.confidence ?? 0).toFixed(3)} ${kind} ${(top?.score ?? 0).toFixed(2)} ${q.category.padEnd(16)} ${q.q.slice(0, 90)}`);
}
rows.sort();
console.log(rows.join('\n'));
await set.close();
