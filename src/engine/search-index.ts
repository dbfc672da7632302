/**
 * The in-memory inverted index over folded content: candidate generation in time proportional to the
 * postings of the question's words, not to the size of the store. fuse.js then ranks the few
 * candidates (see engine.ts); scanning 100k items with fuse alone takes tens of seconds.
 */
import type { StoredItem } from '../content/model.js';
import { tokenize } from '../text/fold.js';
import { TypoNeighbours } from './typo-neighbours.js';
import { provinceByCode } from '../text/provinces.js';
import { PostingLists } from './postings.js';
import { AccentedWords } from './accented-words.js';
import { WordTokens } from './word-tokens.js';
import { PairIds, PairSet } from './pair-ids.js';
import { ContentShorthand } from './content-shorthand.js';
import { BODY_TOKEN_LIMIT, dateWords, dateYears, FIELD_PERCENT, FIELD_QUESTIONS, KIND_IDS, KIND_TERMS, type Field } from './fields.js';

export { KIND_IDS } from './fields.js';
export type { IndexedDoc, IndexImage } from './index-image.js';
import type { IndexedDoc, IndexImage } from './index-image.js';

/** Bigram ids are looked up by the pair of their words' ids. */
const PAIR_BASE = 2 ** 26;

/** Words of an item's summary whose neighbours are noted (a summary is well under this). */
const PROSE_PAIR_WORDS = 60;

export class SearchIndex {
  private docs: (IndexedDoc | undefined)[] = [];
  private live: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private slotOfId = new Map<string, number>();
  private liveCount = 0;
  /** Words and bigrams share one id space; `words[id]` is the word, undefined for a bigram. */
  private wordIds = new Map<string, number>();
  private pairIds = new PairIds();
  /** Word pairs side by side in the items' summaries (no postings: only whether the content writes them). */
  private prosePairs = new PairSet();
  private words: (string | undefined)[] = [];
  private postings = new PostingLists();
  /** Per-document scratch while indexing: best weight per term, and the terms touched. */
  private bestWeight: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private touched: number[] = [];
  /** Typo lookup over the vocabulary; `vocabularyVersion` tells it when to rebuild. */
  private typos = new TypoNeighbours(
    () => this.wordIds.keys(),
    (w) => this.isWritten(w),
  );
  /** Syllables typed without their rhyme, read from the content's words (content-shorthand.ts), rebuilt like `typos`. */
  private shorthand = new ContentShorthand(
    () => this.wordsWithItems(),
    (w) => this.isWritten(w),
    (visit) => this.visitPairs(visit),
    (a, b) => {
      const pair = this.pairTerm(a, b);
      return pair < 0 ? 0 : this.postings.length(pair);
    },
  );
  private vocabularyVersion = 0;
  /** Tokenizing is most of the cost of indexing and text repeats the same syllables: once per word. */
  private wordTokens = new WordTokens((word) => {
    // Only spaces separate words there; other whitespace ("a\nb") is split by tokenize.
    this.accents.note(word);
    return tokenize(word).map((t) => this.wordId(t, true));
  });
  /** Per slot, the item's province (index into `provinceCodes`, 0 = national) and kind, for tight loops. */
  private slotProvince: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private slotKind: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private provinceCodes: string[] = [''];
  private itemsInProvince: number[] = [];
  /** Accented words as the content writes them (see noteAccented). */
  private accents = new AccentedWords();
  private listCache = new Map<string, readonly number[]>();
  /** An item was removed since the last seal: its postings must go even if nothing was added. */
  private removedSinceSeal = false;

  get size(): number {
    return this.liveCount;
  }

  toImage(): IndexImage {
    this.seal();
    const pairKeys = new Float64Array(this.pairIds.size);
    const pairIds = new Int32Array(this.pairIds.size);
    let i = 0;
    this.pairIds.forEach((a, b, id) => {
      pairKeys[i] = a * PAIR_BASE + b;
      pairIds[i++] = id;
    });
    return {
      words: this.words.map((w) => w ?? null),
      pairKeys,
      pairIds,
      prosePairKeys: this.prosePairs.toKeys(PAIR_BASE),
      docs: this.docs.map((d) => d ?? null),
      accentedWords: this.accents.list(),
      ...this.postings.arrays(),
    };
  }

