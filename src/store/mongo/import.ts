/**
 * Content imports on MongoDB: all or nothing at any size, in transactions of bounded size.
 *
 * One transaction over a whole import is not an option: a 100k-item import outlives MongoDB's
 * 60 s transaction lifetime and can outgrow its share of the cache on a small server. So:
 *
 *   1. stage   the changed items go, in chunks, into `item_staging` under a fresh import id
 *              (a marker in `item_imports` says "staging"). Nobody reads staging: a failure, a stop
 *              or a crash here leaves the store exactly as before (the rows are cleaned up).
 *   2. commit  one small transaction allocates the import's revision and flips the marker to
 *              "committed". From here the import will happen, whoever finishes it.
 *   3. apply   the staged rows are copied into `items` in chunks, each replace conditional on the
 *              stored revision being older, so applying twice (or racing a newer import) is harmless.
 *   4. publish the marker and staging rows are dropped and `content_rev` moves up to the highest
 *              revision below which no committed import is still unapplied.
 *
 * Readers that follow revisions (the search index) never read past `content_rev`, so they never
 * see half of an import. A committed import left unapplied by a crash is rolled forward by the next
 * import or the next process that opens the store.
 */
import type { ClientSession, Connection, Model } from 'mongoose';
import type { ContentItem } from '../../content/model.js';
import { scheduleColumns, type ScheduleColumns } from '../../courses/schedule.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { itemFingerprint, randomId } from '../shared.js';
import type { ImportOptions, ImportResult } from '../types.js';

/** An item as stored in `items`. */
export interface ItemDoc {
  _id: string;
  kind: string;
  provinceCode?: string;
  capacity?: number;
  rev: number;
  hash: string;
  data: ContentItem;
  importedAt: string;
  /** Indexed dates and keys of the catalogue queries; missing on items imported before them (backfilled on open). */
  schedule?: ScheduleColumns;
}
/** A deleted item, by the revision of its deletion (ContentStore.removedSince). */
export interface ItemRemovalDoc {
  _id: string;
  rev: number;
  removedAt: string;
}
export interface CounterDoc {
  _id: string;
  value: number;
}
export interface ImportMarkerDoc {
  _id: string;
  state: 'staging' | 'committed';
  /** Set at commit. */
  rev?: number;
  createdAt: Date;
  /** Moved on after every staged chunk: a marker still "staging" long after it is abandoned. */
  updatedAt: Date;
}
export interface StagedItemDoc {
  /** `${importId}/${itemId}`: pages of one import in _id order. */
  _id: string;
  importId: string;
  item: Omit<ItemDoc, 'rev'>;
}

export interface ImportModels {
  Item: Model<ItemDoc>;
  Counter: Model<CounterDoc>;
  ImportMarker: Model<ImportMarkerDoc>;
  StagedItem: Model<StagedItemDoc>;
}

/** Counter documents: the highest revision handed out, and the highest one readers may see. */
export const REV_ALLOCATED = 'content_rev_alloc';
export const REV_PUBLISHED = 'content_rev';

const DEFAULT_CHUNK = 1000;
/** A "staging" marker untouched this long belongs to an import that died; its rows are dropped. */
const ABANDONED_AFTER_MS = 15 * 60_000;

export class MongoItemImporter {
  constructor(
    private readonly conn: Connection,
    private readonly m: ImportModels,
    private readonly clock: Clock = systemClock(),
  ) {}

  /**
   * Creates the revision counters (and `others` the store increments inside transactions) outside any
   * transaction: two first upserts racing inside transactions would abort one on the duplicate key.
   */
  async ensureCounters(others: string[] = []): Promise<void> {
    for (const _id of [REV_ALLOCATED, REV_PUBLISHED, ...others]) {
      await this.m.Counter.updateOne({ _id }, { $setOnInsert: { value: 0 } }, { upsert: true }).catch((err: unknown) => {
        if ((err as { code?: unknown }).code !== 11000) throw err;
      });
    }
  }

  async publishedRevision(session?: ClientSession): Promise<number> {
    const doc = await this.m.Counter.findById(REV_PUBLISHED, null, session ? { session } : {}).lean<CounterDoc>();
    return doc?.value ?? 0;
  }

