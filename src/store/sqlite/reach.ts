/**
 * ReachStore and SendRateStore on the embedded SQLite file (tables user_reach and send_slots,
 * migration 5). Slot reservations are one BEGIN IMMEDIATE transaction each: two processes can never
 * both get the same send time.
 */
import { reachKey, reserveSlots, type PhoneConsentSource, type ReachStore, type SendRateStore, type SlotGrant, type SlotLimit, type UserReach } from '../reach.js';
import type { UserKey } from '../types.js';
import type { SqliteConnection } from './connection.js';

interface ReachRow {
  channel: string;
  user_id: string;
  last_inbound_at: string | null;
  follower: number | null;
  phone: string | null;
  phone_source: string | null;
  phone_consent_at: string | null;
  window_closed_at: string | null;
}

const UPSERT_KEY = `INSERT INTO user_reach (channel, user_id) VALUES (@channel, @userId) ON CONFLICT DO NOTHING`;

export class SqliteReach implements ReachStore, SendRateStore {
  constructor(private readonly c: SqliteConnection) {}

  #upsert(key: UserKey, sql: string, params: Record<string, unknown>): void {
    this.c.write(() => {
      this.c.q(UPSERT_KEY).run({ channel: key.channel, userId: key.userId });
      this.c.q(`UPDATE user_reach SET ${sql} WHERE channel = @channel AND user_id = @userId`).run({ ...params, channel: key.channel, userId: key.userId });
    });
  }

  async recordInbound(key: UserKey, at: Date): Promise<void> {
    // A new message reopens the window, so an earlier refusal no longer applies.
    this.#upsert(
      key,
      `last_inbound_at = CASE WHEN last_inbound_at IS NULL OR last_inbound_at < @at THEN @at ELSE last_inbound_at END,
       window_closed_at = CASE WHEN window_closed_at < @at THEN NULL ELSE window_closed_at END`,
      { at: at.toISOString() },
    );
  }

  async setFollower(key: UserKey, follower: boolean): Promise<void> {
    this.#upsert(key, 'follower = @follower', { follower: follower ? 1 : 0 });
  }

  async recordConsentedPhone(key: UserKey, phone: string, source: PhoneConsentSource, at: Date): Promise<void> {
    this.#upsert(key, 'phone = @phone, phone_source = @source, phone_consent_at = @at', { phone, source, at: at.toISOString() });
  }

  async markWindowClosed(key: UserKey, at: Date): Promise<void> {
    this.#upsert(key, 'window_closed_at = @at', { at: at.toISOString() });
  }

  async forgetPhone(key: UserKey): Promise<void> {
    this.c.q('UPDATE user_reach SET phone = NULL, phone_source = NULL, phone_consent_at = NULL WHERE channel = ? AND user_id = ?').run(key.channel, key.userId);
  }

  async getReach(key: UserKey): Promise<UserReach | undefined> {
    const row = this.c.q('SELECT * FROM user_reach WHERE channel = ? AND user_id = ?').get(key.channel, key.userId) as ReachRow | undefined;
    return row ? toReach(row) : undefined;
  }

  async getReaches(keys: UserKey[]): Promise<Map<string, UserReach>> {
    const out = new Map<string, UserReach>();
    const stmt = this.c.q('SELECT * FROM user_reach WHERE channel = ? AND user_id = ?');
    for (const k of keys) {
      const row = stmt.get(k.channel, k.userId) as ReachRow | undefined;
      if (row) out.set(reachKey(k), toReach(row));
    }
    return out;
  }

  async reserveSendSlots(name: string, want: number, limit: SlotLimit, nowMs: number): Promise<SlotGrant> {
    // A schedule is worth nothing after a power cut (a restart simply starts a fresh one), so its
    // frequent writes skip the fsync; commits stay atomic and ordered.
    return this.c.unsynced(() =>
      this.c.write(() => {
          const row = this.c.q('SELECT tat_ms, paused_until_ms FROM send_slots WHERE name = ?').get(name) as
            | { tat_ms: number; paused_until_ms: number }
            | undefined;
          const { next, grant } = reserveSlots(row ? { tatMs: row.tat_ms, pausedUntilMs: row.paused_until_ms } : undefined, want, limit, nowMs);
          if (grant.granted > 0) {
            this.c.q(
              `INSERT INTO send_slots (name, tat_ms, paused_until_ms) VALUES (@name, @tatMs, @pausedUntilMs)
               ON CONFLICT (name) DO UPDATE SET tat_ms = excluded.tat_ms`,
            ).run({ name, ...next });
          }
          return grant;
      }),
    );
  }

  async pauseSends(name: string, untilMs: number): Promise<void> {
    this.c.q(
      `INSERT INTO send_slots (name, tat_ms, paused_until_ms) VALUES (@name, @untilMs, @untilMs)
       ON CONFLICT (name) DO UPDATE SET tat_ms = max(tat_ms, excluded.tat_ms), paused_until_ms = max(paused_until_ms, excluded.paused_until_ms)`,
    ).run({ name, untilMs });
  }
}

function toReach(r: ReachRow): UserReach {
  const out: UserReach = { channel: r.channel as UserReach['channel'], userId: r.user_id };
  if (r.last_inbound_at !== null) out.lastInboundAt = r.last_inbound_at;
  if (r.follower !== null) out.follower = r.follower === 1;
  if (r.phone !== null) out.phone = r.phone;
  if (r.phone_source !== null) out.phoneSource = r.phone_source as PhoneConsentSource;
  if (r.phone_consent_at !== null) out.phoneConsentAt = r.phone_consent_at;
  if (r.window_closed_at !== null) out.windowClosedAt = r.window_closed_at;
  return out;
}
