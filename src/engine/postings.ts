/**
 * Posting lists of the whole vocabulary in two flat typed arrays (compressed sparse rows): term t's
 * entries are `entries[offsets[t] .. offsets[t + 1])`, each a document slot and a field weight packed
 * in one 32-bit integer. At 100k items this is ~8M entries in 32 MB, where one small typed array per
 * term cost more in object headers than in data, and kept the garbage collector busy while loading.
 *
 * Additions are appended to a pending log and folded in by `seal()` (one counting sort), which also
 * drops entries of documents that were replaced, so document frequencies stay exact.
 */

const WEIGHT_BITS = 7;
const WEIGHT_MASK = (1 << WEIGHT_BITS) - 1;
/** Slots must fit beside the weight in a positive 32-bit integer. */
export const MAX_SLOT = 2 ** (31 - WEIGHT_BITS) - 1;
/** Pending log chunk, in (term, entry) pairs: fixed chunks avoid copying a doubling buffer. */
const CHUNK_PAIRS = 1 << 19;

export const slotOf = (entry: number): number => entry >>> WEIGHT_BITS;
/** Field weight of an entry, 0..1. */
export const weightOf = (entry: number): number => (entry & WEIGHT_MASK) / 100;

export class PostingLists {
  private offsets: Int32Array = new Int32Array(1);
  private entries: Int32Array = new Int32Array(0);
  private pending: Int32Array[] = [];
  private pendingPairs = 0;

  /** The sealed arrays, for a snapshot (the caller seals first). */
  arrays(): { offsets: Int32Array; entries: Int32Array } {
    if (this.dirty) throw new Error('posting lists must be sealed before export');
    return { offsets: this.offsets, entries: this.entries };
  }

  /** Lists from a snapshot's arrays, checked enough that a damaged file cannot crash a query. */
  static fromArrays(offsets: Int32Array, entries: Int32Array, slotCount: number): PostingLists {
    if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== entries.length) throw new Error('posting offsets do not match the entries');
    for (let t = 1; t < offsets.length; t++) if (offsets[t]! < offsets[t - 1]!) throw new Error('posting offsets are not ascending');
    for (let k = 0; k < entries.length; k++) {
      if (entries[k]! < 0 || entries[k]! >>> WEIGHT_BITS >= slotCount) throw new Error('posting entry points past the documents');
    }
    const lists = new PostingLists();
    lists.offsets = offsets;
    lists.entries = entries;
    return lists;
  }

  /** Records that `slot` holds `term` with a weight in percent (1..100). */
  add(term: number, slot: number, weightPercent: number): void {
    if (slot > MAX_SLOT) throw new RangeError(`search index full: slot ${slot} exceeds ${MAX_SLOT}`);
    const at = this.pendingPairs % CHUNK_PAIRS;
    if (at === 0) this.pending.push(new Int32Array(CHUNK_PAIRS * 2));
    const chunk = this.pending[this.pending.length - 1]!;
    chunk[at * 2] = term;
    chunk[at * 2 + 1] = (slot << WEIGHT_BITS) | (weightPercent & WEIGHT_MASK);
    this.pendingPairs++;
  }

  get dirty(): boolean {
    return this.pendingPairs > 0;
  }

  /**
   * Folds pending additions into the lists, keeping only entries whose slot is live. Within a term,
   * entries stay in slot order (old entries first, and new slots are always higher).
   */
  seal(termCount: number, live: Uint8Array): void {
    const oldTerms = this.offsets.length - 1;
    const { offsets: oldOffsets, entries: oldEntries } = this;
    const counts = new Int32Array(termCount + 1);
    for (let t = 0; t < oldTerms; t++) {
      for (let k = oldOffsets[t]!; k < oldOffsets[t + 1]!; k++) if (live[oldEntries[k]! >>> WEIGHT_BITS]) counts[t + 1]!++;
    }
    this.forEachPending((t, e) => {
      if (live[e >>> WEIGHT_BITS]) counts[t + 1]!++;
    });
    for (let t = 0; t < termCount; t++) counts[t + 1]! += counts[t]!;
    const entries = new Int32Array(counts[termCount]!);
    const cursor = counts.slice(0, termCount);
    for (let t = 0; t < oldTerms; t++) {
      for (let k = oldOffsets[t]!; k < oldOffsets[t + 1]!; k++) {
        const e = oldEntries[k]!;
        if (live[e >>> WEIGHT_BITS]) entries[cursor[t]!++] = e;
      }
    }
    this.forEachPending((t, e) => {
      if (live[e >>> WEIGHT_BITS]) entries[cursor[t]!++] = e;
    });
    this.offsets = counts;
    this.entries = entries;
    this.pending = [];
    this.pendingPairs = 0;
  }

  /** Number of live documents holding `term` (as of the last seal). */
  length(term: number): number {
    return term >= 0 && term < this.offsets.length - 1 ? this.offsets[term + 1]! - this.offsets[term]! : 0;
  }

  /** The highest weight `term` has in any live document (0 when none). */
  maxWeight(term: number): number {
    if (term < 0 || term >= this.offsets.length - 1) return 0;
    let max = 0;
    for (let k = this.offsets[term]!; k < this.offsets[term + 1]!; k++) max = Math.max(max, weightOf(this.entries[k]!));
    return max;
  }

  /** The slots holding `term`, ascending (as of the last seal). */
  slotsOf(term: number): Int32Array {
    if (term < 0 || term >= this.offsets.length - 1) return new Int32Array(0);
    return this.entries.subarray(this.offsets[term]!, this.offsets[term + 1]!).map((e) => e >>> WEIGHT_BITS);
  }

  /**
   * Writes `term`'s weight in each of `slots` (ascending) to `out` (same positions; left alone where
   * absent). Walks the shorter of the two sorted lists and gallops through the longer, so a word
   * found in every item costs the number of candidates, not the size of the store.
   */
  weightsAt(term: number, slots: Int32Array, out: Float32Array): void {
    if (term < 0 || term >= this.offsets.length - 1) return;
    const { entries } = this;
    const begin = this.offsets[term]!;
    const end = this.offsets[term + 1]!;
    if (end - begin <= slots.length) {
      let i = 0;
      for (let k = begin; k < end && i < slots.length; k++) {
        const slot = entries[k]! >>> WEIGHT_BITS;
        i = gallop(slots, i, slots.length, slot);
        if (i < slots.length && slots[i] === slot) out[i] = weightOf(entries[k]!);
      }
    } else {
      let k = begin;
      for (let i = 0; i < slots.length && k < end; i++) {
        // Entries sort by slot first, so the smallest entry of a slot is slot << WEIGHT_BITS.
        k = gallop(entries, k, end, slots[i]! << WEIGHT_BITS);
        if (k < end && entries[k]! >>> WEIGHT_BITS === slots[i]) out[i] = weightOf(entries[k]!);
      }
    }
  }

  private forEachPending(fn: (term: number, entry: number) => void): void {
    let left = this.pendingPairs;
    for (const chunk of this.pending) {
      const n = Math.min(left, CHUNK_PAIRS);
      for (let i = 0; i < n; i++) fn(chunk[i * 2]!, chunk[i * 2 + 1]!);
      left -= n;
    }
  }
}

/** First index in `list[from, to)` (ascending) whose value is ≥ `target`: exponential then binary search. */
function gallop(list: Int32Array, from: number, to: number, target: number): number {
  if (from >= to || list[from]! >= target) return from;
  let lo = from;
  let step = 1;
  while (lo + step < to && list[lo + step]! < target) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, to);
  lo += 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
