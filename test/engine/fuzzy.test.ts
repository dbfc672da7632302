/**
 * The short list's approximate title match gives exactly fuse.js's token-search scores, without
 * building a Fuse instance per question.
 */
import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { FUZZY_KEYS, FUZZY_THRESHOLD, fuzzyCloseness } from '../../src/engine/fuzzy.js';
import type { IndexedDoc } from '../../src/engine/search-index.js';

const doc = (id: string, titleFolded: string, keywordsFolded = ''): IndexedDoc => ({ id, kind: 'course', title: titleFolded, rev: 1, titleFolded, keywordsFolded, accented: '' });

/** What fuse.js itself says, with the options the engine used to build it with. */
function viaFuse(docs: IndexedDoc[], pattern: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!pattern.trim() || docs.length === 0) return out;
  const fuse = new Fuse(docs, { keys: [...FUZZY_KEYS], includeScore: true, ignoreLocation: true, threshold: FUZZY_THRESHOLD, useTokenSearch: true });
  for (const r of fuse.search(pattern.slice(0, 64))) out.set(r.item.id, 1 - (r.score ?? 1));
  return out;
}

const DOCS = [
  doc('han', 'lop han dien co ban', 'han dien hoc han'),
  doc('may', 'lop may cong nghiep', 'may mac tho may cat may'),
  doc('maymac', 'maymac xuat khau'),
  doc('dan', 'dan lat may tre', 'dan lat'),
  doc('empty', 'hoi cho', '   '),
  doc('punct', '-- ? --', 'lop'),
  doc('dien', 'dien dan dung', 'dien dan dung sua chua dien'),
  doc('long', 'ke hoach dao tao nghe cho lao dong nong thon nam hai nghin khong tram hai muoi sau', 'dao tao nghe'),
  doc('upper', 'Lớp Nấu Ăn', 'nấu ăn'),
  doc('han2', 'han', 'han'),
];

const PATTERNS = [
  'han dien',
  'hoc han',
  'maymac',
  'danlat',
  'may',
  'lop',
  'nau an',
  'Nấu',
  'mayy cong nghep',
  'dien dan dung sua xe may nuoi tom trong rau sach che bien nuoc mam gom son mai', // cut at 64
  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', // a word past the matcher's 32 letters
  '?? !!',
  ' han',
  'han han',
  'qqq',
];

describe('fuzzy closeness', () => {
  it('equals fuse.js token search on every pattern and short list', () => {
    for (const pattern of PATTERNS) {
      for (const docs of [DOCS, DOCS.slice(0, 4), DOCS.slice(5), [DOCS[9]!], [...DOCS].reverse()]) {
        expect(fuzzyCloseness(docs, pattern), pattern).toEqual(viaFuse(docs, pattern));
        // Asked again (remembered matches) the figures are the same.
        expect(fuzzyCloseness(docs, pattern), pattern).toEqual(viaFuse(docs, pattern));
      }
    }
  });

  it('finds a run-together word and ranks the exact title first', () => {
    const c = fuzzyCloseness(DOCS, 'maymac');
    expect(c.get('maymac')).toBeGreaterThan(c.get('may') ?? 0);
    expect(fuzzyCloseness(DOCS, '')).toEqual(new Map());
  });
});
