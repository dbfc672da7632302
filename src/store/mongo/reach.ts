/**
 * ReachStore and SendRateStore on MongoDB: collections `user_reach` (one document per user, _id
 * `channel:userId`) and `send_slots` (one per channel). A reservation is a compare-and-set on the
 * document's version, retried on conflict, so it needs no transaction and no server-side pipeline.
 */
import { reachKey, reserveSlots, type PhoneConsentSource, type ReachStore, type SendRateStore, type SlotGrant, type SlotLimit, type UserReach } from '../reach.js';
import type { ChannelName, UserKey } from '../types.js';
import type { MongoConnection } from './connection.js';

interface ReachDoc {
  _id: string;
  channel: string;
  userId: string;
  lastInboundAt?: string | null;
  follower?: boolean | null;
  phone?: string | null;
  phoneSource?: string | null;
  phoneConsentAt?: string | null;
  windowClosedAt?: string | null;
}

interface SlotDoc {
  _id: string;
  tatMs: number;
  pausedUntilMs: number;
  version: number;
}

/** Compare-and-set rounds before a take gives up for now (and asks the caller to come back soon). */
const CAS_ROUNDS = 20;

/** Collection of the users' reach documents (needs no index beyond _id). */
export const REACH_COLLECTION = 'user_reach';

export class MongoReach implements ReachStore, SendRateStore {
  constructor(private readonly c: MongoConnection) {}

  #reach() {
    return this.c.conn.db!.collection<ReachDoc>(REACH_COLLECTION);
  }

  #slots() {
    return this.c.conn.db!.collection<SlotDoc>('send_slots');
  }

  async #upsert(key: UserKey, update: Record<string, unknown>): Promise<void> {
    await this.#reach().updateOne(
      { _id: reachKey(key) },
      { ...update, $setOnInsert: { channel: key.channel, userId: key.userId } },
      { upsert: true },
    );
  }

  async recordInbound(key: UserKey, at: Date): Promise<void> {
    const iso = at.toISOString();
    // ISO times of one format compare as strings, so $max keeps the latest.
    await this.#upsert(key, { $max: { lastInboundAt: iso } });
    await this.#reach().updateOne({ _id: reachKey(key), windowClosedAt: { $lt: iso } }, { $unset: { windowClosedAt: '' } });
  }

  async setFollower(key: UserKey, follower: boolean): Promise<void> {
    await this.#upsert(key, { $set: { follower } });
  }

  async recordConsentedPhone(key: UserKey, phone: string, source: PhoneConsentSource, at: Date): Promise<void> {
    await this.#upsert(key, { $set: { phone, phoneSource: source, phoneConsentAt: at.toISOString() } });
  }

  async markWindowClosed(key: UserKey, at: Date): Promise<void> {
    await this.#upsert(key, { $set: { windowClosedAt: at.toISOString() } });
  }

  async forgetPhone(key: UserKey): Promise<void> {
    await this.#reach().updateOne({ _id: reachKey(key) }, { $unset: { phone: '', phoneSource: '', phoneConsentAt: '' } });
  }

  async getReach(key: UserKey): Promise<UserReach | undefined> {
    const doc = await this.#reach().findOne({ _id: reachKey(key) });
    return doc ? toReach(doc) : undefined;
  }

  async getReaches(keys: UserKey[]): Promise<Map<string, UserReach>> {
    const out = new Map<string, UserReach>();
    for (let i = 0; i < keys.length; i += 500) {
      const ids = keys.slice(i, i + 500).map(reachKey);
      for (const doc of await this.#reach().find({ _id: { $in: ids } }).toArray()) out.set(doc._id, toReach(doc));
    }
    return out;
  }

  async reserveSendSlots(name: string, want: number, limit: SlotLimit, nowMs: number): Promise<SlotGrant> {
    for (let round = 0; round < CAS_ROUNDS; round++) {
      const doc = await this.#slots().findOne({ _id: name });
      const { next, grant } = reserveSlots(doc ?? undefined, want, limit, nowMs);
      if (grant.granted === 0) return grant;
      if (!doc) {
        try {
          await this.#slots().insertOne({ _id: name, ...next, version: 1 });
          return grant;
        } catch (err) {
          if ((err as { code?: unknown }).code === 11000) continue; // another process created it first
          throw err;
        }
      }
      const res = await this.#slots().updateOne({ _id: name, version: doc.version }, { $set: { tatMs: next.tatMs }, $inc: { version: 1 } });
      if (res.modifiedCount === 1) return grant;
    }
    // Heavy contention: nothing reserved; the caller asks again in a moment.
    return { granted: 0, firstMs: 0, intervalMs: 1000 / limit.perSecond, waitMs: Math.max(1, Math.ceil(1000 / limit.perSecond)) };
  }

  async pauseSends(name: string, untilMs: number): Promise<void> {
    await this.#slots().updateOne(
      { _id: name },
      { $max: { pausedUntilMs: untilMs, tatMs: untilMs }, $inc: { version: 1 } },
      { upsert: true },
    );
  }
}

function toReach(d: ReachDoc): UserReach {
  const out: UserReach = { channel: d.channel as ChannelName, userId: d.userId };
  if (d.lastInboundAt != null) out.lastInboundAt = d.lastInboundAt;
  if (d.follower != null) out.follower = d.follower;
  if (d.phone != null) out.phone = d.phone;
  if (d.phoneSource != null) out.phoneSource = d.phoneSource as PhoneConsentSource;
  if (d.phoneConsentAt != null) out.phoneConsentAt = d.phoneConsentAt;
  if (d.windowClosedAt != null) out.windowClosedAt = d.windowClosedAt;
  return out;
}
