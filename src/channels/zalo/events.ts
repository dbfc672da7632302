/**
 * Maps a parsed Zalo webhook event to the channel-neutral IncomingMessage, or says why it is
 * ignored. Pure and defensive: the body is untrusted JSON even after the signature check
 * (Zalo adds fields and event types without notice).
 */
import type { IncomingMessage } from '../../conversation/incoming.js';
import { decodeButtonPayload } from './payload.js';

export type MappedEvent =
  | {
      type: 'incoming';
      eventName: string;
      /** Key for at-most-once processing: the message id, else event+user+timestamp. */
      dedupeKey: string;
      msg: IncomingMessage;
      /** follow/unfollow change whether the user can be messaged at all. */
      setActive?: boolean;
    }
  | { type: 'ignore'; eventName: string; reason: 'echo' | 'unsupported' | 'malformed' };

type Obj = Record<string, unknown>;

export function mapZaloEvent(body: unknown, receivedAt: Date): MappedEvent {
  const ev = asObj(body);
  const eventName = typeof ev?.event_name === 'string' ? ev.event_name.slice(0, 64) : '';
  if (!ev || !eventName) return { type: 'ignore', eventName: eventName || '(none)', reason: 'malformed' };
  // The OA's own sends come back within seconds; answering them would loop.
  if (eventName.startsWith('oa_send_')) return { type: 'ignore', eventName, reason: 'echo' };

  const message = asObj(ev.message);
  const userId = eventName === 'follow' || eventName === 'unfollow' ? id(asObj(ev.follower)?.id) : id(asObj(ev.sender)?.id);
  if (!userId) return { type: 'ignore', eventName, reason: 'malformed' };

  const msgId = id(message?.msg_id);
  const dedupeKey = msgId ?? `${eventName}:${userId}:${id(ev.timestamp) ?? ''}`;
  const base = { channel: 'zalo' as const, userId, receivedAt };
  const incoming = (msg: Omit<IncomingMessage, 'channel' | 'userId' | 'receivedAt'>, setActive?: boolean): MappedEvent => ({
    type: 'incoming',
    eventName,
    dedupeKey,
    msg: { ...base, ...msg },
    ...(setActive === undefined ? {} : { setActive }),
  });

  switch (eventName) {
    case 'user_send_text': {
      const text = typeof message?.text === 'string' ? message.text.trim() : '';
      if (!text) return { type: 'ignore', eventName, reason: 'malformed' };
      const action = decodeButtonPayload(text);
      return action !== undefined ? incoming({ kind: 'action', action }) : incoming({ kind: 'text', text });
    }
    case 'follow':
      return incoming({ kind: 'start' }, true);
    case 'unfollow':
      return incoming({ kind: 'unfollow' }, false);
    case 'user_submit_info': {
      const info = asObj(ev.info);
      const phone = typeof info?.phone === 'string' || typeof info?.phone === 'number' ? String(info.phone).trim() : '';
      if (!phone) return { type: 'ignore', eventName, reason: 'malformed' };
      const name = typeof info?.name === 'string' && info.name.trim() ? info.name.trim() : undefined;
      return incoming({ kind: 'contact', contact: { phone, isOwn: true, ...(name ? { name } : {}) } });
    }
    case 'user_send_location': {
      const attachments = Array.isArray(message?.attachments) ? message.attachments : [];
      const coords = asObj(asObj(asObj(attachments[0])?.payload)?.coordinates);
      const latitude = Number(coords?.latitude);
      const longitude = Number(coords?.longitude);
      const valid =
        coords?.latitude !== undefined && coords?.longitude !== undefined &&
        Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
      if (!valid) return { type: 'ignore', eventName, reason: 'malformed' };
      return incoming({ kind: 'location', location: { latitude, longitude } });
    }
    default:
      return { type: 'ignore', eventName, reason: 'unsupported' };
  }
}

function asObj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Zalo ids are big numbers sent as strings; keep them as text, refuse numbers that lost precision. */
function id(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() && v.length <= 128 ? v.trim() : undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return undefined;
}
