/**
 * Subscribing, unsubscribing and the list of a person's subscriptions, with the replies that say
 * what changed. Any of them ends an open subscription dialog.
 */
import type { TurnContext } from '../../src/conversation/handler.js';
import { subscribeAction, unsubscribeAction, unsubscribeAllAction } from '../../src/broadcast/actions.js';
import { provinceName } from '../../src/broadcast/audience.js';
import { quietHoursNote, quietPolicy } from '../../src/broadcast/quiet-hours.js';
import { TOPIC_EMOJI, TOPIC_LABELS } from '../../src/broadcast/topics.js';
import { button, buttonRows, fixedButton } from '../../src/replies/actions.js';
import { menuReply, MENU_ROW } from '../../src/replies/menu.js';
import type { Reply } from '../../src/replies/model.js';
import type { Subscription, Topic } from '../../src/store/types.js';
import { subscriptionsDialog } from './state.js';

/** Old names the user typed, mapped to the province they now belong to: "Bến Tre" → Vĩnh Long. */
export type Renamed = Array<{ former: string; code: string }>;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function subscriptionLine(s: Pick<Subscription, 'topic' | 'provinceCode'>): string {
  return `${TOPIC_EMOJI[s.topic]} ${capitalise(TOPIC_LABELS[s.topic])} – ${provinceName(s.provinceCode)}`;
}

export async function subscribe(ctx: TurnContext, topics: Topic[], provinceCodes: string[], renamed: Renamed = []): Promise<Reply> {
  subscriptionsDialog.close(ctx);
  for (const topic of topics) {
    for (const provinceCode of provinceCodes) {
      await ctx.store.subscribe({ ...ctx.user, topic, provinceCode }, ctx.now);
    }
  }
  // A nationwide subscription makes the province ones redundant; keep the list short.
  if (provinceCodes.includes('*')) {
    const subs = await ctx.store.listSubscriptions(ctx.user);
    for (const s of subs) if (topics.includes(s.topic) && s.provinceCode !== '*') await ctx.store.unsubscribe(ctx.user, s.topic, s.provinceCode);
  }
  const lines = topics.flatMap((topic) => provinceCodes.map((provinceCode) => `• ${subscriptionLine({ topic, provinceCode })}`));
  const notes = renamed.map((r) => `(${r.former} nay thuộc ${provinceName(r.code)}.)`);
  const quiet = quietHoursNote(quietPolicy(ctx.config));
  return {
    text: [
      '✅ Đã đăng ký nhận tin:',
      ...lines,
      ...notes,
      '',
      `Có tin mới mình sẽ nhắn bạn${quiet ? ` (${quiet})` : ''}. Gõ "tin đã đăng ký" để xem lại, "hủy nhận tin" để ngừng.`,
    ].join('\n'),
    buttons: [[fixedButton('🔔 Đăng ký thêm', subscribeAction)], MENU_ROW],
  };
}

export async function listReply(ctx: TurnContext, intro?: string): Promise<Reply> {
  const subs = await ctx.store.listSubscriptions(ctx.user);
  if (subs.length === 0) {
    return {
      text: `${intro ? `${intro}\n` : ''}Bạn chưa đăng ký nhận tin nào. Bấm nút bên dưới để đăng ký nhận tin khóa học, chính sách, hội chợ.`,
      buttons: [[fixedButton('🔔 Đăng ký nhận tin', subscribeAction)], MENU_ROW],
    };
  }
  // One remove button per subscription, as many as a channel shows comfortably.
  const removable = subs
    .slice(0, 3)
    .map((s) => [button(`❌ Bỏ ${TOPIC_LABELS[s.topic].split(',')[0]} – ${provinceName(s.provinceCode)}`, unsubscribeAction, { topic: s.topic, provinceCode: s.provinceCode })]);
  return {
    text: [intro, '🔔 Bạn đang nhận tin:', ...subs.map((s) => `• ${subscriptionLine(s)}`)].filter(Boolean).join('\n'),
    buttons: buttonRows(...removable, [fixedButton('🔕 Hủy tất cả', unsubscribeAllAction), fixedButton('➕ Đăng ký thêm', subscribeAction)]),
  };
}

/** No topics and no provinces: everything ("STOP", "hủy nhận tin"). */
export async function unsubscribe(ctx: TurnContext, topics: Topic[], provinceCodes: string[]): Promise<Reply> {
  subscriptionsDialog.close(ctx);
  const everything = topics.length === 0 && provinceCodes.length === 0;
  let removed = 0;
  if (everything) {
    removed = await ctx.store.unsubscribe(ctx.user);
  } else {
    for (const topic of topics.length ? topics : [undefined]) {
      for (const code of provinceCodes.length ? provinceCodes : [undefined]) {
        removed += await ctx.store.unsubscribe(ctx.user, topic, code);
      }
    }
  }
  if (everything) {
    return menuReply(
      removed > 0
        ? '🔕 Đã hủy tất cả tin bạn đăng ký. Mình sẽ không nhắn thông báo nữa. Muốn nhận lại, gõ "đăng ký nhận tin".'
        : 'Bạn chưa đăng ký nhận tin nào, nên sẽ không nhận thông báo. Muốn nhận, gõ "đăng ký nhận tin".',
    );
  }
  const what = [
    topics.map((t) => TOPIC_LABELS[t]).join(', ') || 'mọi chủ đề',
    provinceCodes.length ? `ở ${provinceCodes.map(provinceName).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (removed === 0) return listReply(ctx, `Bạn không đăng ký nhận tin ${what}.`);
  return listReply(ctx, `🔕 Đã hủy nhận tin ${what}.`);
}
