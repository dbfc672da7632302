/** Current catalogue items (open courses, coming fairs, policies in force) by indexed query. */
import { scheduleColumns } from '../../courses/schedule.js';
import type { StoredItem } from '../../content/model.js';
import type { CatalogueStore, CurrentItemsQuery } from '../ports.js';
import type { MongoConnection } from './connection.js';
import { toStoredItem } from './content.js';
import type { ItemDoc } from './import.js';
import type { Models } from './schemas.js';

/** Items read per backfill write. */
const BACKFILL_BATCH = 1000;

/**
 * Gives items imported before the catalogue queries their indexed columns, once: the queries
 * would not see them otherwise. Idempotent, so processes opening the store together do no harm.
 */
export async function backfillSchedules(m: Models): Promise<number> {
  let done = 0;
  for (;;) {
    const docs = await m.Item.find({ schedule: { $exists: false } }, { data: 1 }).limit(BACKFILL_BATCH).lean<Array<Pick<ItemDoc, '_id' | 'data'>>>();
    if (docs.length === 0) return done;
    await m.Item.bulkWrite(
      docs.map((d) => ({
        updateOne: { filter: { _id: d._id, schedule: { $exists: false } }, update: { $set: { schedule: scheduleColumns(d.data) } } },
      })),
      { ordered: false },
    );
    done += docs.length;
  }
}

export class MongoCatalogue implements CatalogueStore {
  constructor(private readonly c: MongoConnection) {}

  async listCurrentItems(q: CurrentItemsQuery): Promise<StoredItem[]> {
    const untilField = q.until === 'registration' ? 'schedule.registrationUntil' : 'schedule.listedUntil';
    const filter: Record<string, unknown> = {
      kind: q.kind,
      [untilField]: q.endingBy !== undefined ? { $gte: q.today, $lte: q.endingBy } : { $gte: q.today },
    };
    if (q.provinceCodes?.length) {
      filter.provinceCode = q.includeWithoutProvince ? { $in: [...q.provinceCodes, null] } : { $in: q.provinceCodes };
    }
    if (q.tradeKey !== undefined) filter['schedule.tradeKey'] = q.tradeKey;
    if (q.excludeId !== undefined) filter._id = { $ne: q.excludeId };
    const sort: Record<string, 1> = q.order === 'title' ? { 'schedule.titleKey': 1, _id: 1 } : { 'schedule.startKey': 1, _id: 1 };
    let query = this.c.m.Item.find(filter).sort(sort);
    if (q.limit !== undefined) query = query.limit(q.limit);
    return (await query.lean<ItemDoc[]>()).map(toStoredItem);
  }
}
