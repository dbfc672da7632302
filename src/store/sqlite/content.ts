/** The content section of the embedded store: items, imports, the published revision. */
import type { ContentItem, StoredItem } from '../../content/model.js';
import type { ContentStore } from '../ports.js';
import { itemFingerprint } from '../shared.js';
import type { ContentFilter, ImportOptions, ImportResult, ItemRemoval, RemoveOutcome } from '../types.js';
import type { SqliteConnection } from './connection.js';
import { ItemCache } from './item-cache.js';
import { scheduleParams } from './migrations.js';
import { readPagesInWorker } from './page-reader.js';

/**
 * Items per page when streaming content (whole items are a few kB each): small pages die young in
 * the garbage collector instead of being promoted, which decides peak memory when indexing 100k items.
 */
const ITEM_PAGE = 500;
/** Changed items written between two checks of an import's stop signal. */
const IMPORT_CHUNK = 1000;
const ITEM_COLUMNS = 'SELECT id, province_code, rev, json, imported_at FROM items';
const FIRST_ITEM_PAGE_SQL = `${ITEM_COLUMNS} WHERE rev > @sinceRev AND rev <= @untilRev ORDER BY rev, id LIMIT ${ITEM_PAGE}`;
// The row value alone bounds the index range ("+rev" keeps the other bound out of it): SQLite would
// otherwise seek by `rev > @sinceRev` and walk every earlier row again on every page, quadratic in
// the size of an import.
const NEXT_ITEM_PAGE_SQL = `${ITEM_COLUMNS} WHERE (rev, id) > (@rev, @id) AND +rev <= @untilRev ORDER BY rev, id LIMIT ${ITEM_PAGE}`;
/** Below this many items a worker thread's start costs more than it saves. */
const WORKER_READ_MIN_ITEMS = 20_000;

export interface ItemRow {
  id: string;
  province_code: string | null;
  rev: number;
  json: string;
  imported_at: string;
}

export function toStoredItem(row: ItemRow): StoredItem {
  // The parsed object is new and nobody else's: it becomes the stored item rather than being copied.
  const stored = JSON.parse(row.json) as StoredItem;
  stored.rev = row.rev;
  stored.importedAt = row.imported_at;
  if (row.province_code !== null) stored.provinceCode = row.province_code;
  return stored;
}

export class SqliteContent implements ContentStore {
  /** getItems' parsed items of the current revision (shared and frozen). */
  readonly #cache = new ItemCache();

  constructor(private readonly c: SqliteConnection) {}