  async importItems(
    items: ContentItem[],
    provinceCodeOf: (item: ContentItem) => string | undefined,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
    // Everything that can throw on bad input runs before the first write.
    const prepared = new Map<string, Omit<ItemDoc, 'rev'>>();
    const importedAt = this.clock.now().toISOString();
    for (const item of items) {
      const provinceCode = provinceCodeOf(item);
      const { json, hash } = itemFingerprint(item, provinceCode);
      prepared.set(item.id, {
        _id: item.id,
        kind: item.kind,
        ...(provinceCode !== undefined ? { provinceCode } : {}),
        ...(item.capacity !== undefined ? { capacity: item.capacity } : {}),
        hash,
        // The canonical JSON parsed back: no undefined values (BSON would store them as null).
        data: JSON.parse(json) as ContentItem,
        importedAt,
        schedule: scheduleColumns(item),
      });
    }
    options.signal?.throwIfAborted();
    // Earlier imports that a crash left committed but unapplied go first, so hashes compare against them.
    await this.recover();

    const known = new Map<string, string>();
    for (const ids of chunks([...prepared.keys()], chunkSize)) {
      const docs = await this.m.Item.find({ _id: { $in: ids } }, { hash: 1 }).lean<Array<{ _id: string; hash: string }>>();
      for (const d of docs) known.set(d._id, d.hash);
    }
    let inserted = 0;
    let updated = 0;
    let unchanged = items.length - prepared.size; // an id repeated in the input counts once as written
    const changed: Array<Omit<ItemDoc, 'rev'>> = [];
    for (const doc of prepared.values()) {
      const hash = known.get(doc._id);
      if (hash === doc.hash) unchanged++;
      else {
        if (hash === undefined) inserted++;
        else updated++;
        changed.push(doc);
      }
    }
    if (changed.length === 0) return { inserted, updated, unchanged, rev: await this.publishedRevision() };

    const importId = randomId(16);
    const rev = await this.stageAndCommit(importId, changed, chunkSize, options);
    try {
      await this.apply(importId, rev, chunkSize);
      await this.finish(importId);
    } catch (err) {
      throw new Error(
        `import committed as revision ${rev}, but applying it stopped (${(err as Error).message}); ` +
          'the next import or start completes it',
      );
    }
    return { inserted, updated, unchanged, rev };
  }

  /** Steps 1 and 2; on any failure before the commit the staged rows are removed again. */
  private async stageAndCommit(
    importId: string,
    changed: Array<Omit<ItemDoc, 'rev'>>,
    chunkSize: number,
    { signal, onProgress }: ImportOptions,
  ): Promise<number> {
    const now = new Date();
    // The marker first: staging rows without a marker are garbage to anyone who looks.
    await this.m.ImportMarker.create({ _id: importId, state: 'staging', createdAt: now, updatedAt: now });
    try {
      let written = 0;
      for (const part of chunks(changed, chunkSize)) {
        signal?.throwIfAborted();
        await this.m.StagedItem.insertMany(
          part.map((item) => ({ _id: `${importId}/${item._id}`, importId, item })),
          { ordered: true, lean: true },
        );
        written += part.length;
        await this.m.ImportMarker.updateOne({ _id: importId }, { $set: { updatedAt: new Date() } });
        onProgress?.({ written, total: changed.length });
      }
      signal?.throwIfAborted();
      return await this.conn.transaction(async (session) => {
        const alloc = await this.m.Counter.findOneAndUpdate(
          { _id: REV_ALLOCATED },
          { $inc: { value: 1 } },
          { returnDocument: 'after', session },
        ).lean<CounterDoc>();
        if (!alloc) throw new Error('the revision counter is missing');
        const res = await this.m.ImportMarker.updateOne(
          { _id: importId, state: 'staging' },
          { $set: { state: 'committed', rev: alloc.value, updatedAt: new Date() } },
          { session },
        );
        if (res.matchedCount !== 1) throw new Error('the import was taken for abandoned and cleaned up before it committed');
        return alloc.value;
      });
    } catch (err) {
      await this.discard(importId).catch(() => {});
      throw err;
    }
  }

  /** Drops an uncommitted import's marker and rows; never touches a committed one. */
  private async discard(importId: string): Promise<void> {
    const res = await this.m.ImportMarker.deleteOne({ _id: importId, state: 'staging' });
    if (res.deletedCount === 1 || !(await this.m.ImportMarker.exists({ _id: importId }))) {
      await this.m.StagedItem.deleteMany({ importId });
    }
  }

