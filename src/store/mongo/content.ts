/** The content section of the MongoDB store: items, imports (import.ts), removals, the published revision. */
import type { ContentItem, StoredItem } from '../../content/model.js';
import type { ContentStore } from '../ports.js';
import { STREAM_BATCH } from '../shared.js';
import type { ContentFilter, ImportOptions, ImportResult, ItemRemoval, RemoveOutcome } from '../types.js';
import { isDuplicateKey, type MongoConnection } from './connection.js';
import { REV_ALLOCATED, type CounterDoc, type ItemDoc, type ItemRemovalDoc } from './import.js';

/** Thrown inside a removal's transaction when an earlier import is committed but not yet applied. */
class ImportPending extends Error {}
/** Removal attempts, each after completing the imports that stood in its way. */
const REMOVE_ATTEMPTS = 5;

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

  async removeItem(id: string): Promise<RemoveOutcome> {
    const { m } = this.c;
    const removedAt = this.c.clock.now().toISOString();
    const course = await m.Item.findById(id, { kind: 1 }).lean<Pick<ItemDoc, 'kind'>>();
    // A course's seat document is what every enrolment transaction writes first (enrollments.ts):
    // writing it here too makes an enrolment and this removal conflict instead of passing each other.
    if (course?.kind === 'course') await m.Seat.updateOne({ _id: id }, { $setOnInsert: { enrolled: 0 } }, { upsert: true }).catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err; // a concurrent first enrolment created it
      });
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.c.atomically(async (session): Promise<RemoveOutcome> => {
          const doc = await m.Item.findById(id, null, { session }).lean<ItemDoc>();
          if (!doc) return { removed: false, reason: 'missing' };
          if (doc.kind === 'course') {
            await m.Seat.updateOne({ _id: id }, { $inc: { writes: 1 } }, { session });
            const enrolments = await m.Enrollment.countDocuments({ courseId: id }, { session });
            if (enrolments > 0) return { removed: false, reason: 'enrolments', enrolments };
          }
          // The revision counter is what an import's commit writes too, so the two are ordered; an
          // import committed before this removal but not applied yet could write the item back after it.
          const alloc = await m.Counter.findOneAndUpdate({ _id: REV_ALLOCATED }, { $inc: { value: 1 } }, { returnDocument: 'after', session }).lean<CounterDoc>();
          if (!alloc) throw new Error('the revision counter is missing');
          if (await m.ImportMarker.exists({ state: 'committed', rev: { $lt: alloc.value } }).session(session)) throw new ImportPending();
          await m.Item.deleteOne({ _id: id }, { session });
          await m.ItemRemoval.updateOne({ _id: id }, { $set: { rev: alloc.value, removedAt } }, { upsert: true, session });
          return { removed: true, rev: alloc.value, item: toStoredItem(doc) };
        });
        // Readers see the removal once the published revision reaches it (after imports below it).
        if (outcome.removed) await this.c.importer.publish();
        return outcome;
      } catch (err) {
        if (!(err instanceof ImportPending) || attempt >= REMOVE_ATTEMPTS) throw err;
        await this.c.importer.recover();
      }
    }
  }

  async removedSince(sinceRev: number): Promise<ItemRemoval[]> {
    const untilRev = await this.contentRevision();
    const docs = await this.c.m.ItemRemoval.find({ rev: { $gt: sinceRev, $lte: untilRev } }, { rev: 1 }).sort({ rev: 1, _id: 1 }).lean<Array<Pick<ItemRemovalDoc, '_id' | 'rev'>>>();
    return docs.map((d) => ({ id: d._id, rev: d.rev }));
  }
}
