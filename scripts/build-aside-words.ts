/**
 * Builds src/text/aside-words.json: for each one-syllable word of the in-scope questions of the
 * hand-written question sets (bench/quality), how many questions hold it and in how many of them the
 * right item lacks it. People write around what they ask ("em ở Cầu Kè", "nhà em nghèo", "học xong
 * đi làm"); a word the right answer seldom holds says little about which item answers, and its
 * absence from an item says little against it. The engine weighs such words down (lexicon.ts
 * `asideShare`, query-plan.ts).
 *
 * Built with the current engine, the table left out (`asideDamp` 0), so a rebuild does not feed on
 * itself. Rebuild after changing what a term matches (synonyms, folding, fields):
 *
 *   node --import tsx scripts/build-aside-words.ts
 *
 * Sets kept for validation are left out so that what they measure stays out of sample.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countAsides, formatAsides, TABLE_SETS, type AsideCounts } from '../bench/quality/aside-words.js';
import { loadKnownSet } from '../bench/quality/sets.js';

const names = TABLE_SETS;
const counts: AsideCounts = new Map();
const used: string[] = [];
for (const name of names) {
  const set = await loadKnownSet(name);
  if (!set) continue;
  countAsides(set, counts);
  used.push(name);
  await set.close();
}
const out = join(import.meta.dirname, '../src/text/aside-words.json');
writeFileSync(out, JSON.stringify({ sets: used, words: formatAsides(counts) }) + '\n');
console.log(`${counts.size} words from ${used.length} sets → ${out}`);
