/**
 * OutboxNotifier: a message to one user (an officer's alert, a waiting-list promotion) written to
 * the store as a one-recipient announcement, instead of being sent on the spot. It survives a
 * restart, obeys quiet hours and rate limits, and works from any process that shares the store:
 * the CLI writes it, the running bot's announcement poller fans it out and the outbox sends it.
 * An answer in a conversation the user started is the exception to quiet hours (NotifyOptions).
 */
import type { Notifier, NotifyOptions } from '../conversation/handler.js';
import type { Logger } from '../observability/logger.js';
import { logUser } from '../observability/logger.js';
import type { Reply } from '../replies/model.js';
import type { UserKey } from '../store/types.js';
import type { AnnouncementStore } from '../store/ports.js';
import type { BroadcastInput } from './audience.js';
import type { MessageKind } from '../channels/send-context.js';

export class OutboxNotifier implements Notifier {
  constructor(
    private readonly store: AnnouncementStore,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async notify(to: UserKey, reply: Reply, options: NotifyOptions = {}): Promise<void> {
    if (reply.file) {
      // Files do not fit in the stored announcement; the text still goes out.
      this.logger.warn({ user: logUser(to.channel, to.userId) }, 'notification: attachment dropped, only text is queued');
    }
    const at = this.now();
    const input = { ...notificationInput(to, reply, at), ...(options.inConversation ? { inConversation: true } : {}) };
    // Written before the caller tells anyone "we will let them know": the write is the promise.
    const { announcement } = await this.store.createAnnouncement(input, at);
    this.logger.debug({ user: logUser(to.channel, to.userId), announcement: announcement.id }, 'notification queued');
  }
}

/**
 * The stored form of a message to one user: a one-recipient announcement, due at once (quiet hours
 * still apply when it is sent). Used by the notifier, and by stores writing notices in the same
 * transaction as the change they announce.
 */
export function notificationInput(to: UserKey, reply: Reply, at: Date, kind?: MessageKind): BroadcastInput {
  return {
    ...(kind ? { kind } : {}),
    text: reply.text,
    topics: [],
    provinceCodes: [],
    channels: [to.channel],
    sendAt: at.toISOString(),
    createdBy: NOTIFICATION_CREATOR,
    recipient: { channel: to.channel, userId: to.userId },
    reply: { text: reply.text, ...(reply.buttons ? { buttons: reply.buttons } : {}) },
  };
}

/** `createdBy` of notifications; `announce list` leaves them out. */
export const NOTIFICATION_CREATOR = 'system:notify';
