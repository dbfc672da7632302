/**
 * The in-memory inverted index over folded content: candidate generation in time proportional to the
 * postings of the question's words, not to the size of the store. fuse.js then ranks the few
 * candidates (see engine.ts); scanning 100k items with fuse alone takes tens of seconds.
 */
import type { StoredItem } from '../content/model.js';
import { tokenize } from '../text/fold.js';
import { provinceByCode } from '../text/provinces.js';
import type { QueryGroup } from './analyze.js';

/** How much a word counts depending on where it appears in an item. */
const FIELD_WEIGHTS = {
  title: 1,
  keywords: 0.9,
  trade: 0.85,
  tags: 0.8,
  source: 0.75,
  summary: 0.65,
  place: 0.6,
  province: 0.5,
  kind: 0.4,
  body: 0.35,
} as const;
type Field = keyof typeof FIELD_WEIGHTS;

/** Words people use for a kind of item though its text may not say them ("học" for any course). */
const KIND_TERMS: Record<StoredItem['kind'], string> = {
  course: 'khóa học lớp học nghề đào tạo',
  policy: 'chính sách hỗ trợ',
  fair: 'hội chợ triển lãm',
  plan: 'kế hoạch',
  faq: 'hỏi đáp',
};

/** Bodies can be long; the first words carry the topic and bound the index's memory. */
const BODY_TOKEN_LIMIT = 80;

/** What the ranker needs of a document, kept small: full items are read from the store. */
export interface IndexedDoc {
  id: string;
  kind: StoredItem['kind'];
  title: string;
  provinceCode?: string;
  rev: number;
  titleFolded: string;
  keywordsFolded: string;
}

/**
 * One word's posting list in typed arrays (a slot and a field weight ×100 per entry): about five
 * bytes an entry instead of sixteen for two JS number arrays, which decides memory at 100k items.
 */
