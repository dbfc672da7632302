/**
 * The in-memory inverted index over folded content: candidate generation in time proportional to the
 * postings of the question's words, not to the size of the store. fuse.js then ranks the few
 * candidates (see engine.ts); scanning 100k items with fuse alone takes tens of seconds.
 */
import type { StoredItem } from '../content/model.js';
import { foldVi, tokenize } from '../text/fold.js';
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
const BODY_TOKEN_LIMIT = 120;

/** What the ranker needs of a document, kept small: full items are read from the store. */
export interface IndexedDoc {
  id: string;
  kind: StoredItem['kind'];
  title: string;
  provinceCode?: string;
  rev: number;
  titleFolded: string;
  keywordsFolded: string;
  summaryFolded: string;
}

interface Postings {
  docs: number[];
  weights: number[];
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
  /** Tokens a document was indexed under, so an update can retract them. */
  private tokensOf: (string[] | undefined)[] = [];
  private liveCount = 0;
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
    const existing = this.slotOf.get(item.id);
    if (existing !== undefined) this.retract(existing);
    const slot = existing ?? this.docs.length;
    const weighted = new Map<string, number>();
    const add = (token: string, field: Field) => {
      const w = FIELD_WEIGHTS[field];
      if ((weighted.get(token) ?? 0) < w) weighted.set(token, w);
    };
    const addText = (text: string | undefined, field: Field, limit = Infinity) => {
      if (!text) return;
      const toks = tokenize(text);
      const n = Math.min(toks.length, limit);
      for (let i = 0; i < n; i++) {
        add(toks[i]!, field);
        if (i + 1 < n) add(`${toks[i]}_${toks[i + 1]}`, field);
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
        this.postings.set(token, (p = { docs: [], weights: [] }));
        this.vocabularyVersion++;
      }
      p.docs.push(slot);
      p.weights.push(w);
    }
    this.tokensOf[slot] = [...weighted.keys()];
    this.docs[slot] = {
      id: item.id,
      kind: item.kind,
      title: item.title,
      provinceCode: item.provinceCode,
      rev: item.rev,
      titleFolded: foldVi(item.title),
      keywordsFolded: foldVi([...(item.keywords ?? []), item.trade ?? '', ...(item.tags ?? [])].join(' · ')),
      summaryFolded: foldVi(item.summary ?? '').slice(0, 400),
    };
    if (existing === undefined) this.slotOf.set(item.id, slot);
    this.liveCount += existing === undefined ? 1 : 0;
  }

  private retract(slot: number): void {
    for (const token of this.tokensOf[slot] ?? []) {
      const p = this.postings.get(token);
      if (!p) continue;
      const i = p.docs.indexOf(slot);
      if (i >= 0) {
        p.docs.splice(i, 1);
        p.weights.splice(i, 1);
      }
    }
    this.tokensOf[slot] = undefined;
  }

  documentFrequency(token: string): number {
    return this.postings.get(token)?.docs.length ?? 0;
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

    // acc[doc] → per-alternative matched idf mass, laid out group by group.
    const offsets: number[] = [];
    let width = 0;
    for (const g of plan) {
      offsets.push(width);
      width += g.alts.length;
    }
    // acc[doc] is three blocks of `width` columns: best bigram weight, token idf mass, tokens matched.
    const acc = new Map<number, Float64Array>();
    const rowOf = (slot: number) => {
      let row = acc.get(slot);
      if (!row) acc.set(slot, (row = new Float64Array(width * 3)));
      return row;
    };
    plan.forEach((g, gi) => {
      g.alts.forEach((alt, ai) => {
        const col = offsets[gi]! + ai;
        alt.toks.forEach((tok) => {
          // A document's mass for an alternative is the idf-weighted sum of the tokens it contains.
          const words = this.postings.has(tok.t) ? [{ w: tok.t, discount: 1 }] : tok.fuzzy.map((w) => ({ w, discount: 0.8 }));
          const best = new Map<number, number>();
          for (const { w, discount } of words) {
            const p = this.postings.get(w)!;
            for (let k = 0; k < p.docs.length; k++) {
              const slot = p.docs[k]!;
              const v = tok.idf * p.weights[k]! * discount;
              if ((best.get(slot) ?? 0) < v) best.set(slot, v);
            }
          }
          for (const [slot, v] of best) {
            const row = rowOf(slot);
            row[width + col] = row[width + col]! + v;
            row[2 * width + col] = row[2 * width + col]! + 1;
          }
        });
        for (const b of alt.bigrams) {
          const p = this.postings.get(b)!;
          for (let k = 0; k < p.docs.length; k++) {
            const row = rowOf(p.docs[k]!);
            if (row[col]! < p.weights[k]!) row[col] = p.weights[k]!;
          }
        }
      });
    });

    const totalImportance = plan.reduce((s, g) => s + g.importance, 0);
    const out: Candidate[] = [];
    for (const [slot, row] of acc) {
      const doc = this.docs[slot];
      if (!doc) continue;
      let covered = 0;
      plan.forEach((g, gi) => {
        let best = 0;
        g.alts.forEach((alt, ai) => {
          const col = offsets[gi]! + ai;
          // A synonym counts only when all of it is there: "bao nhiêu" alone is not "bao nhiêu tháng".
          if (ai > 0 && row[2 * width + col]! < alt.toks.length) return;
          const tokenMass = alt.total > 0 ? row[width + col]! / alt.total : 0;
          // A phrase found as written (bigram) counts fully at its field weight.
          const phraseBonus = alt.bigrams.length > 0 && alt.bigrams.length === alt.toks.length - 1 ? row[col]! : 0;
          best = Math.max(best, Math.min(1, Math.max(tokenMass, phraseBonus * 0.999 + tokenMass * 0.001)));
        });
        covered += g.importance * best;
      });
      let weight = totalImportance;
      if (options.docBonus) {
        const b = options.docBonus(doc);
        covered += b.weight * b.match;
        weight += b.weight;
      }
      out.push({ doc, coverage: weight > 0 ? covered / weight : 0 });
    }
    out.sort((a, b) => b.coverage - a.coverage || a.doc.id.localeCompare(b.doc.id));
    return out.slice(0, options.limit);
  }

  getDoc(id: string): IndexedDoc | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.docs[slot];
  }
}

function oneDeletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
