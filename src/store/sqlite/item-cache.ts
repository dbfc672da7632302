/**
 * Parsed items of one content revision, kept between reads. Every question fetches its results'
 * full items (a few kB of JSON each); reading and parsing them again on every turn was a tenth of
 * the store's CPU per Telegram update. Any change to the items table bumps the content revision in
 * the same transaction, so an entry is valid exactly while the revision it was read at is current:
 * a change by another process (an import from the CLI) empties the cache at the next read.
 *
 * Cached items are shared between callers, so they are frozen: a caller that changed one in place
 * would change it for everyone (and now fails loudly instead).
 */
import type { StoredItem } from '../../content/model.js';

/** Enough for every item questions commonly land on, small enough to ignore (a few MB). */
const MAX_ITEMS = 2000;

export class ItemCache {
  #rev: number | undefined;
  readonly #items = new Map<string, StoredItem>();

  constructor(private readonly maxItems = MAX_ITEMS) {}

  /** Starts over when `rev` is not the revision the cached items were read at. */
  atRevision(rev: number): void {
    if (rev === this.#rev) return;
    this.#items.clear();
    this.#rev = rev;
  }

  get(id: string): StoredItem | undefined {
    return this.#items.get(id);
  }

  /** Freezes `item` (deeply) and keeps it; returns it. */
  put(item: StoredItem): StoredItem {
    if (this.#items.size >= this.maxItems) this.#items.clear();
    this.#items.set(item.id, deepFreeze(item));
    return item;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
