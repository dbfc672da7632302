/**
 * Two-syllable words of Vietnamese ("kết hôn", "bệnh viện", "lồng đèn"), from a general word list
 * (compounds.json, built by scripts/build-compounds.ts). The engine uses them to read two syllables
 * side by side as one word of the language, which may name something the content never mentions.
 */
import data from './compounds.json' with { type: 'json' };
import { toneKey } from './fold.js';

let accented: Set<string> | undefined;
let folded: Set<string> | undefined;

function load(): void {
  const lists = data as { accented: string; folded: string };
  accented = new Set(lists.accented.split('\n'));
  folded = new Set(lists.folded.split('\n'));
}

/**
 * Whether two adjacent syllables form a word of the language. Typed with accents they must match
 * the word as written ("cày máy" is not "cây mây", "chuyển sang" is not "chuyền sang"); folded, any
 * word that folds to them counts.
 */
export function isCompound(first: { folded: string; typed?: string }, second: { folded: string; typed?: string }): boolean {
  if (!accented || !folded) load();
  // One syllable typed with marks: the message has them, so an unmarked one is written as meant ("sang").
  if (first.typed || second.typed) return accented!.has(`${toneKey(first.typed ?? first.folded)} ${toneKey(second.typed ?? second.folded)}`);
  return folded!.has(`${first.folded} ${second.folded}`);
}
