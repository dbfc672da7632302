/** The content section of the MongoDB store: items, imports (import.ts), the published revision. */
import type { ContentItem, StoredItem } from '../../content/model.js';
import type { ContentStore } from '../ports.js';
import { STREAM_BATCH } from '../shared.js';
import type { ContentFilter, ImportOptions, ImportResult } from '../types.js';
import type { MongoConnection } from './connection.js';
import type { ItemDoc } from './import.js';

export function toStoredItem(doc: ItemDoc): StoredItem {
  const stored: StoredItem = { ...doc.data, rev: doc.rev, importedAt: doc.importedAt };
  if (doc.provinceCode !== undefined && doc.provinceCode !== null) stored.provinceCode = doc.provinceCode;
  return stored;
}

export class MongoContent implements ContentStore {
  constructor(private readonly c: MongoConnection) {}

  async importItems(
    items: ContentItem[],
    provinceCodeOf: (item: ContentItem) => string | undefined,
    options?: ImportOptions,
  ): Promise<ImportResult> {
    // Staged, committed in one small transaction, then applied and published: import.ts.
    return this.c.importer.importItems(items, provinceCodeOf, options);
  }

  async getItem(id: string): Promise<StoredItem | undefined> {
    const doc = await this.c.m.Item.findById(id).lean<ItemDoc>();
    return doc ? toStoredItem(doc) : undefined;
  }

  async getItems(ids: string[]): Promise<StoredItem[]> {
    if (ids.length === 0) return [];
    const docs = await this.c.m.Item.find({ _id: { $in: ids } }).lean<ItemDoc[]>();
    const byId = new Map(docs.map((d) => [d._id, d]));
    const out: StoredItem[] = [];
    for (const id of new Set(ids)) {
      const d = byId.get(id);
      if (d) out.push(toStoredItem(d));
    }
    return out;
  }

  async listItems(filter: ContentFilter = {}): Promise<StoredItem[]> {
    const q: Record<string, unknown> = {};
    if (filter.kind !== undefined) q.kind = filter.kind;
    if (filter.provinceCode !== undefined) q.provinceCode = filter.provinceCode;
    if (filter.ids !== undefined) q._id = { $in: filter.ids };
    if (filter.sinceRev !== undefined) q.rev = { $gt: filter.sinceRev };
    let query = this.c.m.Item.find(q).sort({ rev: 1, _id: 1 });
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return (await query.lean<ItemDoc[]>()).map(toStoredItem);
  }

  async *iterateItems(sinceRev = 0): AsyncGenerator<StoredItem> {
    // Items of an import being applied already sit in `items` above the published revision: a reader
    // that took them and moved its revision past them would never see the rest of that import.
    const untilRev = await this.contentRevision();
    // Keyset pages rather than one cursor: a consumer slower than the server's idle-cursor timeout is fine.
    let last: { rev: number; id: string } | undefined;
    for (;;) {
      const q: Record<string, unknown> = { rev: { $gt: sinceRev, $lte: untilRev } };
      if (last) q.$or = [{ rev: { $gt: last.rev } }, { rev: last.rev, _id: { $gt: last.id } }];
      const docs = await this.c.m.Item.find(q).sort({ rev: 1, _id: 1 }).limit(STREAM_BATCH).lean<ItemDoc[]>();
      for (const d of docs) yield toStoredItem(d);
      const tail = docs.at(-1);
      if (!tail || docs.length < STREAM_BATCH) return;
      last = { rev: tail.rev, id: tail._id };
    }
  }

  async countItems(): Promise<number> {
    return this.c.m.Item.countDocuments();
  }

  async contentRevision(): Promise<number> {
    return this.c.importer.publishedRevision();
  }
}