  /** Rebuilds an index from `toImage()`; throws if the image does not hold together. */
  static fromImage(image: IndexImage): SearchIndex {
    const index = new SearchIndex();
    const termCount = image.words.length;
    if (image.offsets.length !== termCount + 1) throw new Error('index image: offsets do not match the vocabulary');
    if (image.pairKeys.length !== image.pairIds.length) throw new Error('index image: bigram tables differ in length');
    image.words.forEach((w, id) => {
      if (w !== null) index.wordIds.set(w, id);
      index.words.push(w ?? undefined);
    });
    image.pairIds.forEach((id, i) => {
      if (id < 0 || id >= termCount || image.words[id] !== null) throw new Error('index image: bad bigram id');
      const key = image.pairKeys[i]!;
      const [a, b] = [Math.floor(key / PAIR_BASE), key % PAIR_BASE];
      if (!(a >= 0 && a < termCount && b >= 0 && b < termCount) || index.pairIds.get(a, b) >= 0) throw new Error('index image: bad bigram key');
      index.pairIds.add(a, b, id);
    });
    index.prosePairs = PairSet.fromKeys(image.prosePairKeys, PAIR_BASE, termCount);
    index.live = new Uint8Array(Math.max(1024, image.docs.length));
    image.docs.forEach((doc, slot) => {
      index.docs.push(doc ?? undefined);
      if (!doc) return;
      index.live[slot] = 1;
      index.slotOfId.set(doc.id, slot);
      index.liveCount++;
    });
    index.accents = new AccentedWords(image.accentedWords);
    image.docs.forEach((doc, slot) => {
      if (doc) index.noteSlot(slot, doc);
    });
    index.postings = PostingLists.fromArrays(image.offsets, image.entries, image.docs.length);
    index.bestWeight = new Uint8Array(Math.max(1024, termCount));
    index.vocabularyVersion = termCount;
    return index;
  }

  has(id: string): boolean {
    return this.slotOfId.has(id);
  }

  /** Adds or replaces an item. Call `seal()` (queries do) before reading. */
  upsert(item: StoredItem): void {
    // An update takes a new slot; the old one is marked dead and its entries go at the next seal.
    const existing = this.slotOfId.get(item.id);
    if (existing !== undefined) {
      this.docs[existing] = undefined;
      this.live[existing] = 0;
      this.itemsInProvince[this.slotProvince[existing]!]!--;
    }
    const slot = this.docs.length;
    // `recurs`: a short text found whole in many items (a place, a trade, a fee).
    const addText = (text: string | undefined, field: Field, limit = Infinity, recurs = false) => {
      if (text) this.addTerms(this.tokenIds(text, limit, recurs), field, limit);
    };
    const titleIds = this.tokenIds(item.title, Infinity);
    const keywordIds = (item.keywords ?? []).map((k) => this.tokenIds(k, Infinity, true));
    this.addTerms(titleIds, 'title');
    for (const ids of keywordIds) this.addTerms(ids, 'keywords');

    const tradeIds = item.trade ? this.tokenIds(item.trade, Infinity, true) : [];
    this.addTerms(tradeIds, 'trade');
    const tagIds = (item.tags ?? []).map((t) => this.tokenIds(t, Infinity, true));
    for (const ids of tagIds) this.addTerms(ids, 'tags');
    addText([item.source?.ref, item.source?.issuer].filter(Boolean).join(' '), 'source');
    // "215/KH-UBND" is asked as "ke hoach 215": index the number alone too.
    for (const num of (item.source?.ref ?? '').match(/\d+/g) ?? []) this.touch(this.wordId(num, true), FIELD_PERCENT.source);
    const summaryIds = item.summary ? this.tokenIds(item.summary, Infinity) : [];
    this.addTerms(summaryIds, 'summary');
    for (let i = 0; i + 1 < Math.min(summaryIds.length, PROSE_PAIR_WORDS); i++) this.prosePairs.add(summaryIds[i]!, summaryIds[i + 1]!);
    addText(item.place, 'place', Infinity, true);
    addText(dateWords(item), 'dates', Infinity, true);
    addText(item.province, 'province', Infinity, true);
    if (item.provinceCode) addText(provinceByCode(item.provinceCode)?.name, 'province', Infinity, true);
    this.addTerms(this.listIds(KIND_TERMS[item.kind]), 'kind');
    for (const q of FIELD_QUESTIONS) if (q.has(item)) this.addTerms(this.listIds(q.words), 'kind');
    // The fee as written ("Miễn phí", "900.000 đồng"): "có miễn phí không" asks for it.
    addText(item.fee, 'body', Infinity, true);
    addText(item.body, 'body', BODY_TOKEN_LIMIT);

    for (const term of this.touched) {
      this.postings.add(term, slot, this.bestWeight[term]!);
      this.bestWeight[term] = 0;
    }
    this.touched.length = 0;
    // Joined, not concatenated: `+=` would keep each text as a chain of pieces for the index's lifetime.
    const folded = (lists: (readonly number[])[], limit: number) => {
      const words: string[] = [];
      for (const ids of lists) for (let i = 0; i < ids.length && words.length < limit; i++) words.push(this.words[ids[i]!]!);
      return words.join(' ');
    };
    this.docs[slot] = {
      id: item.id,
      kind: item.kind,
      title: item.title,
      provinceCode: item.provinceCode,
      rev: item.rev,
      titleFolded: folded([titleIds], 50),
      keywordsFolded: folded([...keywordIds, tradeIds, ...tagIds], 60),
      accented: this.accents.wordsOf([item.title, item.trade, ...(item.keywords ?? []), ...(item.tags ?? [])]),
      years: dateYears(item),
    };
    if (slot >= this.live.length) this.live = grow(this.live, slot + 1);
    this.live[slot] = 1;
    this.noteSlot(slot, this.docs[slot]!);
    this.slotOfId.set(item.id, slot);
    this.liveCount += existing === undefined ? 1 : 0;
  }

