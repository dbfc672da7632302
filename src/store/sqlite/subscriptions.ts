/** Who wants announcements about what, where; and the active audience of an announcement. */
import type { SubscriptionStore } from '../ports.js';
import { STREAM_BATCH } from '../shared.js';
import type { ChannelName, SubscriberCount, Subscription, Topic, UserKey } from '../types.js';
import { inList, type SqliteConnection } from './connection.js';


export class SqliteSubscriptions implements SubscriptionStore {
  constructor(private readonly c: SqliteConnection) {}

  async subscribe(sub: Omit<Subscription, 'createdAt'>, now: Date): Promise<boolean> {
    return this.c.write(() => {
      // findSubscribers joins users; make sure the row exists so a subscription is never silently dead.
      this.c.q(`INSERT OR IGNORE INTO users (channel, user_id, active, first_seen_at) VALUES (?, ?, 1, ?)`).run(
        sub.channel,
        sub.userId,
        now.toISOString(),
      );
      const info = this.c.q(
        `INSERT OR IGNORE INTO subscriptions (channel, user_id, topic, province_code, created_at) VALUES (?, ?, ?, ?, ?)`,
      ).run(sub.channel, sub.userId, sub.topic, sub.provinceCode, now.toISOString());
      return info.changes === 1;
    });
  }

  async unsubscribe(key: UserKey, topic?: Topic, provinceCode?: string): Promise<number> {
    return this.c.q(
      `DELETE FROM subscriptions WHERE channel = @channel AND user_id = @userId
       AND (@topic IS NULL OR topic = @topic) AND (@provinceCode IS NULL OR province_code = @provinceCode)`,
    ).run({ channel: key.channel, userId: key.userId, topic: topic ?? null, provinceCode: provinceCode ?? null }).changes;
  }

  async listSubscriptions(key: UserKey): Promise<Subscription[]> {
    const rows = this.c.q(
      `SELECT * FROM subscriptions WHERE channel = ? AND user_id = ? ORDER BY created_at, topic, province_code`,
    ).all(key.channel, key.userId) as Array<{
      channel: string;
      user_id: string;
      topic: string;
      province_code: string;
      created_at: string;
    }>;
    return rows.map((r) => ({
      channel: r.channel as ChannelName,
      userId: r.user_id,
      topic: r.topic as Topic,
      provinceCode: r.province_code,
      createdAt: r.created_at,
    }));
  }

  async *findSubscribers(q: { topics: Topic[]; provinceCodes: string[]; channels: ChannelName[] }): AsyncGenerator<UserKey> {
    // No topic means no audience: an announcement must say what it is about before it reaches anyone.
    if (q.topics.length === 0) return;
    const topics = inList('t', q.topics);
    const provinces = inList('p', q.provinceCodes);
    const channels = inList('c', q.channels);
    const where = ['u.active = 1', `s.topic IN ${topics.sql}`, '(s.channel, s.user_id) > (@afterChannel, @afterUser)'];
    if (q.provinceCodes.length) where.push(`(s.province_code = '*' OR s.province_code IN ${provinces.sql})`);
    if (q.channels.length) where.push(`s.channel IN ${channels.sql}`);
    // Keyset pages in primary-key order, for the same reason as iterateItems.
    const page = this.c.q(
      `SELECT DISTINCT s.channel, s.user_id FROM subscriptions s
       JOIN users u ON u.channel = s.channel AND u.user_id = s.user_id
       WHERE ${where.join(' AND ')} ORDER BY s.channel, s.user_id LIMIT ${STREAM_BATCH}`,
    );
    const lists = { ...topics.params, ...provinces.params, ...channels.params };
    let after = { afterChannel: '', afterUser: '' };
    for (;;) {
      const rows = page.all({ ...lists, ...after }) as Array<{ channel: string; user_id: string }>;
      for (const r of rows) yield { channel: r.channel as ChannelName, userId: r.user_id };
      const last = rows.at(-1);
      if (!last || rows.length < STREAM_BATCH) return;
      after = { afterChannel: last.channel, afterUser: last.user_id };
    }
  }

  async countSubscribers(provinceCodes?: string[]): Promise<SubscriberCount[]> {
    return this.c.q(
      `SELECT s.topic AS topic, s.province_code AS provinceCode, count(*) AS subscribers FROM subscriptions s
       JOIN users u ON u.channel = s.channel AND u.user_id = s.user_id
       WHERE u.active = 1 AND (@all = 1 OR s.province_code = '*' OR s.province_code IN (SELECT value FROM json_each(@codes)))
       GROUP BY s.topic, s.province_code ORDER BY s.province_code, s.topic`,
    ).all({ all: provinceCodes ? 0 : 1, codes: JSON.stringify(provinceCodes ?? []) }) as SubscriberCount[];
  }
}
