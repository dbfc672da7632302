/** Exactly-once helpers: processed-update keys (fsynced through the shared WAL sync) and leases. */
import type { DedupeStore } from '../ports.js';
import type { SqliteConnection } from './connection.js';

/** Expired processed-keys are swept at most this often per process. */
const PURGE_EVERY_MS = 10 * 60_000;

export class SqliteDedupe implements DedupeStore {
  #lastPurge = 0;

  constructor(private readonly c: SqliteConnection) {}

  async markProcessed(scope: string, key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    // Every update and every outbox send passes here, so the commit does not fsync on the event loop;
    // the shared WAL fsync below makes it durable before the caller replies or acks on the strength of it.
    const first = this.c.unsynced(() => {
      this.#purgeExpired(now);
      // One statement decides: a new key inserts; a known key only "re-inserts" once its record expired.
      const info = this.c.q(
        `INSERT INTO processed (scope, key, expires_at) VALUES (@scope, @key, @expires)
         ON CONFLICT (scope, key) DO UPDATE SET expires_at = excluded.expires_at WHERE processed.expires_at <= @now`,
      ).run({ scope, key, expires: now + ttlMs, now });
      return info.changes === 1;
    });
    try {
      // A known key too: the record it was checked against may be another turn's, not yet on disk.
      await this.c.walSync.flush();
    } catch (err) {
      // Not known to be on disk: forget the key, so the redelivery this error causes is handled, not skipped.
      try {
        if (first) this.c.q('DELETE FROM processed WHERE scope = ? AND key = ?').run(scope, key);
      } catch {
        // The disk is failing; the caller needs the first error.
      }
      throw err;
    }
    return first;
  }

  #purgeExpired(now: number): void {
    if (now - this.#lastPurge < PURGE_EVERY_MS) return;
    this.#lastPurge = now;
    this.c.q('DELETE FROM processed WHERE expires_at <= ?').run(now);
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const info = this.c.q(
      `INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE leases.owner = excluded.owner OR leases.until <= @now`,
    ).run({ name, owner, until: now + ttlMs, now });
    return info.changes === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.c.q('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }
}
