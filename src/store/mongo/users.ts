/** Users as channels know them, and each user's open dialog state. */
import type { UserStore } from '../ports.js';
import type { ChannelName, UserKey, UserRecord } from '../types.js';
import type { MongoConnection } from './connection.js';
import type { ConversationDoc, UserDoc } from './documents.js';

function toUser(doc: UserDoc): UserRecord {
  const u: UserRecord = { channel: doc.channel as ChannelName, userId: doc.userId, active: doc.active, firstSeenAt: doc.firstSeenAt };
  if (doc.inactiveReason != null) u.inactiveReason = doc.inactiveReason;
  if (doc.lastSeenAt != null) u.lastSeenAt = doc.lastSeenAt;
  if (doc.lastSendError != null) u.lastSendError = doc.lastSendError;
  return u;
}

export class MongoUsers implements UserStore {
  constructor(private readonly c: MongoConnection) {}

  async touchUser(key: UserKey, now: Date): Promise<UserRecord> {
    const at = now.toISOString();
    const doc = await this.c.m.User.findOneAndUpdate(
      { channel: key.channel, userId: key.userId },
      { $set: { lastSeenAt: at }, $setOnInsert: { active: true, firstSeenAt: at } },
      { upsert: true, returnDocument: 'after' },
    ).lean<UserDoc>();
    return toUser(doc!);
  }

  async getUser(key: UserKey): Promise<UserRecord | undefined> {
    const doc = await this.c.m.User.findOne({ channel: key.channel, userId: key.userId }).lean<UserDoc>();
    return doc ? toUser(doc) : undefined;
  }

  async setUserActive(key: UserKey, active: boolean, reason?: string): Promise<void> {
    const update =
      active || reason === undefined
        ? { $set: { active }, $unset: { inactiveReason: 1 as const }, $setOnInsert: { firstSeenAt: new Date().toISOString() } }
        : { $set: { active, inactiveReason: reason }, $setOnInsert: { firstSeenAt: new Date().toISOString() } };
    await this.c.m.User.updateOne({ channel: key.channel, userId: key.userId }, update, { upsert: true });
  }

  async setUserSendError(key: UserKey, error: string | undefined): Promise<void> {
    const update =
      error === undefined
        ? { $unset: { lastSendError: 1 as const }, $setOnInsert: { active: true, firstSeenAt: new Date().toISOString() } }
        : { $set: { lastSendError: error }, $setOnInsert: { active: true, firstSeenAt: new Date().toISOString() } };
    await this.c.m.User.updateOne({ channel: key.channel, userId: key.userId }, update, { upsert: true });
  }

  async getConversation<T = unknown>(key: UserKey): Promise<T | undefined> {
    const doc = await this.c.m.Conversation.findOne({ channel: key.channel, userId: key.userId }).lean<ConversationDoc>();
    return doc ? (JSON.parse(doc.state) as T) : undefined;
  }

  async setConversation<T = unknown>(key: UserKey, state: T | undefined): Promise<void> {
    const filter = { channel: key.channel, userId: key.userId };
    if (state === undefined) {
      await this.c.m.Conversation.deleteOne(filter);
      return;
    }
    await this.c.m.Conversation.updateOne(
      filter,
      { $set: { state: JSON.stringify(state), updatedAt: new Date().toISOString() } },
      { upsert: true },
    );
  }
}
