/**
 * Builds src/text/compounds.json: the two-syllable words of Vietnamese from the Viet74K word list of
 * the @vntk/dictionary package, accented (tone marks where `toneKey` puts them) and folded, each
 * form one string of lines. The engine reads it to tell a word of the language that the content never uses ("kết hôn", "bệnh viện") from two syllables that
 * happen to stand side by side; see src/text/compounds.ts.
 *
 *   node --import tsx scripts/build-compounds.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { foldVi, toneKey } from '../src/text/fold.js';

// The package's entry point loads an 11 MB definitions file; only its word list is read.
const packageDir = dirname(createRequire(import.meta.url).resolve('@vntk/dictionary/package.json'));
const words = new Set<string>();
for (const line of readFileSync(join(packageDir, 'data/Viet74K.txt'), 'utf8').split('\n')) {
  const word = line.trim().normalize('NFC').toLowerCase();
  if (/^\p{L}+ \p{L}+$/u.test(word)) words.add(word);
}
// Stored in the two forms the engine looks up, so loading is a split, not 100k normalisations.
const keyed = [...new Set([...words].map((w) => w.split(' ').map(toneKey).join(' ')))].sort();
const folded = [...new Set([...words].map(foldVi))].sort();
const out = join(import.meta.dirname, '../src/text/compounds.json');
writeFileSync(out, JSON.stringify({ source: '@vntk/dictionary data/Viet74K.txt', accented: keyed.join('\n'), folded: folded.join('\n') }) + '\n');
console.log(`${words.size} two-syllable words → ${out}`);
