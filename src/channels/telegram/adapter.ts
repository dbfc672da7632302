/**
 * Telegram Update → IncomingMessage, as a pure function of the update (no I/O), so every
 * field the handlers see is decided here and nowhere else. Only private chats count: the bot
 * talks to one person at a time, and group messages carry other people's data.
 */
import type { Update, User } from 'grammy/types';
import type { IncomingMessage } from '../../conversation/incoming.js';

/** What an update means for us. `membership` updates change the user's active flag only. */
export type Adapted =
  | { type: 'message'; msg: IncomingMessage }
  | { type: 'membership'; userId: string; active: boolean; reason: string; msg?: IncomingMessage }
  | { type: 'ignore'; reason: string };

/** Deep-link payloads are 1–64 chars of A-Z a-z 0-9 _ - (Bot API); anything else is not a payload. */
const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
/** `/start`, `/start@bot`, optionally followed by a payload. */
const START = /^\/start(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/;
/** `/cmd@botname args` → `/cmd args`: handlers should not care which bot was addressed. */
const COMMAND_MENTION = /^(\/[A-Za-z0-9_]+)@[A-Za-z0-9_]+/;

/** First and last name joined (either may be missing), or undefined when both are blank. */
function joinNames(first: string | undefined, last: string | undefined): string | undefined {
  const name = (first && last ? `${first} ${last}` : first || last || '').trim();
  return name || undefined;
}

/** The message's common fields. The text path fills it in place: spreads were most of its cost. */
function base(from: User, now: Date, kind: IncomingMessage['kind']): IncomingMessage {
  const msg: IncomingMessage = { channel: 'telegram', userId: String(from.id), kind, receivedAt: now };
  const name = joinNames(from.first_name, from.last_name);
  if (name) msg.displayName = name;
  return msg;
}

export function adaptUpdate(update: Update, now: Date = new Date()): Adapted {
  if (update.callback_query) {
    const q = update.callback_query;
    const chatType = q.message?.chat.type;
    if (chatType !== undefined && chatType !== 'private') return { type: 'ignore', reason: 'group' };
    if (typeof q.data !== 'string' || q.data.length === 0) return { type: 'ignore', reason: 'no-data' };
    const msg = base(q.from, now, 'action');
    msg.action = q.data;
    return { type: 'message', msg };
  }

  if (update.my_chat_member) {
    const m = update.my_chat_member;
    if (m.chat.type !== 'private') return { type: 'ignore', reason: 'group' };
    const userId = String(m.from.id);
    const status = m.new_chat_member.status;
    // In private chats this arrives only when the user blocks (kicked) or unblocks (member) the bot.
    if (status === 'kicked') {
      return { type: 'membership', userId, active: false, reason: 'blocked', msg: base(m.from, now, 'unfollow') };
    }
    if (status === 'member') return { type: 'membership', userId, active: true, reason: 'unblocked' };
    return { type: 'ignore', reason: `member-${status}` };
  }

  const message = update.message;
  if (!message) return { type: 'ignore', reason: 'update-type' };
  if (message.chat.type !== 'private') return { type: 'ignore', reason: 'group' };
  const from = message.from;
  if (!from || from.is_bot) return { type: 'ignore', reason: 'no-sender' };
  const b = base(from, now, 'text');

  if (message.contact) {
    const c = message.contact;
    const name = joinNames(c.first_name, c.last_name);
    return {
      type: 'message',
      msg: {
        ...b,
        kind: 'contact',
        // Only the user's own card proves the number is theirs; a forwarded card is someone else's.
        contact: { phone: String(c.phone_number ?? ''), isOwn: c.user_id !== undefined && c.user_id === from.id, ...(name ? { name } : {}) },
      },
    };
  }

  if (message.location) {
    const { latitude, longitude } = message.location;
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return { type: 'ignore', reason: 'bad-location' };
    return { type: 'message', msg: { ...b, kind: 'location', location: { latitude, longitude } } };
  }

  if (typeof message.text === 'string') {
    const text = message.text;
    // Only a command can be /start or name the bot: most texts skip both patterns.
    const command = text.trimStart().startsWith('/');
    const start = command ? START.exec(text.trim()) : null;
    if (start) {
      const payload = start[1]?.trim();
      return { type: 'message', msg: { ...b, kind: 'start', ...(payload && PAYLOAD.test(payload) ? { payload } : {}) } };
    }
    b.text = command ? text.replace(COMMAND_MENTION, '$1') : text;
    // A reply to one of the bot's own messages (an officer answering a notification) carries its text.
    const quoted = message.reply_to_message;
    if (quoted?.from?.is_bot && typeof quoted.text === 'string') b.replyTo = { text: quoted.text };
    return { type: 'message', msg: b };
  }

  // Photos, voice notes, stickers: pass the caption (or nothing) so the handlers can still answer
  // with help instead of the bot staying silent.
  return { type: 'message', msg: { ...b, kind: 'text', text: typeof message.caption === 'string' ? message.caption : '' } };
}
