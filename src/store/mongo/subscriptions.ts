/** Who wants announcements about what, where; and the active audience of an announcement. */
import type { SubscriptionStore } from '../ports.js';
import { STREAM_BATCH } from '../shared.js';
import type { ChannelName, SubscriberCount, Subscription, Topic, UserKey } from '../types.js';
import { isDuplicateKey, type MongoConnection } from './connection.js';
import type { SubscriptionDoc } from './documents.js';


export class MongoSubscriptions implements SubscriptionStore {
  constructor(private readonly c: MongoConnection) {}

  async subscribe(sub: Omit<Subscription, 'createdAt'>, now: Date): Promise<boolean> {
    const at = now.toISOString();
    // findSubscribers only yields known active users; make sure this one is known.
    await this.c.m.User.updateOne(
      { channel: sub.channel, userId: sub.userId },
      { $setOnInsert: { active: true, firstSeenAt: at } },
      { upsert: true },
    ).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    try {
      const res = await this.c.m.Subscription.updateOne(
        { channel: sub.channel, userId: sub.userId, topic: sub.topic, provinceCode: sub.provinceCode },
        { $setOnInsert: { createdAt: at } },
        { upsert: true },
      );
      return res.upsertedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async unsubscribe(key: UserKey, topic?: Topic, provinceCode?: string): Promise<number> {
    const q: Record<string, unknown> = { channel: key.channel, userId: key.userId };
    if (topic !== undefined) q.topic = topic;
    if (provinceCode !== undefined) q.provinceCode = provinceCode;
    return (await this.c.m.Subscription.deleteMany(q)).deletedCount;
  }

  async listSubscriptions(key: UserKey): Promise<Subscription[]> {
    const docs = await this.c.m.Subscription.find({ channel: key.channel, userId: key.userId })
      .sort({ createdAt: 1, topic: 1, provinceCode: 1 })
      .lean<SubscriptionDoc[]>();
    return docs.map((d) => ({
      channel: d.channel as ChannelName,
      userId: d.userId,
      topic: d.topic as Topic,
      provinceCode: d.provinceCode,
      createdAt: d.createdAt,
    }));
  }

  async *findSubscribers(q: { topics: Topic[]; provinceCodes: string[]; channels: ChannelName[] }): AsyncGenerator<UserKey> {
    // No topic means no audience, as in the embedded store.
    if (q.topics.length === 0) return;
    const base: Record<string, unknown>[] = [{ topic: { $in: q.topics } }];
    if (q.provinceCodes.length) base.push({ provinceCode: { $in: [...q.provinceCodes, '*'] } });
    if (q.channels.length) base.push({ channel: { $in: q.channels } });
    // Pages ordered by (channel, userId); the next page starts after the last user seen, whose
    // other subscriptions no longer matter since that user was already taken.
    let last: { channel: string; userId: string } | undefined;
    for (;;) {
      const and = [...base];
      if (last) and.push({ $or: [{ channel: { $gt: last.channel } }, { channel: last.channel, userId: { $gt: last.userId } }] });
      const subs = await this.c.m.Subscription.find({ $and: and }, { channel: 1, userId: 1, _id: 0 })
        .sort({ channel: 1, userId: 1 })
        .limit(STREAM_BATCH)
        .lean<Array<{ channel: string; userId: string }>>();
      if (subs.length === 0) return;
      const page = new Map<string, string[]>();
      let prev = '';
      for (const s of subs) {
        const k = `${s.channel}\u0000${s.userId}`;
        if (k === prev) continue;
        prev = k;
        const list = page.get(s.channel) ?? [];
        list.push(s.userId);
        page.set(s.channel, list);
      }
      for (const [channel, userIds] of page) {
        const active = await this.c.m.User.find({ channel, userId: { $in: userIds }, active: true }, { userId: 1, _id: 0 }).lean<
          Array<{ userId: string }>
        >();
        const ok = new Set(active.map((u) => u.userId));
        for (const userId of userIds) if (ok.has(userId)) yield { channel: channel as ChannelName, userId };
      }
      const tail = subs.at(-1)!;
      if (subs.length < STREAM_BATCH) return;
      last = { channel: tail.channel, userId: tail.userId };
    }
  }

  async countSubscribers(provinceCodes?: string[]): Promise<SubscriberCount[]> {
    const where: Record<string, unknown> = provinceCodes ? { provinceCode: { $in: [...provinceCodes, '*'] } } : {};
    const group = [{ $group: { _id: { topic: '$topic', provinceCode: '$provinceCode' }, n: { $sum: 1 } } }];
    const counts = new Map<string, SubscriberCount>();
    const add = (rows: Array<{ _id: { topic: Topic; provinceCode: string }; n: number }>, sign: 1 | -1) => {
      for (const r of rows) {
        const key = `${r._id.topic}/${r._id.provinceCode}`;
        const c = counts.get(key) ?? { topic: r._id.topic, provinceCode: r._id.provinceCode, subscribers: 0 };
        c.subscribers += sign * r.n;
        counts.set(key, c);
      }
    };
    add(await this.c.m.Subscription.aggregate([{ $match: where }, ...group]), 1);
    // Users who blocked the bot keep their subscriptions but hear nothing: taken off, a page of them at a time.
    let after: { channel: string; userId: string } | undefined;
    for (;;) {
      const q: Record<string, unknown> = { active: false };
      if (after) q.$or = [{ channel: { $gt: after.channel } }, { channel: after.channel, userId: { $gt: after.userId } }];
      const inactive = await this.c.m.User.find(q, { channel: 1, userId: 1, _id: 0 }).sort({ channel: 1, userId: 1 }).limit(STREAM_BATCH).lean<Array<{ channel: string; userId: string }>>();
      if (inactive.length === 0) break;
      const keys = inactive.map((u) => ({ channel: u.channel, userId: u.userId }));
      add(await this.c.m.Subscription.aggregate([{ $match: { ...where, $or: keys } }, ...group]), -1);
      if (inactive.length < STREAM_BATCH) break;
      after = inactive.at(-1);
    }
    return [...counts.values()].filter((c) => c.subscribers > 0).sort((a, b) => byCodeUnits(a.provinceCode, b.provinceCode) || byCodeUnits(a.topic, b.topic));
  }
}

/** Plain string order, as SQLite's ORDER BY gives it (the contract compares the two stores' lists). */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
