/**
 * A cache keyed by the space-separated words of a text, looked up where the word stands. Building
 * the index looks up every word of every item (tens of millions at 100k items) and content repeats
 * the same few thousand syllables, so the look-up itself is the cost: this table hashes the word in
 * place and compares it in place, where a Map would need each word cut out as a new string first.
 */

/** Distinct words remembered; past this the table starts over (it is only a cache). */
const WORD_LIMIT = 200_000;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const SPACE = 32;

export class WordTable<T> {
  /** Where the word last looked up ends (the index of the space after it, or the text's length). */
  end = 0;
  private hash = 0;
  private words: string[] = [];
  private hashes: number[] = [];
  private values: T[] = [];
  /** Open addressing: entry + 1 per bucket, 0 for an empty bucket; kept at most half full. */
  private buckets = new Int32Array(1 << 12);

  /** The value of the word starting at `pos` (up to the next space); sets `end`. */
  lookup(text: string, pos: number): T | undefined {
    const len = text.length;
    let hash = FNV_OFFSET;
    let end = pos;
    for (; end < len; end++) {
      const c = text.charCodeAt(end);
      if (c === SPACE) break;
      hash = Math.imul(hash ^ c, FNV_PRIME);
    }
    this.end = end;
    this.hash = hash;
    const mask = this.buckets.length - 1;
    const n = end - pos;
    for (let b = hash & mask; ; b = (b + 1) & mask) {
      const entry = this.buckets[b]! - 1;
      if (entry < 0) return undefined;
      if (this.hashes[entry] === hash) {
        const word = this.words[entry]!;
        if (word.length === n && text.startsWith(word, pos)) return this.values[entry];
      }
    }
  }

  /** Remembers `value` for the word last looked up and not found (`word` is that word; no other
   * look-up in this table may come in between). */
  remember(word: string, value: T): void {
    if (this.words.length >= WORD_LIMIT) this.clear();
    const entry = this.words.length;
    this.words.push(word);
    this.hashes.push(this.hash);
    this.values.push(value);
    if ((entry + 1) * 2 > this.buckets.length) {
      this.buckets = new Int32Array(this.buckets.length * 2);
      for (let e = 0; e <= entry; e++) this.place(e);
    } else this.place(entry);
  }

  clear(): void {
    this.words = [];
    this.hashes = [];
    this.values = [];
    this.buckets = new Int32Array(1 << 12);
  }

  private place(entry: number): void {
    const mask = this.buckets.length - 1;
    let b = this.hashes[entry]! & mask;
    while (this.buckets[b] !== 0) b = (b + 1) & mask;
    this.buckets[b] = entry + 1;
  }
}
