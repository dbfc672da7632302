/**
 * Scores the engine on the known question sets in-process and prints misses and per-category figures.
 * With floors it is a check: exit 1 when a set answers fewer in-scope questions right than
 * --min-top1 (percent) or more out-of-scope questions than --max-oos (a count), per set as
 * `SET:PCT` / `SET:N` ("--min-top1 eval-pack:85,eval:90").
 *
 *   node --import tsx bench/quality/score.ts [SET ...] [--misses] [--min-top1 …] [--max-oos …]
 */
import { scoreSet } from './set-score.js';
import { KNOWN_SETS, loadKnownSet, type SetName } from './sets.js';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const floors = (flag: string): Map<string, number> => {
  const i = args.indexOf(flag);
  if (i < 0) return new Map();
  const spec = args.splice(i, 2)[1] ?? '';
  return new Map(spec.split(',').map((kv) => [kv.split(':')[0]!, Number(kv.split(':')[1])] as const));
};
const minTop1 = floors('--min-top1');
const maxOos = floors('--max-oos');
const names = (args.filter((a) => !a.startsWith('--')) as SetName[]).filter((n) => n in KNOWN_SETS);
let failed = false;

for (const name of names.length > 0 ? names : (['eval-pack', 'eval'] as SetName[])) {
  const set = await loadKnownSet(name);
  if (!set) {
    console.log(`${name}: files not found, skipped`);
    continue;
  }
  const { right, inScope, answeredOut: answered, outOfScope: oos, byCategory: byCat } = await scoreSet(set, (question, answer) => {
    if (!showMisses) return;
    const { expect, q, category } = question;
    const top = answer.results[0];
    if (expect.length === 0) {
      if (top) console.log(`  OOS answered [${category}] "${q}" → ${top.id} (${top.score})`);
      return;
    }
    const sug = answer.suggestions.map((s) => `${s.id}(${s.score})`).join(', ');
    console.log(`  miss [${category}] "${q}": want ${expect.join('|')}, got ${top ? `${top.id} (${top.score})` : 'nothing'}${sug ? ` · suggested ${sug}` : ''}`);
  });
  const cats = [...byCat].map(([k, v]) => `${k} ${v.ok}/${v.n}`).join(' · ');
  const pct = (100 * right) / Math.max(1, inScope);
  const below = (minTop1.has(name) && pct < minTop1.get(name)!) || (maxOos.has(name) && answered > maxOos.get(name)!);
  if (below) failed = true;
  const verdict = minTop1.has(name) || maxOos.has(name) ? (below ? ' · BELOW THE FLOOR' : ' · ok') : '';
  console.log(`${name}: top-1 ${right}/${inScope} (${pct.toFixed(1)} %) · out-of-scope answered ${answered}/${oos}${verdict}\n  ${cats}`);
  await set.close();
}
if (failed) process.exit(1);
