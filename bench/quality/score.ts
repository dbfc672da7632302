/**
 * Scores the engine on the known question sets in-process and prints misses and per-category figures.
 *
 *   node --import tsx bench/quality/score.ts [SET ...] [--misses]
 */
import { KNOWN_SETS, loadKnownSet, type SetName } from './sets.js';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const names = (args.filter((a) => !a.startsWith('--')) as SetName[]).filter((n) => n in KNOWN_SETS);

for (const name of names.length > 0 ? names : (['eval-pack', 'eval'] as SetName[])) {
  const set = await loadKnownSet(name);
  if (!set) {
    console.log(`${name}: files not found, skipped`);
    continue;
  }
  const byCat = new Map<string, { n: number; ok: number }>();
  let inScope = 0;
  let right = 0;
  let oos = 0;
  let answered = 0;
  for (const { expect, q, category } of set.questions) {
    const answer = await set.engine.ask(q);
    const top = answer.results[0];
    const c = byCat.get(category) ?? { n: 0, ok: 0 };
    c.n++;
    if (expect.length === 0) {
      oos++;
      if (top) {
        answered++;
        if (showMisses) console.log(`  OOS answered [${category}] "${q}" → ${top.id} (${top.score})`);
      } else c.ok++;
    } else {
      inScope++;
      if (top && expect.includes(top.id)) {
        right++;
        c.ok++;
      } else if (showMisses) {
        const sug = answer.suggestions.map((s) => `${s.id}(${s.score})`).join(', ');
        console.log(`  miss [${category}] "${q}": want ${expect.join('|')}, got ${top ? `${top.id} (${top.score})` : 'nothing'}${sug ? ` · suggested ${sug}` : ''}`);
      }
    }
    byCat.set(category, c);
  }
  const cats = [...byCat].map(([k, v]) => `${k} ${v.ok}/${v.n}`).join(' · ');
  console.log(`${name}: top-1 ${right}/${inScope} (${((100 * right) / Math.max(1, inScope)).toFixed(1)} %) · out-of-scope answered ${answered}/${oos}\n  ${cats}`);
  await set.close();
}