  /** Step 3: idempotent, and safe to run in several processes at once. */
  private async apply(importId: string, rev: number, chunkSize: number): Promise<void> {
    let after = `${importId}/`;
    for (;;) {
      const page = await this.m.StagedItem.find({ importId, _id: { $gt: after } })
        .sort({ _id: 1 })
        .limit(chunkSize)
        .lean<StagedItemDoc[]>();
      if (page.length === 0) return;
      try {
        await this.m.Item.bulkWrite(
          page.map((s) => ({
            replaceOne: {
              // An item already at this revision or a newer one does not match; the upsert then hits
              // the _id index and is dropped below, which is exactly "keep the newer version".
              filter: { _id: s.item._id, rev: { $lt: rev } },
              replacement: { ...s.item, rev },
              upsert: true,
            },
          })),
          { ordered: false },
        );
      } catch (err) {
        if (!onlyDuplicateKeys(err)) throw err;
      }
      if (page.length < chunkSize) return;
      after = page.at(-1)!._id;
    }
  }

  /** Step 4: forget the applied import, then publish as far as no committed import is left behind. */
  private async finish(importId: string): Promise<void> {
    await this.m.ImportMarker.deleteOne({ _id: importId, state: 'committed' });
    await this.m.StagedItem.deleteMany({ importId });
    await this.publish();
  }

  /**
   * Moves `content_rev` up to the highest allocated revision with no committed-but-unapplied import
   * at or below it. The allocated counter is read before the markers: a revision allocated after that
   * read is above the value published, whatever state its import is in.
   */
  async publish(): Promise<void> {
    await this.conn.transaction(async (session) => {
      const alloc = await this.m.Counter.findById(REV_ALLOCATED, null, { session }).lean<CounterDoc>();
      const oldest = await this.m.ImportMarker.findOne({ state: 'committed' }, { rev: 1 }, { session })
        .sort({ rev: 1 })
        .lean<ImportMarkerDoc>();
      const allocated = alloc?.value ?? 0;
      const target = oldest?.rev !== undefined ? Math.min(allocated, oldest.rev - 1) : allocated;
      await this.m.Counter.updateOne({ _id: REV_PUBLISHED }, { $max: { value: target } }, { session });
    });
  }

  /**
   * Completes what crashed imports left: committed ones are applied and published (in revision
   * order), abandoned staging is dropped. Run at start and before every import.
   */
  async recover(): Promise<{ rolledForward: number; discarded: number }> {
    let rolledForward = 0;
    let discarded = 0;
    const committed = await this.m.ImportMarker.find({ state: 'committed' }).sort({ rev: 1 }).lean<ImportMarkerDoc[]>();
    for (const marker of committed) {
      await this.apply(marker._id, marker.rev!, DEFAULT_CHUNK);
      await this.finish(marker._id);
      rolledForward++;
    }
    const stale = await this.m.ImportMarker.find({
      state: 'staging',
      updatedAt: { $lt: new Date(Date.now() - ABANDONED_AFTER_MS) },
    }).lean<ImportMarkerDoc[]>();
    for (const marker of stale) {
      await this.discard(marker._id);
      discarded++;
    }
    // Rows whose marker is gone (a crash between dropping the marker and its rows).
    const importIds = (await this.m.StagedItem.distinct('importId')) as string[];
    if (importIds.length) {
      const live = new Set((await this.m.ImportMarker.find({ _id: { $in: importIds } }, { _id: 1 }).lean<Array<{ _id: string }>>()).map((d) => d._id));
      for (const id of importIds) if (!live.has(id)) await this.m.StagedItem.deleteMany({ importId: id });
    }
    if (rolledForward === 0) await this.publish();
    return { rolledForward, discarded };
  }
}

/** A bulk write whose only failures are duplicate keys (each of them a newer version kept). */
function onlyDuplicateKeys(err: unknown): boolean {
  const e = err as { writeErrors?: unknown; writeConcernError?: unknown; code?: unknown };
  if (e?.writeConcernError) return false;
  const list = Array.isArray(e?.writeErrors) ? e.writeErrors : e?.writeErrors ? [e.writeErrors] : [];
  if (list.length === 0) return e?.code === 11000;
  return list.every((w) => (w as { code?: unknown }).code === 11000 || (w as { err?: { code?: unknown } }).err?.code === 11000);
}

export function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
