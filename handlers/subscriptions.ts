/**
 * Subscriptions ("đăng ký nhận tin"): people choose topics (đào tạo nghề, chính sách, hội chợ,
 * kế hoạch) and a province, or the whole country, and later get the matching announcements.
 * From the menu: 🔔 → topic buttons → province question (or "Toàn quốc"); from an item: the
 * "Nhận tin tương tự" button; in text: "đăng ký nhận tin hội chợ Vĩnh Long", "hủy nhận tin hội chợ",
 * "STOP" (everything), "tin đã đăng ký". Old province names ("Bến Tre") are accepted and stored as
 * the province they now belong to. The two questions are a step table (subscriptions/steps.ts).
 */
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import {
  mySubscriptionsAction,
  subscribeAction,
  subscribeProvinceAction,
  subscribeToAction,
  subscribeTopicAction,
  unsubscribeAction,
  unsubscribeAllAction,
} from '../src/broadcast/actions.js';
import { actionNames } from '../src/replies/actions.js';
import { menuReply } from '../src/replies/menu.js';
import { parseAction, type Reply } from '../src/replies/model.js';
import { listReply, subscribe, unsubscribe } from './subscriptions/changes.js';
import { SUBSCRIPTIONS_DIALOG, subscriptionsDialog } from './subscriptions/state.js';
import { askProvince, askTopic, continueSubscriptionDialog, readWanted } from './subscriptions/steps.js';

export { SUBSCRIPTIONS_DIALOG } from './subscriptions/state.js';

const OWNED: ReadonlySet<string> = new Set(
  actionNames(subscribeAction, mySubscriptionsAction, subscribeTopicAction, subscribeProvinceAction, subscribeToAction, unsubscribeAllAction, unsubscribeAction),
);

async function onAction(ctx: TurnContext, action: string): Promise<Reply | undefined> {
  if (subscribeAction.decode(action)) return askTopic(ctx, []);
  if (mySubscriptionsAction.decode(action)) return listReply(ctx);
  const pending = subscriptionsDialog.open(ctx.dialog)?.data;
  const topic = subscribeTopicAction.decode(action);
  if (topic) return pending?.provinceCodes?.length ? subscribe(ctx, [topic], pending.provinceCodes) : askProvince(ctx, [topic]);
  const province = subscribeProvinceAction.decode(action);
  // "Toàn quốc" while several topics are pending.
  if (province) return pending?.topics?.length ? subscribe(ctx, pending.topics, [province]) : askTopic(ctx, []);
  const one = subscribeToAction.decode(action);
  if (one) return subscribe(ctx, [one.topic], [one.provinceCode]);
  if (unsubscribeAllAction.decode(action)) return unsubscribe(ctx, [], []);
  const dropped = unsubscribeAction.decode(action);
  if (dropped) return unsubscribe(ctx, [dropped.topic], dropped.provinceCode ? [dropped.provinceCode] : []);
  // One of ours whose argument does not read (an unknown topic or province): never guess.
  if (OWNED.has(parseAction(action).name)) return menuReply('Nút này không còn dùng được. Bạn chọn lại từ menu nhé.');
  return undefined;
}

export const subscriptionsHandler: Handler = {
  name: SUBSCRIPTIONS_DIALOG,
  actions: [...OWNED],
  async handle(ctx) {
    const { msg } = ctx;
    if (msg.kind === 'action' && msg.action) {
      const reply = await onAction(ctx, msg.action);
      return reply ? [reply] : undefined;
    }
    if (msg.kind !== 'text' || !msg.text) return undefined;

    switch (ctx.intent) {
      case 'subscribe': {
        const w = readWanted(ctx, msg.text);
        if (!w.topics.length) return [askTopic(ctx, w.provinceCodes)];
        if (!w.provinceCodes.length) return [askProvince(ctx, w.topics)];
        return [await subscribe(ctx, w.topics, w.provinceCodes, w.renamed)];
      }
      case 'unsubscribe': {
        // "STOP", "hủy nhận tin": everything. "hủy nhận tin hội chợ (Vĩnh Long)": just that.
        const w = readWanted(ctx, msg.text);
        return [await unsubscribe(ctx, w.topics, w.provinceCodes)];
      }
      case 'my_subscriptions':
        return [await listReply(ctx)];
      default:
        if (ctx.dialog?.dialog === SUBSCRIPTIONS_DIALOG) return continueSubscriptionDialog(ctx, msg.text);
        return undefined;
    }
  },
};
