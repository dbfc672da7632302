/**
 * The Reply a recipient gets for an announcement: the text, a button to the linked item, and a
 * way to manage or stop subscriptions (every push says how to stop the next one). Direct
 * messages (notifications) are sent exactly as they were stored.
 */
import type { StoredItem } from '../content/model.js';
import { itemAction } from '../content/actions.js';
import { button } from '../replies/actions.js';
import type { Button, Reply } from '../replies/model.js';
import type { Announcement } from '../store/types.js';
import type { BroadcastAnnouncement } from './audience.js';
import { directRecipient } from './audience.js';

/** Room under Zalo's 2000 characters for the header and the item line. */
export const MAX_ANNOUNCEMENT_CHARS = 1500;

/** Announcements written by the bot itself carry createdBy `system:<job>` and their own header. */
export const isSystemAnnouncement = (a: Pick<Announcement, 'createdBy'>) => a.createdBy.startsWith('system:');

export function announcementReply(a: Announcement, item?: StoredItem): Reply {
  if (directRecipient(a)) {
    const stored = (a as BroadcastAnnouncement).reply;
    return stored ? { text: stored.text, ...(stored.buttons ? { buttons: stored.buttons } : {}) } : { text: a.text };
  }
  const text = isSystemAnnouncement(a) ? a.text : `📢 Thông báo\n\n${a.text}`;
  const buttons: Button[][] = [];
  const details = item ? button('📌 Xem chi tiết', itemAction, item.id) : undefined;
  if (details) buttons.push([details]);
  buttons.push([{ label: '🔕 Tin đã đăng ký / ngừng nhận', action: 'mysubs' }]);
  return { text, buttons };
}
