/**
 * Courses still taking registrations, asked of the store by province, trade and deadline (an
 * indexed query, whatever the number of courses), in the order people are shown them.
 */
import type { StoredItem } from '../content/model.js';
import type { CatalogueStore } from '../store/ports.js';
import { byStartDate, tradeKey } from './schedule.js';

export interface OpenCoursesFilter {
  /** Only these provinces; courses naming no province are included (they concern everyone). */
  provinceCodes?: string[];
  /** Only courses of this trade, however it is written. */
  trade?: string;
  excludeId?: string;
  /** The first this many by start date (none: all). */
  limit?: number;
}

/** Open courses on `today` (yyyy-mm-dd in the service's zone), soonest first. */
export async function openCourses(store: CatalogueStore, today: string, filter: OpenCoursesFilter = {}): Promise<StoredItem[]> {
  const trade = filter.trade !== undefined ? tradeKey(filter.trade) : undefined;
  // A trade that folds to nothing matches no course.
  if (filter.trade !== undefined && trade === undefined) return [];
  const items = await store.listCurrentItems({
    kind: 'course',
    today,
    until: 'registration',
    ...(filter.provinceCodes?.length ? { provinceCodes: filter.provinceCodes, includeWithoutProvince: true } : {}),
    ...(trade !== undefined ? { tradeKey: trade } : {}),
    ...(filter.excludeId !== undefined ? { excludeId: filter.excludeId } : {}),
    ...(filter.limit !== undefined ? { limit: filter.limit } : {}),
    order: 'start',
  });
  return items.sort(byStartDate);
}