class Postings {
  docs = new Int32Array(4);
  weights = new Uint8Array(4);
  length = 0;
  push(slot: number, weight: number): void {
    if (this.length === this.docs.length) {
      const docs = new Int32Array(this.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const weights = new Uint8Array(this.length * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    this.docs[this.length] = slot;
    this.weights[this.length++] = Math.round(weight * 100);
  }
}

export interface Candidate {
  doc: IndexedDoc;
  /** Weighted share of the question's groups this item covers, 0..1. */
  coverage: number;
}

export class SearchIndex {
  private docs: (IndexedDoc | undefined)[] = [];
  private slotOf = new Map<string, number>();
  private postings = new Map<string, Postings>();
  private liveCount = 0;
  /** slot → position among the current query's candidates (-1: not one); reused across queries. */
  private candidateIndex = new Int32Array(0);
  /** Deletion neighbourhood (SymSpell): one-letter deletions of vocabulary words, for typo lookup. */
  private deletes = new Map<string, string[]>();
  private vocabularyVersion = 0;
  private deletesVersion = -1;

  get size(): number {
    return this.liveCount;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds or replaces an item. */
  upsert(item: StoredItem): void {
    // An update takes a new slot; the old one is left dead (skipped by queries) rather than
    // retracted from every posting list, which would cost a scan of each list.
    const existing = this.slotOf.get(item.id);
    if (existing !== undefined) this.docs[existing] = undefined;
    const slot = this.docs.length;
    const weighted = new Map<string, number>();
    const add = (token: string, field: Field) => {
      const w = FIELD_WEIGHTS[field];
      if ((weighted.get(token) ?? 0) < w) weighted.set(token, w);
    };
    const addText = (text: string | undefined, field: Field, limit = Infinity) => {
      if (!text) return;
      const toks = tokenizeCached(text, limit);
      const n = Math.min(toks.length, limit);
      const bigrams = field !== 'body' && field !== 'summary';
      for (let i = 0; i < n; i++) {
        add(toks[i]!, field);
        if (bigrams && i + 1 < n) add(`${toks[i]}_${toks[i + 1]}`, field);
      }
    };
    addText(item.title, 'title');
    for (const k of item.keywords ?? []) addText(k, 'keywords');
    addText(item.trade, 'trade');
    for (const t of item.tags ?? []) addText(t, 'tags');
    addText([item.source?.ref, item.source?.issuer].filter(Boolean).join(' '), 'source');
    // "215/KH-UBND" is asked as "ke hoach 215": index the number alone too.
    for (const num of (item.source?.ref ?? '').match(/\d+/g) ?? []) add(num, 'source');
    addText(item.summary, 'summary');
    addText(item.place, 'place');
    addText(item.province, 'province');
    if (item.provinceCode) addText(provinceByCode(item.provinceCode)?.name, 'province');
    addText(KIND_TERMS[item.kind], 'kind');
    addText(item.body, 'body', BODY_TOKEN_LIMIT);

    for (const [token, w] of weighted) {
      let p = this.postings.get(token);
      if (!p) {
        this.postings.set(token, (p = new Postings()));
        this.vocabularyVersion++;
      }
      p.push(slot, w);
    }
    this.docs[slot] = {
      id: item.id,
      kind: item.kind,
      title: item.title,
      provinceCode: item.provinceCode,
      rev: item.rev,
      titleFolded: tokenizeCached(item.title, 50).join(' '),
      keywordsFolded: tokenizeCached([...(item.keywords ?? []), item.trade ?? '', ...(item.tags ?? [])].join(' '), 60).join(' '),
    };
    this.slotOf.set(item.id, slot);
    this.liveCount += existing === undefined ? 1 : 0;
  }

  documentFrequency(token: string): number {
    return this.postings.get(token)?.length ?? 0;
  }

  idf(token: string): number {
    const n = Math.max(this.liveCount, 1);
    const df = this.documentFrequency(token);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Vocabulary words one edit away from `token`, for words not in the vocabulary. Vietnamese
   * syllables are short and differ by one letter all the time (bong/long/song), so short words only
   * get the "typed one letter too many" repair (hann → han); substitutions and dropped letters
   * need 6+ letters.
   */
  similarWords(token: string): string[] {
    if (token.length < 4 || this.postings.has(token) || /\d/.test(token)) return [];
    const found = new Set<string>();
    for (const d of oneDeletions(token)) if (this.postings.has(d) && d.length >= 3) found.add(d);
    if (token.length >= 6) {
      if (this.deletesVersion !== this.vocabularyVersion) this.buildDeletes();
      const probe = (key: string) => {
        for (const w of this.deletes.get(key) ?? []) if (w !== token) found.add(w);
      };
      probe(token); // the user dropped a letter
      for (const d of oneDeletions(token)) probe(d); // substitution or transposition
    }
    return [...found].filter((w) => Math.abs(w.length - token.length) <= 1).slice(0, 5);
  }

  private buildDeletes(): void {
    this.deletes.clear();
    for (const word of this.postings.keys()) {
      if (word.length < 3 || word.includes('_') || /\d/.test(word)) continue;
      for (const d of oneDeletions(word)) {
        const list = this.deletes.get(d);
        if (list) list.push(word);
        else this.deletes.set(d, [word]);
      }
    }
    this.deletesVersion = this.vocabularyVersion;
  }

  /**
   * Scores every item that shares a word with the question by weighted coverage of its groups.
   * `extraGroups` weigh in like groups (province match) but are scored by the caller's function.
   */
  candidates(
    groups: QueryGroup[],
    options: { limit: number; groupWeight?: (g: QueryGroup) => number; docBonus?: (doc: IndexedDoc) => { weight: number; match: number } },
  ): Candidate[] {
    const maxIdf = Math.log(1 + (Math.max(this.liveCount, 1) + 0.5) / 0.5);
    // Per group and alternative: its tokens with idf; unknown tokens keep the max idf (they lower coverage).
    const plan = groups.map((g) => {
      const alts = g.alternatives
        .filter((a) => a.length > 0)
        .map((alt) => {
          const toks = alt.map((t) => ({ t, idf: this.postings.has(t) ? this.idf(t) : maxIdf, fuzzy: [] as string[] }));
          for (const tok of toks) if (!this.postings.has(tok.t)) tok.fuzzy = this.similarWords(tok.t);
          const bigrams = alt.slice(1).map((t, i) => `${alt[i]}_${t}`).filter((b) => this.postings.has(b));
          return { toks, bigrams, total: toks.reduce((s, x) => s + x.idf, 0) };
        });
      // A group weighs what its user-typed phrasing weighs; synonyms do not make a group heavier.
      const first = alts[0];
      const importance = first ? first.total / first.toks.length : 0;
      return { alts, importance: importance * (options.groupWeight?.(g) ?? 1) };
    });

    // 1. Candidates: documents holding a selective word of the question. Words found in a large
    //    share of the store ("học", "nghề") only score documents found this way; if the question
    //    has no selective word, the rarest one seeds.
    const tokenWords = (tok: { t: string; fuzzy: string[] }) =>
      this.postings.has(tok.t) ? [{ w: tok.t, discount: 1 }] : tok.fuzzy.map((w) => ({ w, discount: 0.8 }));
    const seedWords = new Set<string>();
    for (const g of plan) for (const alt of g.alts) for (const tok of alt.toks) for (const { w } of tokenWords(tok)) seedWords.add(w);
    const selectiveDf = Math.max(2000, Math.floor(this.liveCount * 0.05));
    let seeds = [...seedWords].filter((w) => this.documentFrequency(w) <= selectiveDf);
    if (seeds.length === 0 && seedWords.size > 0) {
      seeds = [[...seedWords].sort((a, b) => this.documentFrequency(a) - this.documentFrequency(b))[0]!];
    }
    if (this.candidateIndex.length < this.docs.length) this.candidateIndex = new Int32Array(this.docs.length * 2).fill(-1);
    const candIndex = this.candidateIndex;
    const slots: number[] = [];
    for (const w of seeds) {
      const p = this.postings.get(w)!;
      for (let k = 0; k < p.length; k++) {
        const slot = p.docs[k]!;
        if (candIndex[slot] === -1 && this.docs[slot]) {
          candIndex[slot] = slots.length;
          slots.push(slot);
        }
      }
    }
    try {
      // 2. Each distinct word's weight in each candidate, one pass over its postings.
      const weightsOf = new Map<string, Float32Array>();
      const weights = (w: string) => {
        let arr = weightsOf.get(w);
        if (arr) return arr;
        weightsOf.set(w, (arr = new Float32Array(slots.length)));
        const p = this.postings.get(w);
        if (p) {
          for (let k = 0; k < p.length; k++) {
            const ci = candIndex[p.docs[k]!]!;
            if (ci >= 0 && arr[ci]! < p.weights[k]! / 100) arr[ci] = p.weights[k]! / 100;
          }
        }
        return arr;
      };
      const resolved = plan.map((g) =>
        g.alts.map((alt) => ({
          alt,
          toks: alt.toks.map((tok) => ({ idf: tok.idf, words: tokenWords(tok).map(({ w, discount }) => ({ arr: weights(w), discount })) })),
          bigrams: alt.bigrams.map((b) => weights(b)),
          complete: alt.bigrams.length > 0 && alt.bigrams.length === alt.toks.length - 1,
        })),
      );

      // 3. Coverage of each candidate.
      const totalImportance = plan.reduce((sum, g) => sum + g.importance, 0);
      const out: Candidate[] = [];
      for (let ci = 0; ci < slots.length; ci++) {
        const doc = this.docs[slots[ci]!]!;
        let covered = 0;
        resolved.forEach((alts, gi) => {
          let best = 0;
          alts.forEach((r, ai) => {
            let mass = 0;
            let matched = 0;
            for (const tok of r.toks) {
              let v = 0;
              for (const { arr, discount } of tok.words) v = Math.max(v, arr[ci]! * discount);
              if (v > 0) matched++;
              mass += tok.idf * v;
            }
            // A synonym counts only when all of it is there: "bao nhiêu" alone is not "bao nhiêu tháng".
            if (ai > 0 && matched < r.toks.length) return;
            const tokenMass = r.alt.total > 0 ? mass / r.alt.total : 0;
            // A phrase found as written (bigram) counts fully at its field weight.
            let phrase = 0;
            if (r.complete) for (const arr of r.bigrams) phrase = Math.max(phrase, arr[ci]!);
            best = Math.max(best, Math.min(1, Math.max(tokenMass, phrase)));
          });
          covered += plan[gi]!.importance * best;
        });
        let weight = totalImportance;
        if (options.docBonus) {
          const b = options.docBonus(doc);
          covered += b.weight * b.match;
          weight += b.weight;
        }
        out.push({ doc, coverage: weight > 0 ? covered / weight : 0 });
      }
      return topK(out, options.limit);
    } finally {
      for (const slot of slots) candIndex[slot] = -1;
    }
  }

  getDoc(id: string): IndexedDoc | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.docs[slot];
  }
}

/** The k best by coverage (ties by id, for stable answers) without sorting every candidate. */
function topK(all: Candidate[], k: number): Candidate[] {
  const better = (a: Candidate, b: Candidate) => b.coverage - a.coverage || a.doc.id.localeCompare(b.doc.id);
  if (all.length <= k * 4) return all.sort(better).slice(0, k);
  let threshold = 0;
  const kept: Candidate[] = [];
  for (const c of all) {
    if (c.coverage < threshold) continue;
    kept.push(c);
    if (kept.length >= k * 4) {
      kept.sort(better);
      kept.length = k;
      threshold = kept[k - 1]!.coverage;
    }
  }
  return kept.sort(better).slice(0, k);
}

/**
 * Tokenizing is most of the cost of indexing; text repeats the same few thousand syllables, so
 * folding is cached per whitespace-separated word (bounded, cleared when full).
 */
const wordCache = new Map<string, string[]>();
const WORD_CACHE_LIMIT = 200_000;
function tokenizeCached(text: string, limit: number): string[] {
  const out: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    let toks = wordCache.get(word);
    if (!toks) {
      if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
      wordCache.set(word, (toks = tokenize(word)));
    }
    for (const t of toks) out.push(t);
    if (out.length >= limit) break;
  }
  return out;
}

function oneDeletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
