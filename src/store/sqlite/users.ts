/** Users as channels know them, and each user's open dialog state. */
import type { UserStore } from '../ports.js';
import type { ChannelName, UserKey, UserRecord } from '../types.js';
import type { SqliteConnection } from './connection.js';

interface UserRow {
  channel: string;
  user_id: string;
  active: number;
  inactive_reason: string | null;
  last_seen_at: string | null;
  last_send_error: string | null;
  first_seen_at: string;
}

function toUser(row: UserRow): UserRecord {
  const user: UserRecord = {
    channel: row.channel as ChannelName,
    userId: row.user_id,
    active: row.active === 1,
    firstSeenAt: row.first_seen_at,
  };
  if (row.inactive_reason !== null) user.inactiveReason = row.inactive_reason;
  if (row.last_seen_at !== null) user.lastSeenAt = row.last_seen_at;
  if (row.last_send_error !== null) user.lastSendError = row.last_send_error;
  return user;
}

export class SqliteUsers implements UserStore {
  constructor(private readonly c: SqliteConnection) {}

  async touchUser(key: UserKey, now: Date): Promise<UserRecord> {
    // `active` is left alone: only the channel's follow/unfollow/blocked signals change it.
    // Unsynced: runs on every turn, and a last-seen time lost to a power cut is only a little stale
    // (a subscription writes its own user row durably, so no audience depends on this one).
    const at = now.toISOString();
    // The statement is looked up inside unsynced(): outside, a writing statement sets FULL first,
    // which unsynced() would then switch straight back.
    const row = this.c.unsynced(
      () =>
        this.c
          .q(
            `INSERT INTO users (channel, user_id, active, last_seen_at, first_seen_at) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (channel, user_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
       RETURNING *`,
          )
          .get(key.channel, key.userId, at, at) as UserRow,
    );
    return toUser(row);
  }

  async getUser(key: UserKey): Promise<UserRecord | undefined> {
    const row = this.c.q('SELECT * FROM users WHERE channel = ? AND user_id = ?').get(key.channel, key.userId) as
      | UserRow
      | undefined;
    return row ? toUser(row) : undefined;
  }

  async setUserActive(key: UserKey, active: boolean, reason?: string): Promise<void> {
    // Upsert: an unfollow event can arrive for someone who never wrote to us; remember it anyway.
    this.c.q(
      `INSERT INTO users (channel, user_id, active, inactive_reason, first_seen_at) VALUES (@channel, @userId, @active, @reason, @now)
       ON CONFLICT (channel, user_id) DO UPDATE SET active = excluded.active, inactive_reason = excluded.inactive_reason`,
    ).run({
      channel: key.channel,
      userId: key.userId,
      active: active ? 1 : 0,
      reason: active ? null : (reason ?? null),
      now: this.c.clock.now().toISOString(),
    });
  }

  async setUserSendError(key: UserKey, error: string | undefined): Promise<void> {
    this.c.q(
      `INSERT INTO users (channel, user_id, active, last_send_error, first_seen_at) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (channel, user_id) DO UPDATE SET last_send_error = excluded.last_send_error`,
    ).run(key.channel, key.userId, error ?? null, this.c.clock.now().toISOString());
  }

  async getConversation<T = unknown>(key: UserKey): Promise<T | undefined> {
    const row = this.c.q('SELECT state FROM conversations WHERE channel = ? AND user_id = ?').get(
      key.channel,
      key.userId,
    ) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as T) : undefined;
  }

  async setConversation<T = unknown>(key: UserKey, state: T | undefined): Promise<void> {
    if (state === undefined) {
      this.c.q('DELETE FROM conversations WHERE channel = ? AND user_id = ?').run(key.channel, key.userId);
      return;
    }
    this.c.q(
      `INSERT INTO conversations (channel, user_id, state, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel, user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    ).run(key.channel, key.userId, JSON.stringify(state), this.c.clock.now().toISOString());
  }
}
