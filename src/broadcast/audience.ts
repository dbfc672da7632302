/**
 * Who an announcement is for. A topic announcement reaches active subscribers of its topics in
 * its provinces ('*' subscribers always match) on its channels; a direct message (OutboxNotifier)
 * reaches one named user. The same rule is applied twice: when deliveries are created (fan-out)
 * and again just before each send, so that someone who said STOP after the fan-out, or blocked
 * the bot, is not messaged from a queue filled hours earlier.
 */
import type { Announcement, AnnouncementInput, ChannelName, Topic, UserKey } from '../store/types.js';
import type { SubscriptionStore, UserStore } from '../store/ports.js';
import type { Button } from '../replies/model.js';
import type { MessageKind } from '../channels/send-context.js';
import { provinceByCode } from '../text/provinces.js';
import { TOPIC_LABELS } from './topics.js';

/** A reply stored with a direct message, so a notification keeps its buttons across restarts. */
export interface StoredReply {
  text: string;
  buttons?: Button[][];
}

/**
 * What the broadcast code stores in an announcement. The two extra fields ride in the same JSON
 * document as AnnouncementInput (both stores keep the input verbatim); only direct messages use them.
 */
export interface BroadcastInput extends AnnouncementInput {
  /** Set for a one-recipient announcement (a notification). */
  recipient?: UserKey;
  reply?: StoredReply;
  /** The template kind, when the writer knows better than messageKind's guess (enrolment confirmed). */
  kind?: MessageKind;
  /**
   * A reply in a conversation the user started (an officer's answer): it goes out at once even in
   * quiet hours, without sound where the channel allows, because the user is waiting for it.
   */
  inConversation?: boolean;
}
export type BroadcastAnnouncement = Announcement & Pick<BroadcastInput, 'recipient' | 'reply' | 'kind' | 'inConversation'>;

/** Whether the announcement answers the user in a conversation they started (see BroadcastInput). */
export function inConversation(a: Announcement): boolean {
  return (a as BroadcastAnnouncement).inConversation === true && directRecipient(a) !== undefined;
}

/** Channels a broadcast can push to; the terminal (cli) cannot be reached outside a session. */
export const PUSH_CHANNELS: readonly ChannelName[] = ['telegram', 'zalo', 'web'];

export function directRecipient(a: Announcement): UserKey | undefined {
  const r = (a as BroadcastAnnouncement).recipient;
  return r && typeof r.channel === 'string' && typeof r.userId === 'string' ? { channel: r.channel, userId: r.userId } : undefined;
}

export interface AudienceQuery {
  topics: Topic[];
  provinceCodes: string[];
  channels: ChannelName[];
}

export function audienceQuery(a: Pick<AnnouncementInput, 'topics' | 'provinceCodes' | 'channels'>): AudienceQuery {
  const channels = (a.channels.length ? a.channels : PUSH_CHANNELS).filter((c) => PUSH_CHANNELS.includes(c));
  return { topics: [...a.topics], provinceCodes: [...a.provinceCodes], channels };
}

/** Recipients of an announcement, streamed (a broadcast may reach 100k people). */
export async function* recipients(store: SubscriptionStore & UserStore, a: Announcement): AsyncGenerator<UserKey> {
  const direct = directRecipient(a);
  if (direct) {
    yield direct;
    return;
  }
  const q = audienceQuery(a);
  if (q.channels.length === 0) return;
  yield* store.findSubscribers(q);
}

/** How many people an announcement would reach now (for previews and the CLI). */
export async function countAudience(store: SubscriptionStore & UserStore, a: Pick<AnnouncementInput, 'topics' | 'provinceCodes' | 'channels'>): Promise<number> {
  const q = audienceQuery(a);
  if (q.channels.length === 0) return 0;
  let n = 0;
  for await (const _ of store.findSubscribers(q)) n++;
  return n;
}

/** Is this user still someone the announcement should reach? Checked right before sending. */
export async function stillWanted(store: SubscriptionStore & UserStore, a: Announcement, user: UserKey): Promise<'yes' | 'inactive' | 'unsubscribed'> {
  const record = await store.getUser(user);
  if (record && !record.active) return 'inactive';
  if (directRecipient(a)) return 'yes';
  const subs = await store.listSubscriptions(user);
  const match = subs.some(
    (s) =>
      a.topics.includes(s.topic) &&
      (a.provinceCodes.length === 0 || s.provinceCode === '*' || a.provinceCodes.includes(s.provinceCode)),
  );
  return match ? 'yes' : 'unsubscribed';
}

export function provinceName(code: string): string {
  if (code === '*') return 'toàn quốc';
  return provinceByCode(code)?.name ?? code;
}

/** "tin hội chợ, triển lãm ở Vĩnh Long, An Giang" — for previews, lists and stats. */
export function describeAudience(a: Pick<AnnouncementInput, 'topics' | 'provinceCodes' | 'channels'> & { recipient?: UserKey }): string {
  if (a.recipient) return `một người (${a.recipient.channel})`;
  const topics = a.topics.length === 4 ? 'mọi chủ đề' : a.topics.map((t) => TOPIC_LABELS[t]).join('; ');
  const where = a.provinceCodes.length ? `ở ${a.provinceCodes.map(provinceName).join(', ')}` : 'mọi tỉnh';
  const via = a.channels.length ? ` qua ${a.channels.join(', ')}` : '';
  return `người nhận tin ${topics}, ${where}${via}`;
}
