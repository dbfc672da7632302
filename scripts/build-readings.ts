/**
 * Builds src/text/syllable-readings.json: for each folded syllable, how often each accented reading
 * of it occurs in ordinary Vietnamese prose of this domain (the source articles the product grew
 * from and the shipped content pack). The lexicon reads it to judge a folded word: "co" is mostly
 * "có" (a function word), "hoc" is "học", "da" is "đã" more often than "da" (leather).
 * Questions are never read here: the table describes the language, not the test sets.
 *
 *   node --import tsx scripts/build-readings.ts [TEXT_OR_FOLDER ...]
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { foldVi } from '../src/text/fold.js';
import { loadContent } from '../src/content/load.js';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const sources = args.length > 0 ? args : [join(ROOT, '../shared/seeds'), join(ROOT, 'content')];

const counts = new Map<string, Map<string, number>>();
function addText(text: string): void {
  for (const raw of text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!raw || /\d/.test(raw)) continue;
    const folded = foldVi(raw);
    if (!folded || folded.includes(' ')) continue;
    let readings = counts.get(folded);
    if (!readings) counts.set(folded, (readings = new Map()));
    readings.set(raw, (readings.get(raw) ?? 0) + 1);
  }
}

for (const source of sources) {
  const files = statSync(source).isDirectory() ? readdirSync(source).map((f) => join(source, f)) : [source];
  const content = files.filter((f) => ['.yaml', '.yml', '.json', '.csv'].includes(extname(f)));
  for (const file of files.filter((f) => !content.includes(f))) addText(readFileSync(file, 'utf8'));
  if (content.length > 0) {
    const { items } = await loadContent(content);
    // Keywords are left out: they hold unaccented copies ("hoc nghe") that are not readings at all.
    for (const item of items) addText([item.title, item.trade, item.summary, item.body, ...(item.tags ?? [])].filter(Boolean).join('\n'));
  }
}

const out: Record<string, Record<string, number>> = {};
for (const folded of [...counts.keys()].sort()) {
  out[folded] = Object.fromEntries([...counts.get(folded)!].sort((a, b) => b[1] - a[1]));
}
const target = join(ROOT, 'src/text/syllable-readings.json');
writeFileSync(target, JSON.stringify(out) + '\n');
console.log(`${Object.keys(out).length} folded syllables → ${target}`);
