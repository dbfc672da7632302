/**
 * The shapes the search index keeps and hands out: the small document the ranker reads, and the
 * index as plain data for a snapshot (index-snapshot.ts writes and reads it).
 */
import type { StoredItem } from '../content/model.js';

/** What the ranker needs of a document, kept small: full items are read from the store. */
export interface IndexedDoc {
  id: string;
  kind: StoredItem['kind'];
  title: string;
  provinceCode?: string;
  rev: number;
  titleFolded: string;
  keywordsFolded: string;
  /** The accented words of its title, trade, keywords and tags (as `toneKey`s), for exact-accent checks. */
  accented: string;
  /** The years its dates fall in ("2026 2027"), for a question that names a year (asked-years.ts). */
  years?: string;
}

/**
 * The index as plain data, for a snapshot: restoring it skips reading and tokenizing the content,
 * which is most of start-up at 100k items. `words[id]` is null for a bigram; `docs[slot]` null for
 * a replaced item.
 */
export interface IndexImage {
  words: (string | null)[];
  /** Bigram lookup: pairKeys[i] (first word id × 2^26 + second word id) → pairIds[i]. */
  pairKeys: Float64Array;
  pairIds: Int32Array;
  /** Word pairs side by side in the items' summaries, as first word id × 2^26 + second word id. */
  prosePairKeys: Float64Array;
  docs: (IndexedDoc | null)[];
  /** Accented spellings the content uses. */
  accentedWords: string[];
  offsets: Int32Array;
  entries: Int32Array;
}
