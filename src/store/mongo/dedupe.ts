/** Exactly-once helpers: processed-update keys and leases, each one conditional single-document write. */
import type { DedupeStore } from '../ports.js';
import { isDuplicateKey, type MongoConnection } from './connection.js';


export class MongoDedupe implements DedupeStore {
  constructor(private readonly c: MongoConnection) {}

  async markProcessed(scope: string, key: string, ttlMs: number): Promise<boolean> {
    // A retryable write (retryWrites, on a replica set): if the reply to an applied mark is lost,
    // the driver's retry gets the original answer back instead of "already seen", so an update is
    // never dropped as a duplicate of itself.
    const now = new Date();
    try {
      // Matches only an expired record; a live one makes the upsert try to insert and hit the unique index.
      const res = await this.c.m.Processed.updateOne(
        { scope, key, expiresAt: { $lte: now } },
        { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return res.upsertedCount + res.modifiedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      await this.c.m.Lease.updateOne(
        { _id: name, $or: [{ owner }, { until: { $lte: now } }] },
        { $set: { owner, until: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      // Held by someone else and not expired: the upsert collided with their lease document.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.c.m.Lease.deleteOne({ _id: name, owner });
  }
}
