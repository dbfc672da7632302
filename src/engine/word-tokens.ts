/**
 * The term ids of a text's space-separated words, with each distinct word tokenized once. Building
 * the index looks up every word of every item (tens of millions at 100k items) and content repeats
 * the same few thousand syllables, so the look-up itself is the cost: this table hashes the word
 * where it stands in the text and compares it in place, where a Map would need each word cut out
 * as a new string first.
 */

/** Distinct words remembered; past this the table starts over (it is only a cache). */
const WORD_LIMIT = 200_000;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const SPACE = 32;

export class WordTokens {
  private words: string[] = [];
  private hashes: number[] = [];
  /** Word e's ids are `ids[idStart[e] .. idStart[e + 1])`. */
  private idStart: number[] = [0];
  private ids: number[] = [];
  /** Open addressing: entry + 1 per bucket, 0 for an empty bucket. */
  private buckets = new Int32Array(1 << 12);

  /** @param tokenize the term ids of one new word (called once per distinct word) */
  constructor(private readonly tokenize: (word: string) => number[]) {}

  /**
   * Appends the term ids of `text`'s words to `out`, stopping once `out` holds `limit` ids or more
   * (whole words, so maybe a few more). Only spaces separate words here.
   */
  idsOf(text: string, limit: number, out: number[] = []): number[] {
    const len = text.length;
    for (let pos = 0; pos < len && out.length < limit; ) {
      let hash = FNV_OFFSET;
      let end = pos;
      for (; end < len; end++) {
        const c = text.charCodeAt(end);
        if (c === SPACE) break;
        hash = Math.imul(hash ^ c, FNV_PRIME);
      }
      if (end > pos) {
        let entry = this.find(text, pos, end, hash);
        if (entry < 0) entry = this.add(text.slice(pos, end), hash);
        for (let k = this.idStart[entry]!, stop = this.idStart[entry + 1]!; k < stop; k++) out.push(this.ids[k]!);
      }
      pos = end + 1;
    }
    return out;
  }

  /** Forgets every word (the ids stay valid in the index; only the look-up table goes). */
  clear(): void {
    this.words = [];
    this.hashes = [];
    this.idStart = [0];
    this.ids = [];
    this.buckets = new Int32Array(1 << 12);
  }

  private find(text: string, pos: number, end: number, hash: number): number {
    const mask = this.buckets.length - 1;
    const n = end - pos;
    for (let b = hash & mask; ; b = (b + 1) & mask) {
      const entry = this.buckets[b]! - 1;
      if (entry < 0) return -1;
      if (this.hashes[entry] === hash) {
        const word = this.words[entry]!;
        if (word.length === n && text.startsWith(word, pos)) return entry;
      }
    }
  }

  private add(word: string, hash: number): number {
    if (this.words.length >= WORD_LIMIT) this.clear();
    const ids = this.tokenize(word);
    const entry = this.words.length;
    this.words.push(word);
    this.hashes.push(hash);
    for (const id of ids) this.ids.push(id);
    this.idStart.push(this.ids.length);
    // Kept at most half full, so probes stay short.
    if ((entry + 1) * 2 > this.buckets.length) this.rehash(this.buckets.length * 2);
    else this.place(entry);
    return entry;
  }

  private place(entry: number): void {
    const mask = this.buckets.length - 1;
    let b = this.hashes[entry]! & mask;
    while (this.buckets[b] !== 0) b = (b + 1) & mask;
    this.buckets[b] = entry + 1;
  }

  private rehash(size: number): void {
    this.buckets = new Int32Array(size);
    for (let e = 0; e < this.words.length; e++) this.place(e);
  }
}
