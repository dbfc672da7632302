/**
 * Fan-out: one occurrence of an announcement becomes one outbox delivery per recipient.
 * Idempotent by construction (the store ignores a delivery that already exists for the same
 * announcement, occurrence, channel and user), so a fan-out interrupted by a crash, or run by two
 * processes at once, is simply run again. Quiet hours are applied here, per channel.
 */
import type { Announcement, Delivery } from '../store/types.js';
import type { OutboxStore, SubscriptionStore, UserStore } from '../store/ports.js';
import { inConversation, recipients } from './audience.js';
import { policyFor, sendableAt, type QuietPolicy } from './quiet-hours.js';

/** Rows per insert transaction: one fsync per batch keeps a 100k fan-out to a second or two. */
const BATCH = 2000;

export interface FanOutResult {
  /** Recipients found now. */
  recipients: number;
  /** Deliveries newly created (fewer than recipients when the fan-out is a re-run). */
  added: number;
}

export async function fanOut(
  store: OutboxStore & SubscriptionStore & UserStore,
  a: Announcement,
  occurrence: string,
  dueAt: Date,
  policy: QuietPolicy,
): Promise<FanOutResult> {
  const promotional = Boolean(a.promotional);
  const quiet = policyFor(policy, inConversation(a));
  let batch: Array<Pick<Delivery, 'announcementId' | 'occurrence' | 'channel' | 'userId' | 'notBefore'>> = [];
  const notBefore = new Map<string, string>();
  const at = (channel: Delivery['channel']) => {
    let iso = notBefore.get(channel);
    if (!iso) notBefore.set(channel, (iso = sendableAt(dueAt, quiet, channel, promotional).toISOString()));
    return iso;
  };
  let found = 0;
  let added = 0;
  for await (const user of recipients(store, a)) {
    found++;
    batch.push({ announcementId: a.id, occurrence, channel: user.channel, userId: user.userId, notBefore: at(user.channel) });
    if (batch.length >= BATCH) {
      added += await store.enqueueDeliveries(batch);
      batch = [];
    }
  }
  if (batch.length) added += await store.enqueueDeliveries(batch);
  return { recipients: found, added };
}
