/**
 * Builds src/text/bridge-words.json: words people ask with that the right item does not write, and
 * the words it writes instead, learnt from the in-scope questions of the hand-written question sets
 * (bench/quality/bridge-words.ts; the engine reads it in src/engine/bridges.ts).
 *
 * Built with the bridges off, so a rebuild does not feed on itself. Rebuild after changing what a
 * term matches (synonyms, folding, fields) or after adding question sets:
 *
 *   node --import tsx scripts/build-bridge-words.ts
 *
 * Sets kept for validation, generated sets and this round's blind sets are left out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBridges, collectBridgeData, type BridgeData } from '../bench/quality/bridge-words.js';
import { forEachTableSet } from '../bench/quality/learnt-tables.js';

const data: BridgeData = { samples: [], vocabulary: new Map() };
const used = await forEachTableSet((set) => collectBridgeData(set, data).then(() => undefined));
const words = buildBridges(data);
const out = join(import.meta.dirname, '../src/text/bridge-words.json');
writeFileSync(out, JSON.stringify({ sets: used, words }) + '\n');
console.log(`${words.split('\n').filter(Boolean).length} bridges from ${data.samples.length} questions of ${used.length} sets → ${out}`);
