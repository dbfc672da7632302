/**
 * How common a syllable is in Vietnamese at large: the share of a general dictionary's definitions
 * and examples that use it (general-frequency.json, built by scripts/build-general-frequency.ts), as
 * an inverse document frequency. Of the words a content pack never uses, the everyday ones ("lấy",
 * "đúng", "chuyển") seldom name what a message asks about; the rare ones ("bún", "cước", "hưu") do.
 */
import data from './general-frequency.json' with { type: 'json' };
import { foldVi, toneKey } from './fold.js';

let documents = 1;
let accented: Map<string, number> | undefined;
let folded: Map<string, number> | undefined;
let pairsAccented: Map<string, number> | undefined;
let pairsFolded: Map<string, number> | undefined;

function parse(lines: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) out.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return out;
}

/**
 * log(documents / (uses + 1)) of a syllable: typed with accents, of that word; folded, of all the
 * words that fold to it (so an ambiguous folded syllable reads as common). Unknown: as rare as can be.
 */
export function generalIdf(foldedSyllable: string, typed?: string): number {
  load();
  const uses = typed ? accented!.get(toneKey(typed)) : folded!.get(foldVi(foldedSyllable));
  return Math.log(documents / ((uses ?? 0) + 1));
}

/**
 * The same for a two-syllable word of the language ("năm nay", "kết hôn"): how common the word is,
 * typed with accents as written, else over all the words that fold to it.
 */
export function generalPairIdf(first: { folded: string; typed?: string }, second: { folded: string; typed?: string }): number {
  load();
  const uses =
    first.typed || second.typed
      ? pairsAccented!.get(`${toneKey(first.typed ?? first.folded)} ${toneKey(second.typed ?? second.folded)}`)
      : pairsFolded!.get(`${foldVi(first.folded)} ${foldVi(second.folded)}`);
  return Math.log(documents / ((uses ?? 0) + 1));
}

/**
 * Of the uses of the words that fold to this syllable, the share that is the syllable itself,
 * unmarked ("ong" 0.04 of ong/ông/ống…, "gi" 0 of gì/gỉ…): 0 when unknown.
 */
export function unmarkedShare(foldedSyllable: string): number {
  load();
  const all = folded!.get(foldedSyllable) ?? 0;
  return all > 0 ? (accented!.get(foldedSyllable) ?? 0) / all : 0;
}

/**
 * Whether the folded syllable is one the language uses at all: the syllable pattern alone lets
 * through letter strings no word has ("ngaoi", "thio"), which are slips of the keyboard.
 */
export function isWordOfLanguage(foldedSyllable: string): boolean {
  load();
  return (folded!.get(foldedSyllable) ?? 0) > 0;
}

function load(): void {
  if (accented && folded) return;
  const lists = data as { documents: number; accented: string; folded: string; pairsAccented: string; pairsFolded: string };
  documents = lists.documents;
  accented = parse(lists.accented);
  folded = parse(lists.folded);
  pairsAccented = parse(lists.pairsAccented);
  pairsFolded = parse(lists.pairsFolded);
}
