/**
 * Approximate matching of the question's content words against the titles and keywords of the few
 * best candidates, with fuse.js: it sees what exact word matching misses (a word typed twice as
 * "maymac", a split "đan lát" as "danlat", letters swapped beyond the typo lookup). Scanning a whole
 * store with fuse.js costs seconds at 100k items, so it only ever sees the ranker's short list.
 */
import Fuse from 'fuse.js';
import type { IndexedDoc } from './search-index.js';

const FUSE_OPTIONS = {
  keys: [
    { name: 'titleFolded', weight: 3 },
    { name: 'keywordsFolded', weight: 2 },
  ],
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.6,
  useTokenSearch: true,
};

/** Per doc id, how well its title and keywords match `pattern` approximately (0..1, 1 = exact). */
export function fuzzyCloseness(docs: readonly IndexedDoc[], pattern: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!pattern.trim() || docs.length === 0) return out;
  const fuse = new Fuse([...docs], FUSE_OPTIONS as ConstructorParameters<typeof Fuse<IndexedDoc>>[1]);
  for (const r of fuse.search(pattern.slice(0, 64))) out.set(r.item.id, 1 - (r.score ?? 1));
  return out;
}
