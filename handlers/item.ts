/**
 * Opening one item: a tapped card or button (`item:<id>`) or a deep link (`/start course-keo-dua`).
 */
import type { StoredItem } from '../src/content/model.js';
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { itemReply } from '../src/replies/format.js';
import { menuReply } from '../src/replies/menu.js';
import type { Reply } from '../src/replies/model.js';
import { courseClosed } from '../src/courses/schedule.js';
import { itemAction } from '../src/content/actions.js';

/** The full reply for one item, noting a course whose registration has closed (`today`: yyyy-mm-dd, local). */
export function showItem(item: StoredItem, today: string): Reply {
  const closed = courseClosed(item, today);
  const reply = itemReply(item, { deadlinePassed: closed });
  if (closed) reply.text += '\n\n⚠️ Khóa này đã hết hạn đăng ký.';
  return reply;
}

export const itemHandler: Handler = {
  name: 'item',
  actions: [itemAction.name],
  async handle(ctx: TurnContext) {
    const id = requestedItemId(ctx);
    if (!id) return undefined;
    const item = await ctx.store.getItem(id);
    if (!item) return [menuReply('Mục này không còn trong dữ liệu. Bạn chọn mục khác nhé.')];
    return [showItem(item, ctx.today)];
  },
};

function requestedItemId(ctx: TurnContext): string | undefined {
  const { msg } = ctx;
  if (msg.kind === 'action') return itemAction.decode(msg.action);
  // Deep links carry an item id (`course-keo-dua`); other payloads are for other handlers.
  if (msg.kind === 'start' && msg.payload && /^(course|policy|fair|plan|faq)-[a-z0-9-]+$/.test(msg.payload)) return msg.payload;
  return undefined;
}
