/**
 * Browsing one kind of content from the menu ("Khóa học nghề", "Chính sách hỗ trợ", "Hội chợ"):
 * the shared mechanics. courses.ts, policies.ts and fairs.ts say what differs.
 */
import type { ContentKind, StoredItem } from '../src/content/model.js';
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { listReply } from '../src/replies/format.js';
import { menuReply } from '../src/replies/menu.js';
import { parseAction } from '../src/replies/model.js';

export interface CatalogueOptions {
  kind: ContentKind;
  /** Heading of the list, e.g. "Các khóa học nghề sắp mở". */
  heading: string;
  empty: string;
  /** Which items to show now (e.g. courses whose deadline has not passed). */
  current(item: StoredItem, now: Date): boolean;
  order(a: StoredItem, b: StoredItem): number;
}

const LIST_SIZE = 8;
/** Enough to sort and filter a province's items without reading a huge store into memory. */
const SCAN_LIMIT = 2000;

export function catalogueHandler(options: CatalogueOptions): Handler {
  return {
    name: `browse-${options.kind}`,
    async handle(ctx: TurnContext) {
      if (ctx.msg.kind !== 'action' || !ctx.msg.action) return undefined;
      const { name, arg } = parseAction(ctx.msg.action);
      if (name !== 'browse') return undefined;
      const [kind, provinceCode] = (arg ?? '').split(':');
      if (kind !== options.kind) return undefined;
      return [await browse(ctx, options, provinceCode || undefined)];
    },
  };
}

export async function browse(ctx: TurnContext, options: CatalogueOptions, provinceCode?: string) {
  const items = await ctx.store.listItems({ kind: options.kind, provinceCode, limit: SCAN_LIMIT });
  const shown = items.filter((i) => options.current(i, ctx.now)).sort(options.order).slice(0, LIST_SIZE);
  if (shown.length === 0) return menuReply(options.empty);
  return listReply(`${options.heading}${shown.length === LIST_SIZE ? ' (gõ tên nghề hoặc tỉnh để tìm thêm)' : ''}:`, shown);
}

/** ISO date (yyyy-mm-dd…) of `now` in Vietnam, to compare with content dates. */
export function todayIso(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export const byStartDate = (a: StoredItem, b: StoredItem) =>
  (a.startsAt ?? '9999').localeCompare(b.startsAt ?? '9999') || a.title.localeCompare(b.title, 'vi');
