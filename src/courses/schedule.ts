/**
 * When catalogue items stop being current, and when a course stops taking registrations. The
 * store keeps these as indexed columns (derived here at import), so "open courses in this province"
 * is a query; handlers and jobs use the same predicates on single items.
 */
import type { ContentItem } from '../content/model.js';
import { foldVi } from '../text/fold.js';

/** Sorts after every real date: an item without an end date never ends. */
export const OPEN_ENDED = '9999-12-31';

const day = (iso: string | undefined): string | undefined => iso?.slice(0, 10);

/** The last day an item is worth listing: a course until its deadline (else its start), a fair until it ends. */
export function listedUntil(item: ContentItem): string {
  switch (item.kind) {
    case 'course':
      return day(item.deadline ?? item.startsAt) ?? OPEN_ENDED;
    case 'fair':
      return day(item.endsAt ?? item.startsAt) ?? OPEN_ENDED;
    default:
      return day(item.endsAt) ?? OPEN_ENDED;
  }
}

/** The last day a course takes registrations (its deadline); other kinds take none. */
export function registrationUntil(item: ContentItem): string | undefined {
  return item.kind === 'course' ? (day(item.deadline) ?? OPEN_ENDED) : undefined;
}

/** A course whose registration deadline has passed, `today` being yyyy-mm-dd in the service's zone. */
export function courseClosed(item: ContentItem, today: string): boolean {
  return item.kind === 'course' && registrationUntil(item)! < today;
}

/** The same trade however it is written ("May công nghiệp", "may cong nghiep"). */
export function tradeKey(trade: string | undefined): string | undefined {
  const key = trade ? foldVi(trade).trim() : '';
  return key || undefined;
}

/** Soonest start first (undated last), then by title. */
export const byStartDate = (a: ContentItem, b: ContentItem): number =>
  (a.startsAt ?? '9999').localeCompare(b.startsAt ?? '9999') || a.title.localeCompare(b.title, 'vi');

export const byTitle = (a: ContentItem, b: ContentItem): number => a.title.localeCompare(b.title, 'vi');

/**
 * What the store indexes about an item, written with it at import. Changing how one is derived
 * needs the stored ones recomputed: a new SQLite migration, and clearing `schedule` in MongoDB's
 * items (the store fills it in again on open).
 */
export interface ScheduleColumns {
  listedUntil: string;
  registrationUntil?: string;
  /** Orders by start date, like byStartDate (undated last). */
  startKey: string;
  /** Orders by title, close to byTitle (callers re-sort what they show with it). */
  titleKey: string;
  tradeKey?: string;
}

export function scheduleColumns(item: ContentItem): ScheduleColumns {
  const columns: ScheduleColumns = {
    listedUntil: listedUntil(item),
    startKey: item.startsAt ?? '9999',
    titleKey: foldVi(item.title),
  };
  const registration = registrationUntil(item);
  if (registration !== undefined) columns.registrationUntil = registration;
  const trade = tradeKey(item.trade);
  if (trade !== undefined) columns.tradeKey = trade;
  return columns;
}
