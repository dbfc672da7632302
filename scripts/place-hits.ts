/**
 * Prints every place that detectPlacesInText finds in some texts, one line
 * per hit with its sentence, to check by eye which hits are ordinary phrases
 * rather than places; then the extra hits detectPlaces gives on folded tokens.
 *
 *   node --import tsx scripts/place-hits.ts content/*.yaml questions.tsv corpus.json
 *
 * .tsv: the last column of each row; .json and .yaml: every string field
 * except identifiers, dates and contacts.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { tokenize } from '../src/text/fold.js';
import { detectPlaces, detectPlacesInText } from '../src/text/places.js';

const SKIPPED_FIELDS = new Set(['id', 'kind', 'contact', 'url', 'startsAt', 'endsAt', 'deadline', 'fee', 'phone']);

function stringsIn(value: unknown, field = ''): string[] {
  if (typeof value === 'string') return SKIPPED_FIELDS.has(field) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => stringsIn(v, field));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsIn(v, k));
  return [];
}

function textsOf(path: string): string[] {
  const raw = readFileSync(path, 'utf8');
  if (path.endsWith('.tsv')) {
    return raw.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => l.split('\t').at(-1) ?? '');
  }
  return stringsIn(path.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw));
}

let sentences = 0;
let hits = 0;
let foldedOnlyHits = 0;
for (const path of process.argv.slice(2)) {
  for (const text of textsOf(path)) {
    for (const sentence of text.split(/[.?!;\n]+/).map((s) => s.trim()).filter(Boolean)) {
      sentences++;
      const tokens = tokenize(sentence);
      const typedHits = detectPlacesInText(sentence);
      for (const hit of typedHits) {
        hits++;
        const span = tokens.slice(hit.start, hit.end).join(' ');
        console.log(`${hit.kind.padEnd(8)} ${hit.provinceCodes.join(',').padEnd(8)} [${span}]  ${sentence}`);
      }
      // Hits that only the folded tokens give: what a caller without the text would also get.
      for (const hit of detectPlaces(tokens)) {
        if (typedHits.some((h) => h.start === hit.start && h.end === hit.end)) continue;
        foldedOnlyHits++;
        const span = tokens.slice(hit.start, hit.end).join(' ');
        console.log(`folded-only ${hit.kind} ${hit.provinceCodes.join(',')} [${span}]  ${sentence}`);
      }
    }
  }
}
console.log(`${hits} hits in ${sentences} sentences, and ${foldedOnlyHits} more from folded tokens alone`);
