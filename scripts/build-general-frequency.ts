/**
 * Builds src/text/general-frequency.json: in how many of a general dictionary's definitions and
 * examples (the @vntk/dictionary package, about 42,000 senses) each syllable appears, accented (as
 * `toneKey`) and folded. The engine reads it to tell an everyday word ("lấy", "đúng", "chuyển") from
 * a word that names a topic ("bún", "cước", "hưu") when the content never uses either; see
 * src/text/general-frequency.ts.
 *
 *   node --import tsx scripts/build-general-frequency.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { foldVi, toneKey } from '../src/text/fold.js';

type Sense = { definition?: string; example?: string };
const packageDir = dirname(createRequire(import.meta.url).resolve('@vntk/dictionary/package.json'));
const definitions = JSON.parse(readFileSync(join(packageDir, 'data/dictionary.json'), 'utf8')) as Record<string, Sense[]>;

const accented = new Map<string, number>();
const folded = new Map<string, number>();
let senses = 0;
for (const list of Object.values(definitions)) {
  for (const sense of list) {
    senses++;
    const words = new Set(`${sense.definition ?? ''} ${sense.example ?? ''}`.normalize('NFC').toLowerCase().split(/[^\p{L}]+/u).filter(Boolean));
    const foldedWords = new Set<string>();
    for (const w of words) {
      const key = toneKey(w);
      accented.set(key, (accented.get(key) ?? 0) + 1);
      foldedWords.add(foldVi(w));
    }
    for (const f of foldedWords) folded.set(f, (folded.get(f) ?? 0) + 1);
  }
}
// Once-seen words are mostly names and typos of the examples: not kept (they read as rare anyway).
const lines = (m: Map<string, number>) => [...m.entries()].filter(([, n]) => n > 1).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([w, n]) => `${w}\t${n}`).join('\n');
const out = join(import.meta.dirname, '../src/text/general-frequency.json');
writeFileSync(out, JSON.stringify({ source: '@vntk/dictionary data/dictionary.json', documents: senses, accented: lines(accented), folded: lines(folded) }) + '\n');
console.log(`${senses} senses; ${accented.size} accented and ${folded.size} folded syllables → ${out}`);
