/**
 * Answer-quality check on hand-written question sets beyond ../shared/eval: each set is a corpus
 * (files or folders, as `nghebot import` takes them) and a TSV of `expected-id<TAB>question`, where
 * the expected id may list alternatives separated by "|" and "-" means out of scope (no item may
 * be given). Imports the corpus into a fresh embedded store, asks every question through the
 * engine, prints the misses and the figures. A set whose corpus is absent is skipped.
 *
 *   npm run bench:quality
 *
 * These sets guard against regressions while the engine changes; they are not a target to tune
 * rules to one question at a time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPaths } from '../src/content/import.js';
import { AnswerEngine } from '../src/engine/engine.js';
import { openEmbeddedStore } from '../src/store/sqlite.js';

const ROOT = join(import.meta.dirname, '..');
const SETS = [
  { name: 'content pack', corpus: [join(ROOT, 'content')], questions: join(ROOT, 'bench/quality/content-pack.tsv') },
  { name: 'eval corpus', corpus: [join(ROOT, '../shared/eval/corpus.json')], questions: join(ROOT, 'bench/quality/eval-corpus.tsv') },
];

interface Row {
  expect: string;
  q: string;
}

function readQuestions(path: string): Row[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [expect = '', q = ''] = l.split('\t');
      return { expect: expect.trim(), q: q.trim() };
    });
}

async function score(set: (typeof SETS)[number]): Promise<void> {
  if (!set.corpus.every(existsSync)) {
    console.log(`${set.name}: corpus not found, skipped`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-quality-'));
  const store = await openEmbeddedStore(dir);
  try {
    await importPaths(store, set.corpus);
    const engine = new AnswerEngine(store);
    await engine.load();
    let inScope = 0;
    let right = 0;
    let outOfScope = 0;
    let answered = 0;
    for (const { expect, q } of readQuestions(set.questions)) {
      const top = (await engine.ask(q)).results[0]?.id;
      if (expect === '-') {
        outOfScope++;
        if (top) {
          answered++;
          console.log(`  ${set.name}: answered out-of-scope "${q}" with ${top}`);
        }
      } else {
        inScope++;
        if (top && expect.split('|').includes(top)) right++;
        else console.log(`  ${set.name}: "${q}": want ${expect}, got ${top ?? 'nothing'}`);
      }
    }
    const pct = (100 * right) / Math.max(1, inScope);
    console.log(`${set.name}: top-1 ${right}/${inScope} (${pct.toFixed(1)} %), out-of-scope answered ${answered}/${outOfScope}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const set of SETS) await score(set);
