/**
 * Builds src/text/kind-words.json: how much each word of a question leans it towards each kind of
 * item, learnt from the in-scope questions of the hand-written question sets
 * (bench/quality/kind-words.ts; the engine reads it in src/engine/kind-prior.ts). Rebuild after
 * adding question sets or changing how questions are read:
 *
 *   node --import tsx scripts/build-kind-words.ts
 *
 * Sets kept for validation, generated sets and this round's blind sets are left out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKindTable, countKinds, type KindCounts } from '../bench/quality/kind-words.js';
import { forEachTableSet } from '../bench/quality/learnt-tables.js';

const perSet: KindCounts[] = [];
const used = await forEachTableSet(async (set) => void perSet.push(await countKinds(set)));
const table = buildKindTable(perSet);
const out = join(import.meta.dirname, '../src/text/kind-words.json');
writeFileSync(out, JSON.stringify({ sets: used, ...table }) + '\n');
console.log(`${Object.keys(table.words).length} words from ${perSet.length} sets → ${out}`);
