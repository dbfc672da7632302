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
// Two-syllable words of the language (compounds.json): how many senses use each, as for syllables.
const compounds = JSON.parse(readFileSync(join(import.meta.dirname, '../src/text/compounds.json'), 'utf8')) as { accented: string; folded: string };
const knownPairs = new Set(compounds.accented.split('\n'));
const knownFoldedPairs = new Set(compounds.folded.split('\n'));
const pairs = new Map<string, number>();
const foldedPairs = new Map<string, number>();
const countOnce = (m: Map<string, number>, keys: Set<string>) => keys.forEach((k) => m.set(k, (m.get(k) ?? 0) + 1));
let senses = 0;
for (const list of Object.values(definitions)) {
  for (const sense of list) {
    senses++;
    const text = `${sense.definition ?? ''} ~ ${sense.example ?? ''}`.normalize('NFC').toLowerCase();
    const words = new Set(text.split(/[^\p{L}]+/u).filter(Boolean));
    // Pairs are read within a run of words: not across punctuation or the "~" between examples.
    const senseFoldedPairs = new Set<string>();
    const sensePairs = new Set<string>();
    for (const run of text.split(/[^\p{L} ]+/u)) {
      const ws = run.split(' ').filter(Boolean);
      for (let i = 0; i + 1 < ws.length; i++) {
        const keyed = `${toneKey(ws[i]!)} ${toneKey(ws[i + 1]!)}`;
        const flat = `${foldVi(ws[i]!)} ${foldVi(ws[i + 1]!)}`;
        if (knownPairs.has(keyed)) sensePairs.add(keyed);
        if (knownFoldedPairs.has(flat)) senseFoldedPairs.add(flat);
      }
    }
    countOnce(pairs, sensePairs);
    countOnce(foldedPairs, senseFoldedPairs);
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
writeFileSync(out, JSON.stringify({ source: '@vntk/dictionary data/dictionary.json', documents: senses, accented: lines(accented), folded: lines(folded), pairsAccented: lines(pairs), pairsFolded: lines(foldedPairs) }) + '\n');
console.log(`${senses} senses; ${accented.size} accented and ${folded.size} folded syllables, ${pairs.size} two-syllable words → ${out}`);
