/**
 * Builds src/text/aside-words.json: for each one-syllable word of the in-scope questions of the
 * hand-written question sets (bench/quality), how many questions hold it and in how many of them the
 * right item lacks it. People write around what they ask ("em ở Cầu Kè", "nhà em nghèo", "học xong
 * đi làm"); a word the right answer seldom holds says little about which item answers, and its
 * absence from an item says little against it. The engine weighs such words down (lexicon.ts
 * `asideShare`, query-plan.ts).
 *
 * Built with the current engine, the learnt tables left out, so a rebuild does not feed on itself. Rebuild after changing what a term matches (synonyms, folding, fields):
 *
 *   node --import tsx scripts/build-aside-words.ts
 *
 * Sets kept for validation are left out so that what they measure stays out of sample.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countAsides, formatAsides, type AsideCounts } from '../bench/quality/aside-words.js';
import { forEachTableSet } from '../bench/quality/learnt-tables.js';

const counts: AsideCounts = new Map();
const used = await forEachTableSet((set) => void countAsides(set, counts));
const out = join(import.meta.dirname, '../src/text/aside-words.json');
writeFileSync(out, JSON.stringify({ sets: used, words: formatAsides(counts) }) + '\n');
console.log(`${counts.size} words from ${used.length} sets → ${out}`);
