/**
 * The Reply a recipient gets for an announcement: the text, a button to the linked item, and a
 * way to manage or stop subscriptions (every push says how to stop the next one). Direct
 * messages (notifications) are sent exactly as they were stored.
 */
import type { StoredItem } from '../content/model.js';
import { action, type Button, type Reply } from '../replies/model.js';
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
  if (item) buttons.push([{ label: '📌 Xem chi tiết', action: action('item', item.id) }]);
  buttons.push([{ label: '🔕 Tin đã đăng ký / ngừng nhận', action: 'mysubs' }]);
  return { text, buttons };
}
