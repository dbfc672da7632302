/**
 * The Reply a recipient gets for an announcement: the text, a button to the linked item, and a
 * way to manage or stop subscriptions (every push says how to stop the next one). Direct
 * messages (notifications) are sent as they were stored. Every push also carries a quick reply
 * that invites an answer: on Zalo an answer reopens the window in which the OA may write freely.
 * Also the SendContext a channel needs to fall back to a template (kind and plain fields).
 */
import type { MessageKind, SendContext, TemplateFields } from '../channels/send-context.js';
import type { StoredItem } from '../content/model.js';
import { itemAction } from '../content/actions.js';
import { button, fixedButton } from '../replies/actions.js';
import { menuAction } from '../replies/menu.js';
import { mySubscriptionsAction } from './actions.js';
import type { Button, Reply } from '../replies/model.js';
import { formatDate, provinceLabel } from '../replies/format.js';
import type { Announcement } from '../store/types.js';
import type { BroadcastAnnouncement } from './audience.js';
import { directRecipient, provinceName } from './audience.js';

/** The quick reply every push carries; the main menu answers it. */
export const QUICK_REPLY: Button = fixedButton('💬 Hỏi thêm', menuAction);

/** Room under Zalo's 2000 characters for the header and the item line. */
export const MAX_ANNOUNCEMENT_CHARS = 1500;

/** Announcements written by the bot itself carry createdBy `system:<job>` and their own header. */
export const isSystemAnnouncement = (a: Pick<Announcement, 'createdBy'>) => a.createdBy.startsWith('system:');

export function announcementReply(a: Announcement, item?: StoredItem): Reply {
  if (directRecipient(a)) {
    const stored = (a as BroadcastAnnouncement).reply;
    return withQuickReply(stored ? { text: stored.text, ...(stored.buttons ? { buttons: stored.buttons } : {}) } : { text: a.text });
  }
  const text = isSystemAnnouncement(a) ? a.text : `📢 Thông báo\n\n${a.text}`;
  const buttons: Button[][] = [];
  const details = item ? button('📌 Xem chi tiết', itemAction, item.id) : undefined;
  if (details) buttons.push([details]);
  buttons.push([fixedButton('🔕 Tin đã đăng ký / ngừng nhận', mySubscriptionsAction)]);
  return withQuickReply({ text, buttons });
}

function withQuickReply(reply: Reply): Reply {
  const buttons = reply.buttons ?? [];
  if (buttons.flat().some((b) => b.action === QUICK_REPLY.action)) return reply;
  return { ...reply, buttons: [...buttons, [QUICK_REPLY]] };
}

/** Which template kind an announcement is, from who wrote it and what it links to. */
export function messageKind(a: Announcement, item?: StoredItem): MessageKind | undefined {
  const stated = (a as BroadcastAnnouncement).kind;
  if (stated) return stated;
  if (directRecipient(a)) return undefined; // alerts to one person: no template says what they say
  if (a.createdBy === 'system:reminder') return 'reminder';
  if (a.createdBy === 'system:digest') {
    if (item?.kind === 'course') return 'new_course';
    if (item?.kind === 'fair') return 'fair';
  }
  return 'officer_announcement';
}

/** The kind and plain fields a template is filled from (no buttons or emoji headers). */
export function sendContext(a: Announcement, item: StoredItem | undefined, deliveryId: string): SendContext {
  const fields: TemplateFields = { text: a.text.replace(/\s+/g, ' ').trim() };
  fields.title = item?.title ?? a.text.split('\n')[0]!.trim().slice(0, 100);
  const date = formatDate(item?.kind === 'fair' ? item.startsAt : item?.kind === 'course' ? item.deadline : undefined);
  if (date) fields.date = date;
  const place = item ? provinceLabel(item) : a.provinceCodes.map(provinceName).join(', ');
  if (place) fields.place = place;
  const kind = messageKind(a, item);
  return { deliveryId, fields, ...(kind ? { kind } : {}) };
}
