/**
 * Builds src/text/off-topic-words.json: how much each word of a question says it asks for something
 * the content does not deal with, learnt from the questions of the hand-written question sets, in
 * and out of scope (bench/quality/off-topic-words.ts; the engine reads it in
 * src/engine/off-topic.ts). Rebuild after adding question sets or changing how questions are read:
 *
 *   node --import tsx scripts/build-off-topic-words.ts
 *
 * Sets kept for validation, generated sets and this round's blind sets are left out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOffTopicTable, countScope, type ScopeCounts } from '../bench/quality/off-topic-words.js';
import { forEachTableSet } from '../bench/quality/learnt-tables.js';

const perSet: ScopeCounts[] = [];
const used = await forEachTableSet((set) => void perSet.push(countScope(set)));
const table = buildOffTopicTable(perSet);
const out = join(import.meta.dirname, '../src/text/off-topic-words.json');
writeFileSync(out, JSON.stringify({ sets: used, ...table }) + '\n');
console.log(`${Object.keys(table.words).length} words from ${perSet.length} sets → ${out}`);