  /**
   * Drops an item deleted at revision `rev`; a copy written at that revision or later is the item
   * written again under the same id, and stays. Call `seal()` (queries do) before reading.
   */
  remove(id: string, rev = Infinity): boolean {
    const slot = this.slotOfId.get(id);
    if (slot === undefined || this.docs[slot]!.rev >= rev) return false;
    this.docs[slot] = undefined;
    this.live[slot] = 0;
    this.itemsInProvince[this.slotProvince[slot]!]!--;
    this.slotOfId.delete(id);
    this.liveCount--;
    this.removedSinceSeal = true;
    return true;
  }

  /** Makes everything upserted so far searchable (cheap when nothing changed). */
  seal(): void {
    if (!this.postings.dirty && !this.removedSinceSeal) return;
    this.removedSinceSeal = false;
    this.postings.seal(this.words.length, this.live);
    // The word caches only speed up a batch of upserts; between batches they are just memory.
    this.accents.forgetCache();
    this.wordTokens.clear();
  }

  /** Vocabulary words one edit away from an unknown `token` (see typo-neighbours.ts). */
  similarWords(token: string): string[] {
    this.seal();
    return this.typos.near(token, this.vocabularyVersion);
  }

  /** The content's words a shorthand it never writes may stand for ("xg" → xong; content-shorthand.ts). */
  readShorthand(token: string): string[] {
    this.seal();
    return this.shorthand.read(token, this.vocabularyVersion);
  }

  /** Whether some live item holds the word. */
  private isWritten(word: string): boolean {
    return this.postings.length(this.wordId(word, false)) > 0;
  }

  private *wordsWithItems(): Generator<readonly [string, number]> {
    for (const [word, id] of this.wordIds) yield [word, this.postings.length(id)];
  }

  /** Visits every word pair of the short fields with the number of live items holding it. */
  private visitPairs(visit: (first: string, second: string, items: number) => void): void {
    this.pairIds.forEach((a, b, id) => visit(this.words[a] ?? '', this.words[b] ?? '', this.postings.length(id)));
  }

  private noteSlot(slot: number, doc: IndexedDoc): void {
    if (slot >= this.slotKind.length) {
      this.slotKind = grow(this.slotKind, slot + 1);
      this.slotProvince = grow(this.slotProvince, slot + 1);
    }
    this.slotKind[slot] = KIND_IDS[doc.kind];
    const province = doc.provinceCode ? this.provinceId(doc.provinceCode, true) : 0;
    this.slotProvince[slot] = province;
    this.itemsInProvince[province] = (this.itemsInProvince[province] ?? 0) + 1;
  }

  /** Number of live items of a province id (0: national items). */
  provinceSize(id: number): number {
    return this.itemsInProvince[id] ?? 0;
  }

  /** Province ids in use, national (0) included: ids are below this. */
  get provinceCount(): number {
    return this.provinceCodes.length;
  }

  /** Small number for a province code (0 for none); -1 when unknown and `create` is false. */
  provinceId(code: string, create = false): number {
    const at = this.provinceCodes.indexOf(code);
    if (at >= 0 || !create) return at;
    this.provinceCodes.push(code);
    return this.provinceCodes.length - 1;
  }

  /** The slot's province id (see provinceId; 0 = national). */
  provinceAt(slot: number): number {
    return this.slotProvince[slot]!;
  }

  /** The slot's kind id (KIND_IDS). */
  kindAt(slot: number): number {
    return this.slotKind[slot]!;
  }

