/**
 * Browsing one kind of content from the menu ("Khóa học nghề", "Chính sách hỗ trợ", "Hội chợ"):
 * the shared mechanics. courses.ts, policies.ts and fairs.ts say what differs.
 */
import type { ContentKind } from '../src/content/model.js';
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { byStartDate, byTitle } from '../src/courses/schedule.js';
import { listReply } from '../src/replies/format.js';
import { menuReply } from '../src/replies/menu.js';
import { browseAction } from '../src/content/actions.js';

export interface CatalogueOptions {
  kind: ContentKind;
  /** Heading of the list, e.g. "Các khóa học nghề sắp mở". */
  heading: string;
  empty: string;
  /** Soonest first (byStartDate) or alphabetical (byTitle); which items are current is the kind's (listedUntil). */
  order: 'start' | 'title';
}

const LIST_SIZE = 8;

export function catalogueHandler(options: CatalogueOptions): Handler {
  return {
    name: `browse-${options.kind}`,
    // Each kind's catalogue owns `browse`; the one whose kind the action names answers.
    actions: [browseAction.name],
    async handle(ctx: TurnContext) {
      const wanted = ctx.msg.kind === 'action' ? browseAction.decode(ctx.msg.action) : undefined;
      if (wanted?.kind !== options.kind) return undefined;
      return [await browse(ctx, options, wanted.provinceCode)];
    },
  };
}

export async function browse(ctx: TurnContext, options: CatalogueOptions, provinceCode?: string) {
  // The store returns the first page of current items in about this order, from an index.
  const shown = (
    await ctx.store.listCurrentItems({
      kind: options.kind,
      today: ctx.today,
      ...(provinceCode ? { provinceCodes: [provinceCode] } : {}),
      order: options.order,
      limit: LIST_SIZE,
    })
  ).sort(options.order === 'title' ? byTitle : byStartDate);
  if (shown.length === 0) return menuReply(options.empty);
  return listReply(`${options.heading}${shown.length === LIST_SIZE ? ' (gõ tên nghề hoặc tỉnh để tìm thêm)' : ''}:`, shown);
}
