/**
 * The one shape every channel turns its events into. Handlers see only this, never Telegram or Zalo types.
 */
import type { ChannelName } from '../store/types.js';

export type IncomingKind =
  | 'text' // free text typed by the user
  | 'action' // a button pressed (Telegram callback, Zalo oa.query payload, web/CLI choice)
  | 'start' // conversation opened (/start, Zalo follow, web page load); `payload` holds a deep-link
  | 'contact' // a phone shared through the channel's own control
  | 'location'
  | 'unfollow'; // the user left (Zalo unfollow, Telegram block)

export interface IncomingMessage {
  channel: ChannelName;
  userId: string;
  kind: IncomingKind;
  text?: string;
  action?: string;
  /** Deep-link payload of `start`, e.g. `course-keo-dua`. */
  payload?: string;
  contact?: { phone: string; name?: string; /** the contact is the sender's own */ isOwn: boolean };
  location?: { latitude: number; longitude: number };
  /** The bot's own message this one replies to (Telegram's reply), as the channel vouches it was sent. */
  replyTo?: { text: string };
  /** Display name the channel knows, if any (never logged). */
  displayName?: string;
  receivedAt: Date;
}