  /** Term ids of a fixed word list (kind and field words), tokenized once. */
  private listIds(words: string): readonly number[] {
    let ids = this.listCache.get(words);
    if (!ids) this.listCache.set(words, (ids = this.tokenIds(words, Infinity)));
    return ids;
  }

  /** Whether any item uses this accented word as written (tone placement aside). */
  hasAccented(word: string): boolean {
    return this.accents.has(word);
  }

  /** The highest field weight the term has in any item. */
  maxWeight(term: number): number {
    this.seal();
    return this.postings.maxWeight(term);
  }

  /** Id of a folded word; -1 when the index has never seen it. */
  termId(word: string): number {
    return this.wordId(word, false);
  }

  /**
   * Whether some item's summary has "a b" side by side. An item replaced or deleted since the index
   * was built may still count: it only spares a word of the language being read as a lacking topic.
   */
  proseWrites(a: string, b: string): boolean {
    return this.prosePairs.has(this.wordId(a, false), this.wordId(b, false));
  }

  /** Id of the pair "a b" as written in a short field; -1 when never seen. */
  pairTerm(a: string, b: string): number {
    return this.pairId(this.wordId(a, false), this.wordId(b, false), false);
  }

  /** Number of live items holding the term. */
  df(term: number): number {
    this.seal();
    return this.postings.length(term);
  }

  /** Slots (ascending) of the live items holding any of `terms`. */
  candidateSlots(terms: number[]): Int32Array {
    this.seal();
    const lists = terms.map((t) => this.postings.slotsOf(t)).filter((l) => l.length > 0);
    if (lists.length <= 1) return lists[0] ?? new Int32Array(0);
    // Several lists: concatenated, sorted natively, duplicates dropped.
    const all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
    let at = 0;
    for (const l of lists) {
      all.set(l, at);
      at += l.length;
    }
    all.sort();
    let kept = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[kept++] = all[i]!;
    return all.subarray(0, kept);
  }

  /** The term's weight (its best field, 0..1) in each of `slots`, 0 where absent. */
  weightsOf(term: number, slots: Int32Array): Float32Array {
    const out = new Float32Array(slots.length);
    this.postings.weightsAt(term, slots, out);
    return out;
  }

  /** Slot of a live item, -1 if absent. */
  slotOf(id: string): number {
    return this.slotOfId.get(id) ?? -1;
  }

  docAt(slot: number): IndexedDoc | undefined {
    return this.docs[slot];
  }

  getDoc(id: string): IndexedDoc | undefined {
    const slot = this.slotOfId.get(id);
    return slot === undefined ? undefined : this.docs[slot];
  }

  /** Counts a field's words (and, in short fields, their bigrams) for the document being indexed. */
  private addTerms(ids: readonly number[], field: Field, limit = Infinity): void {
    const n = Math.min(ids.length, limit);
    // Pairs only where words stand as written: the kind's word lists are not phrases.
    const bigrams = field !== 'body' && field !== 'summary' && field !== 'kind';
    const weight = FIELD_PERCENT[field];
    for (let i = 0; i < n; i++) {
      this.touch(ids[i]!, weight);
      if (bigrams && i + 1 < n) this.touch(this.pairId(ids[i]!, ids[i + 1]!, true), weight);
    }
  }

  /** Counts a term for the document being indexed at the weight (percent) of its best field. */
  private touch(term: number, w: number): void {
    if (term >= this.bestWeight.length) this.bestWeight = grow(this.bestWeight, term + 1);
    const had = this.bestWeight[term]!;
    if (had === 0) this.touched.push(term);
    if (w > had) this.bestWeight[term] = w;
  }

  private wordId(word: string, create: boolean): number {
    const id = this.wordIds.get(word);
    if (id !== undefined || !create) return id ?? -1;
    const created = this.words.length;
    this.words.push(word);
    this.wordIds.set(word, created);
    this.vocabularyVersion++;
    return created;
  }

  private pairId(a: number, b: number, create: boolean): number {
    if (a < 0 || b < 0) return -1;
    const id = this.pairIds.get(a, b);
    if (id >= 0 || !create) return id;
    const created = this.words.length;
    this.words.push(undefined);
    this.pairIds.add(a, b, created);
    return created;
  }

  /** Term ids of a text's tokens, at most about `limit` of them (whole words, so maybe a few more). */
  private tokenIds(text: string, limit: number, recurs = false): readonly number[] {
    // A text that recurs whole from item to item is looked up once per text, not once per word.
    return recurs ? this.wordTokens.phraseIds(text) : this.wordTokens.idsOf(text, limit);
  }
}

function grow(arr: Uint8Array, atLeast: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(Math.max(atLeast, arr.length * 2));
  next.set(arr);
  return next;
}
