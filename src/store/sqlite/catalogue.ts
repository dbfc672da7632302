/** Current catalogue items (open courses, coming fairs, policies in force) by indexed query. */
import type { StoredItem } from '../../content/model.js';
import type { CatalogueStore, CurrentItemsQuery } from '../ports.js';
import { inList, type SqliteConnection } from './connection.js';
import { toStoredItem, type ItemRow } from './content.js';

export class SqliteCatalogue implements CatalogueStore {
  constructor(private readonly c: SqliteConnection) {}

  async listCurrentItems(q: CurrentItemsQuery): Promise<StoredItem[]> {
    const until = q.until === 'registration' ? 'registration_until' : 'listed_until';
    const where = ['kind = @kind', `${until} >= @today`];
    let params: Record<string, unknown> = { kind: q.kind, today: q.today };
    if (q.endingBy !== undefined) {
      where.push(`${until} <= @endingBy`);
      params.endingBy = q.endingBy;
    }
    if (q.provinceCodes?.length) {
      const list = inList('p', q.provinceCodes);
      where.push(q.includeWithoutProvince ? `(province_code IN ${list.sql} OR province_code IS NULL)` : `province_code IN ${list.sql}`);
      params = { ...params, ...list.params };
    }
    if (q.tradeKey !== undefined) {
      where.push('trade_key = @tradeKey');
      params.tradeKey = q.tradeKey;
    }
    if (q.excludeId !== undefined) {
      where.push('id <> @excludeId');
      params.excludeId = q.excludeId;
    }
    const order = q.order === 'title' ? 'title_key, id' : 'start_key, id';
    const limit = q.limit !== undefined ? ' LIMIT @limit' : '';
    if (q.limit !== undefined) params.limit = q.limit;
    const rows = this.c
      .q(`SELECT id, province_code, rev, json, imported_at FROM items WHERE ${where.join(' AND ')} ORDER BY ${order}${limit}`)
      .all(params) as ItemRow[];
    return rows.map(toStoredItem);
  }
}
