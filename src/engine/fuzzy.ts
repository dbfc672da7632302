/**
 * Approximate matching of the question's content words against the titles and keywords of the few
 * best candidates, scored as fuse.js's token search scores them: it sees what exact word matching
 * misses (a word typed twice as "maymac", a split "đan lát" as "danlat", letters swapped beyond the
 * typo lookup). Scanning a whole store this way costs seconds at 100k items, so it only ever sees the
 * ranker's short list.
 *
 * Building a Fuse instance per question (records, an inverted index, a searcher) cost more than the
 * rest of a question's ranking. The same figures come from fuse.js's own per-word matcher
 * (`Fuse.match`), remembered per word and text (titles recur across questions), combined here by
 * fuse's token-search formula: per field, the IDF-weighted share of the question's words found in it
 * (IDF over the short list's fields), then a product over fields weighted by key weight and field
 * length. test/engine/fuzzy.test.ts holds it equal to `new Fuse(docs, …).search(pattern)`.
 */
import Fuse from 'fuse.js';
import type { IndexedDoc } from './search-index.js';

/** The keys and their weights, as the Fuse options would give them. */
export const FUZZY_KEYS = [
  { name: 'titleFolded', weight: 3 },
  { name: 'keywordsFolded', weight: 2 },
] as const;
export const FUZZY_THRESHOLD = 0.6;
/** fuse.js patterns longer than this are cut (its matcher's limit is per word, 32 letters). */
const PATTERN_LIMIT = 64;
/** fuse.js's default tokenizer. */
const TOKEN = /[\p{L}\p{M}\p{N}_]+/gu;
const MATCH_OPTIONS = { threshold: FUZZY_THRESHOLD, ignoreLocation: true };
/** Key weights normalised to a sum of 1, as fuse.js does. */
const KEY_WEIGHTS = FUZZY_KEYS.map((k) => k.weight / FUZZY_KEYS.reduce((s, x) => s + x.weight, 0));
/** Remembered word-against-text matches; cleared when it grows past this many. */
const MATCH_CACHE_LIMIT = 50_000;

interface Field {
  /** The text as stored. */
  text: string;
  /** Its distinct words, lowercased (the inverted index counts each once per field). */
  distinct: ReadonlySet<string>;
  /** fuse.js's field-length norm. */
  norm: number;
}

/** A doc's fields as fuse.js reads them; null for a blank one. Kept for the docs questions reach. */
const fieldsOfDoc = new Map<IndexedDoc, (Field | null)[]>();
const DOCS_LIMIT = 5_000;
/** Per text, per word: the match score (the texts are the docs' own strings, hashed once). */
const matchCache = new Map<string, Map<string, number>>();
let cachedMatches = 0;

/** Per doc id, how well its title and keywords match `pattern` approximately (0..1, 1 = exact). */
export function fuzzyCloseness(docs: readonly IndexedDoc[], pattern: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!pattern.trim() || docs.length === 0) return out;
  const query = pattern.slice(0, PATTERN_LIMIT);
  if (!query.trim()) {
    // fuse.js lists every doc, unscored, for a blank query.
    for (const d of docs) out.set(d.id, 0);
    return out;
  }
  const terms = tokens(query);
  if (terms.length === 0) return out;
  const fields = docs.map(fieldsOf);
  // IDF of each word over the short list's non-empty fields.
  let fieldCount = 0;
  const df = new Array<number>(terms.length).fill(0);
  for (const docFields of fields) {
    for (const f of docFields) {
      if (!f || f.distinct.size === 0) continue;
      fieldCount++;
      for (let i = 0; i < terms.length; i++) if (f.distinct.has(terms[i]!)) df[i]!++;
    }
  }
  const idf = df.map((docFreq) => Math.log(1 + (fieldCount - docFreq + 0.5) / (docFreq + 0.5)));
  for (let d = 0; d < docs.length; d++) {
    let total = 1;
    let matched = false;
    fields[d]!.forEach((f, k) => {
      if (!f) return;
      const score = fieldScore(f.text, terms, idf);
      if (score < 0) return;
      matched = true;
      const weight = KEY_WEIGHTS[k]!;
      total *= Math.pow(score === 0 && weight ? Number.EPSILON : score, (weight || 1) * f.norm);
    });
    if (matched) out.set(docs[d]!.id, 1 - total);
  }
  return out;
}

/** fuse.js's token-search score of a field (0 best), -1 when no word matches. */
function fieldScore(text: string, terms: string[], idf: number[]): number {
  let weighted = 0;
  let possible = 0;
  let matched = 0;
  for (let i = 0; i < terms.length; i++) {
    const score = wordMatch(terms[i]!, text);
    possible += idf[i]!;
    if (score >= 0) {
      matched++;
      weighted += idf[i]! * (1 - score);
    }
  }
  if (matched === 0) return -1;
  return Math.max(0.001, possible > 0 ? 1 - weighted / possible : 0);
}

/** fuse.js's approximate match of one word in a text: its score (0 exact), -1 for none. */
function wordMatch(term: string, text: string): number {
  let ofText = matchCache.get(text);
  let score = ofText?.get(term);
  if (score === undefined) {
    const r = Fuse.match(term, text, MATCH_OPTIONS);
    score = r.isMatch ? (r.score ?? 0) : -1;
    if (cachedMatches >= MATCH_CACHE_LIMIT) {
      matchCache.clear();
      cachedMatches = 0;
      ofText = undefined;
    }
    if (!ofText) matchCache.set(text, (ofText = new Map()));
    ofText.set(term, score);
    cachedMatches++;
  }
  return score;
}

function fieldsOf(doc: IndexedDoc): (Field | null)[] {
  let fields = fieldsOfDoc.get(doc);
  if (!fields) {
    fields = FUZZY_KEYS.map((k) => {
      const text = doc[k.name];
      if (typeof text !== 'string' || !text.trim()) return null;
      return { text, distinct: new Set(tokens(text)), norm: fieldNorm(text) };
    });
    if (fieldsOfDoc.size >= DOCS_LIMIT) fieldsOfDoc.clear();
    fieldsOfDoc.set(doc, fields);
  }
  return fields;
}

function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** fuse.js's field-length norm: 1/√(words), words split on whitespace, to three decimals. */
function fieldNorm(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const separator = (c >= 9 && c <= 13) || c === 32 || c === 160;
    if (!separator && !inWord) words++;
    inWord = !separator;
  }
  return Math.round(1000 / Math.pow(Math.max(1, words), 0.5)) / 1000;
}