  #revision(): number {
    return (this.c.q(`SELECT value FROM meta WHERE key = 'content_rev'`).get() as { value: number }).value;
  }

  async importItems(
    items: ContentItem[],
    provinceCodeOf: (item: ContentItem) => string | undefined,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    const { signal, onProgress } = options;
    const chunkSize = Math.max(1, options.chunkSize ?? IMPORT_CHUNK);
    // Everything that can fail on bad input runs before the write lock is taken; if anything throws,
    // nothing has been written. The transaction below then only writes (or is stopped, and rolled back).
    const prepared = items.map((item) => {
      const provinceCode = provinceCodeOf(item);
      return { item, provinceCode, ...itemFingerprint(item, provinceCode), schedule: scheduleParams(item) };
    });
    const importedAt = this.c.clock.now().toISOString();
    signal?.throwIfAborted();
    return this.c.write(() => {
      const current = (this.c.q(`SELECT value FROM meta WHERE key = 'content_rev'`).get() as { value: number }).value;
      const rev = current + 1;
      const getHash = this.c.q('SELECT hash FROM items WHERE id = ?');
      const upsert = this.c.q(
        `INSERT INTO items (id, kind, province_code, capacity, rev, hash, json, imported_at,
           listed_until, registration_until, start_key, title_key, trade_key)
         VALUES (@id, @kind, @provinceCode, @capacity, @rev, @hash, @json, @importedAt,
           @listedUntil, @registrationUntil, @startKey, @titleKey, @tradeKey)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, province_code = excluded.province_code,
           capacity = excluded.capacity, rev = excluded.rev, hash = excluded.hash, json = excluded.json,
           imported_at = excluded.imported_at, listed_until = excluded.listed_until,
           registration_until = excluded.registration_until, start_key = excluded.start_key,
           title_key = excluded.title_key, trade_key = excluded.trade_key`,
      );
      let inserted = 0;
      let updated = 0;
      let unchanged = 0;
      let written = 0;
      for (const p of prepared) {
        const existing = getHash.get(p.item.id) as { hash: string } | undefined;
        if (existing?.hash === p.hash) {
          unchanged++;
          continue;
        }
        if (existing) updated++;
        else inserted++;
        // A stop (or a throwing progress callback) here rolls the whole transaction back.
        if (written > 0 && written % chunkSize === 0) {
          onProgress?.({ written, total: prepared.length });
          signal?.throwIfAborted();
        }
        written++;
        upsert.run({
          id: p.item.id,
          kind: p.item.kind,
          provinceCode: p.provinceCode ?? null,
          capacity: p.item.capacity ?? null,
          rev,
          hash: p.hash,
          json: p.json,
          importedAt,
          ...p.schedule,
        });
      }
      if (inserted + updated === 0) return { inserted, updated, unchanged, rev: current };
      this.c.q(`UPDATE meta SET value = ? WHERE key = 'content_rev'`).run(rev);
      return { inserted, updated, unchanged, rev };
    });
  }

  async getItem(id: string): Promise<StoredItem | undefined> {
    const row = this.c.q('SELECT id, province_code, rev, json, imported_at FROM items WHERE id = ?').get(id) as
      | ItemRow
      | undefined;
    return row ? toStoredItem(row) : undefined;
  }

  async getItems(ids: string[]): Promise<StoredItem[]> {
    if (ids.length === 0) return [];
    this.#cache.atRevision(this.#revision());
    const wanted = [...new Set(ids)];
    const found = new Map<string, StoredItem>();
    const missing: string[] = [];
    for (const id of wanted) {
      const cached = this.#cache.get(id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = this.c.q(
        `SELECT id, province_code, rev, json, imported_at FROM items WHERE id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(missing)) as ItemRow[];
      for (const row of rows) found.set(row.id, this.#cache.put(toStoredItem(row)));
    }
    // Callers pass ids in ranking order (search results); keep it.
    const out: StoredItem[] = [];
    for (const id of wanted) {
      const item = found.get(id);
      if (item) out.push(item);
    }
    return out;
  }

  async listItems(filter: ContentFilter = {}): Promise<StoredItem[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.kind !== undefined) {
      where.push('kind = @kind');
      params.kind = filter.kind;
    }
    if (filter.provinceCode !== undefined) {
      where.push('province_code = @provinceCode');
      params.provinceCode = filter.provinceCode;
    }
    if (filter.ids !== undefined) {
      where.push('id IN (SELECT value FROM json_each(@ids))');
      params.ids = JSON.stringify(filter.ids);
    }
    if (filter.sinceRev !== undefined) {
      where.push('rev > @sinceRev');
      params.sinceRev = filter.sinceRev;
    }
    let sql = `SELECT id, province_code, rev, json, imported_at FROM items`;
    if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY rev, id';
    if (filter.limit !== undefined) {
      sql += ' LIMIT @limit';
      params.limit = filter.limit;
    }
    return (this.c.q(sql).all(params) as ItemRow[]).map(toStoredItem);
  }

  async *iterateItems(sinceRev = 0): AsyncGenerator<StoredItem> {
    // Keyset pages over (rev, id) rather than one long .iterate(): an open iterator would hold a read
    // snapshot (and block this connection's writes) for as long as the consumer takes between items.
    // Items re-imported meanwhile move to a higher rev and are simply seen again later, never missed.
    let cursor: { rev: number; id: string } | undefined;
    // Never past the published revision (see ContentStore.iterateItems); here an import and its revision
    // commit together, so this only keeps the two stores' contracts alike.
    const untilRev = await this.contentRevision();
    if (sinceRev === 0 && (await this.countItems()) >= WORKER_READ_MIN_ITEMS) {
      // A whole large table (the index's cold build): read on a worker thread, overlapping the caller.
      try {
        const query = { path: this.c.path, firstSql: FIRST_ITEM_PAGE_SQL, sql: NEXT_ITEM_PAGE_SQL, params: { sinceRev, untilRev }, cursor: { rev: 0, id: '' }, pageSize: ITEM_PAGE };
        for await (const rows of readPagesInWorker<ItemRow>(query)) {
          for (const row of rows) yield toStoredItem(row);
          const last = rows.at(-1);
          if (last) cursor = { rev: last.rev, id: last.id };
        }
        return;
      } catch {
        // The worker could not read (no threads, driver not loadable there): go on in this thread.
      }
    }
    for (;;) {
      const rows = (cursor ? this.c.q(NEXT_ITEM_PAGE_SQL).all({ untilRev, ...cursor }) : this.c.q(FIRST_ITEM_PAGE_SQL).all({ sinceRev, untilRev })) as ItemRow[];
      for (const row of rows) yield toStoredItem(row);
      const last = rows.at(-1);
      if (!last || rows.length < ITEM_PAGE) return;
      cursor = { rev: last.rev, id: last.id };
    }
  }

  async countItems(): Promise<number> {
    return (this.c.q('SELECT count(*) AS n FROM items').get() as { n: number }).n;
  }

  async contentRevision(): Promise<number> {
    return this.#revision();
  }

  async removeItem(id: string): Promise<RemoveOutcome> {
    const removedAt = this.c.clock.now().toISOString();
    // The count and the delete under one write lock: no enrolment slips in between them.
    return this.c.write((): RemoveOutcome => {
      const row = this.c.q('SELECT id, province_code, rev, json, imported_at FROM items WHERE id = ?').get(id) as ItemRow | undefined;
      if (!row) return { removed: false, reason: 'missing' };
      const enrolments = (this.c.q('SELECT count(*) AS n FROM enrollments WHERE course_id = ?').get(id) as { n: number }).n;
      if (enrolments > 0) return { removed: false, reason: 'enrolments', enrolments };
      const rev = (this.c.q(`SELECT value FROM meta WHERE key = 'content_rev'`).get() as { value: number }).value + 1;
      this.c.q('DELETE FROM items WHERE id = ?').run(id);
      this.c.q(`INSERT INTO item_removals (id, rev, removed_at) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, removed_at = excluded.removed_at`).run(id, rev, removedAt);
      this.c.q(`UPDATE meta SET value = ? WHERE key = 'content_rev'`).run(rev);
      return { removed: true, rev, item: toStoredItem(row) };
    });
  }

  async removedSince(sinceRev: number): Promise<ItemRemoval[]> {
    return this.c.q(`SELECT id, rev FROM item_removals WHERE rev > ? AND rev <= (SELECT value FROM meta WHERE key = 'content_rev') ORDER BY rev, id`).all(sinceRev) as ItemRemoval[];
  }
}
