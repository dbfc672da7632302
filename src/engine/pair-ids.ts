/**
 * Term ids of word pairs (bigrams), looked up by the ids of their two words. Building the index looks
 * up every adjacent pair of every short field; a Map keyed by a number that combines both ids boxes
 * that number on each look-up once ids pass 2^5, so the pairs live in flat integer arrays instead.
 */

export class PairIds {
  /** Pair e is (first[e], second[e]) → ids[e], in the order the pairs were added. */
  private first = new Int32Array(1024);
  private second = new Int32Array(1024);
  private ids = new Int32Array(1024);
  private count = 0;
  /** Open addressing: entry + 1 per bucket, 0 for an empty bucket; kept at most half full. */
  private buckets = new Int32Array(2048);

  get size(): number {
    return this.count;
  }

  /** Id of the pair (a, b); -1 when never added. */
  get(a: number, b: number): number {
    const mask = this.buckets.length - 1;
    for (let k = hash(a, b) & mask; ; k = (k + 1) & mask) {
      const e = this.buckets[k]! - 1;
      if (e < 0) return -1;
      if (this.first[e] === a && this.second[e] === b) return this.ids[e]!;
    }
  }

  /** Adds a pair not yet present. */
  add(a: number, b: number, id: number): void {
    if (this.count === this.first.length) {
      this.first = grown(this.first);
      this.second = grown(this.second);
      this.ids = grown(this.ids);
    }
    const e = this.count++;
    this.first[e] = a;
    this.second[e] = b;
    this.ids[e] = id;
    if (this.count * 2 > this.buckets.length) {
      this.buckets = new Int32Array(this.buckets.length * 2);
      for (let i = 0; i < this.count; i++) this.place(i);
    } else this.place(e);
  }

  /** Calls `fn` for each pair, in the order they were added. */
  forEach(fn: (a: number, b: number, id: number) => void): void {
    for (let e = 0; e < this.count; e++) fn(this.first[e]!, this.second[e]!, this.ids[e]!);
  }

  private place(e: number): void {
    const mask = this.buckets.length - 1;
    let k = hash(this.first[e]!, this.second[e]!) & mask;
    while (this.buckets[k] !== 0) k = (k + 1) & mask;
    this.buckets[k] = e + 1;
  }
}

/** A set of word pairs (no ids), kept as keys of first id × `base` + second id in an image. */
export class PairSet {
  private readonly pairs = new PairIds();

  has(a: number, b: number): boolean {
    return a >= 0 && b >= 0 && this.pairs.get(a, b) >= 0;
  }

  add(a: number, b: number): void {
    if (this.pairs.get(a, b) < 0) this.pairs.add(a, b, 0);
  }

  toKeys(base: number): Float64Array {
    const keys = new Float64Array(this.pairs.size);
    let i = 0;
    this.pairs.forEach((a, b) => (keys[i++] = a * base + b));
    return keys;
  }

  /** Rebuilds a set from `toKeys`; throws on a key naming an id outside [0, idCount). */
  static fromKeys(keys: Float64Array, base: number, idCount: number): PairSet {
    const set = new PairSet();
    for (const key of keys) {
      const [a, b] = [Math.floor(key / base), key % base];
      if (!(a >= 0 && a < idCount && b >= 0 && b < idCount)) throw new Error('index image: bad word pair key');
      set.add(a, b);
    }
    return set;
  }
}

function hash(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  return h ^ (h >>> 15);
}

function grown(arr: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(arr.length * 2);
  next.set(arr);
  return next;
}
