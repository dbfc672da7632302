/** The outbox: deliveries claimed, marked started and settled by the workers of each channel. */
import mongoose from 'mongoose';
import type { OutboxStore } from '../ports.js';
import { legacyLedger, toMs } from '../shared.js';
import type { ChannelName, Delivery, DeliveryOutcome, DeliverySettlement, DeliveryState, DeliveryStats } from '../types.js';
import { WRITE_CHUNK, type MongoConnection } from './connection.js';
import type { DeliveryDoc } from './documents.js';
import { chunks } from './import.js';

function toDelivery(doc: DeliveryDoc): Delivery {
  const d: Delivery = {
    id: String(doc._id),
    announcementId: doc.announcementId,
    occurrence: doc.occurrence,
    channel: doc.channel as ChannelName,
    userId: doc.userId,
    state: doc.state,
    attempts: doc.attempts,
    notBefore: doc.notBefore.toISOString(),
    ledger:
      doc.settledClaims != null
        ? { transientFailures: doc.transientFailures ?? 0, settledClaims: doc.settledClaims }
        : legacyLedger(doc.error),
  };
  if (doc.claimedBy != null) d.claimedBy = doc.claimedBy;
  if (doc.claimedUntil != null) d.claimedUntil = doc.claimedUntil.toISOString();
  if (doc.startedAt != null) d.startedAt = doc.startedAt.toISOString();
  if (doc.error != null) d.error = doc.error;
  if (doc.sentAt != null) d.sentAt = doc.sentAt;
  return d;
}

export class MongoOutbox implements OutboxStore {
  constructor(private readonly c: MongoConnection) {}

  async enqueueDeliveries(
    rows: Array<Pick<Delivery, 'announcementId' | 'occurrence' | 'channel' | 'userId' | 'notBefore'>>,
  ): Promise<number> {
    const parsed = rows.map((r) => ({ ...r, notBefore: new Date(toMs(r.notBefore, 'delivery notBefore')) }));
    let added = 0;
    // Upserts with $setOnInsert: an existing delivery is left untouched, so re-running a fan-out is
    // harmless and chunks need no transaction (a crash part-way is completed by the re-run).
    for (const part of chunks(parsed, WRITE_CHUNK)) {
      const res = await this.c.m.Delivery.bulkWrite(
        part.map((r) => ({
          updateOne: {
            filter: { announcementId: r.announcementId, occurrence: r.occurrence, channel: r.channel, userId: r.userId },
            update: { $setOnInsert: { state: 'pending' as const, attempts: 0, notBefore: r.notBefore, transientFailures: 0, settledClaims: 0 } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      added += res.upsertedCount;
    }
    return added;
  }

  async claimDeliveries(
    worker: string,
    limit: number,
    now: Date,
    leaseMs: number,
    channels?: ChannelName[],
  ): Promise<Delivery[]> {
    const channelFilter = channels?.length ? { channel: { $in: channels } } : {};
    const update = {
      $set: { state: 'claimed' as const, claimedBy: worker, claimedUntil: new Date(now.getTime() + leaseMs) },
      $inc: { attempts: 1 },
    };
    // Each findOneAndUpdate atomically moves one document to claimed, so two workers never get the
    // same delivery. Abandoned claims (lease expired) first, then due pending ones, oldest first.
    const phases: Array<{ filter: Record<string, unknown>; sort: Record<string, 1> }> = [
      { filter: { state: 'claimed', claimedUntil: { $lt: now }, ...channelFilter }, sort: { claimedUntil: 1 } },
      { filter: { state: 'pending', notBefore: { $lte: now }, ...channelFilter }, sort: { notBefore: 1, _id: 1 } },
    ];
    const out: Delivery[] = [];
    for (const phase of phases) {
      while (out.length < limit) {
        const doc = await this.c.m.Delivery.findOneAndUpdate(phase.filter, update, {
          sort: phase.sort,
          returnDocument: 'after',
        }).lean<DeliveryDoc>();
        if (!doc) break;
        out.push(toDelivery(doc));
      }
    }
    return out;
  }

  async startDelivery(id: string, worker: string): Promise<boolean> {
    if (!mongoose.isValidObjectId(id)) return false;
    // Acknowledged under the connection's write concern, majority and journaled (connect.ts),
    // before the caller sends: a crash or failover after this cannot lose the mark.
    const res = await this.c.m.Delivery.updateOne({ _id: id, state: 'claimed', claimedBy: worker }, { $set: { startedAt: new Date() } });
    return res.matchedCount === 1;
  }

  async completeDelivery(id: string, worker: string, outcome: DeliveryOutcome): Promise<void> {
    await this.completeDeliveries(worker, [{ id, outcome }]);
  }

  async completeDeliveries(worker: string, settlements: DeliverySettlement[]): Promise<number> {
    const now = new Date();
    // Built (and dates parsed) before anything is written.
    const ops = settlements
      .filter(({ id }) => mongoose.isValidObjectId(id))
      .map(({ id, outcome }) => {
        const $set: Record<string, unknown> = { state: outcome.state };
        const $unset: Record<string, 1> = { claimedUntil: 1, startedAt: 1 };
        if (outcome.error !== undefined) $set.error = outcome.error;
        else $unset.error = 1;
        if (outcome.state === 'pending') $set.notBefore = outcome.notBefore ? new Date(toMs(outcome.notBefore, 'delivery notBefore')) : now;
        if (outcome.state === 'sent') $set.sentAt = now.toISOString();
        if (outcome.ledger) {
          $set.transientFailures = outcome.ledger.transientFailures;
          $set.settledClaims = outcome.ledger.settledClaims;
        }
        // Only the claim holder settles; a late answer after another worker re-claimed is dropped.
        return { updateOne: { filter: { _id: id, state: 'claimed' as const, claimedBy: worker }, update: { $set, $unset } } };
      });
    if (ops.length === 0) return 0;
    // One round trip; unordered, since each update stands alone.
    const res = await this.c.m.Delivery.bulkWrite(ops, { ordered: false });
    return res.matchedCount;
  }

  async hasUnsettledDeliveries(announcementId: string): Promise<boolean> {
    return (await this.c.m.Delivery.exists({ announcementId, state: { $in: ['pending', 'claimed'] } })) !== null;
  }

  async deliveryStats(announcementId: string): Promise<DeliveryStats> {
    const stats: DeliveryStats = { total: 0, pending: 0, claimed: 0, sent: 0, failed: 0, unknown: 0 };
    const groups = await this.c.m.Delivery.aggregate<{ _id: DeliveryState; n: number }>([
      { $match: { announcementId } },
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    for (const g of groups) {
      stats[g._id] = g.n;
      stats.total += g.n;
    }
    return stats;
  }
}
