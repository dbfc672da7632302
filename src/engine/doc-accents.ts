/**
 * An item's accented words grouped by their folded form, worked out once per item: the exact-accent
 * check asks, for every typed word and every one of the top candidates on every question, whether the
 * item spells that word with other accents ("hạn" where "hàn" was typed), and folding the item's
 * words again each time was a good part of a question's cost.
 */
import { foldVi, toneKey } from '../text/fold.js';
import type { IndexedDoc } from './search-index.js';

export interface DocAccents {
  /** The item's accented words (as `toneKey`s). */
  words: ReadonlySet<string>;
  /** Whether the item has a word folding to `folded` spelled otherwise than `typed` (a `toneKey`). */
  spellsOtherwise(typed: string, folded: string): boolean;
}

/** Items' accents, remembered for the items questions reach (a few thousand at most before starting over). */
const byDoc = new Map<IndexedDoc, DocAccents>();
const DOCS_LIMIT = 5_000;
/** Typed words folded and tone-keyed, remembered (questions repeat the same words); bounded. */
const typedForms = new Map<string, { key: string; folded: string }>();
const TYPED_FORMS_LIMIT = 20_000;

export function docAccents(doc: IndexedDoc): DocAccents {
  let accents = byDoc.get(doc);
  if (!accents) {
    const words = new Set(doc.accented.split(' '));
    const byFolded = new Map<string, string[]>();
    for (const w of words) {
      const folded = foldVi(w);
      const same = byFolded.get(folded);
      if (same) same.push(w);
      else byFolded.set(folded, [w]);
    }
    accents = { words, spellsOtherwise: (typed, folded) => byFolded.get(folded)?.some((w) => w !== typed) ?? false };
    if (byDoc.size >= DOCS_LIMIT) byDoc.clear();
    byDoc.set(doc, accents);
  }
  return accents;
}

/** A typed word's `toneKey` and its folded form. */
export function typedForm(word: string): { key: string; folded: string } {
  let form = typedForms.get(word);
  if (!form) {
    if (typedForms.size >= TYPED_FORMS_LIMIT) typedForms.clear();
    typedForms.set(word, (form = { key: toneKey(word), folded: foldVi(word) }));
  }
  return form;
}
