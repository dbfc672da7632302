/**
 * Exactly-once helpers: processed-update keys and leases.
 *
 * A processed key is committed with synchronous=NORMAL and synced to disk within a second
 * (WalSync.soon), not before the update is handled: an fsync per update cost more CPU than the rest
 * of the store's work for it. What that risks is bounded. A process crash loses nothing (the commit
 * is in the WAL file; only the machine losing power can drop unsynced WAL frames). A power cut can
 * drop the keys of the last second, and then an update Telegram sends again — it only re-sends
 * updates it has no 200 for, so ones whose turn was cut short too — is handled again instead of
 * skipped. Whatever a turn confirms to a person (an enrolment, a subscription, the outbox) is its own
 * FULL commit, whose fsync also carries every key committed before it.
 */
import type { DedupeStore } from '../ports.js';
import type { SqliteConnection } from './connection.js';

/** Expired processed-keys are swept at most this often per process. */
const PURGE_EVERY_MS = 10 * 60_000;

export class SqliteDedupe implements DedupeStore {
  #lastPurge = 0;

  constructor(private readonly c: SqliteConnection) {}

  async markProcessed(scope: string, key: string, ttlMs: number): Promise<boolean> {
    const now = this.c.clock.now().getTime();
    const first = this.c.unsynced(() => {
      this.#purgeExpired(now);
      // One statement decides: a new key inserts; a known key only "re-inserts" once its record expired.
      // Positional parameters: binding by name reads each from an object, on every update.
      const info = this.c.q(
        `INSERT INTO processed (scope, key, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (scope, key) DO UPDATE SET expires_at = excluded.expires_at WHERE processed.expires_at <= ?`,
      ).run(scope, key, now + ttlMs, now);
      return info.changes === 1;
    });
    this.c.walSync.soon();
    return first;
  }

  #purgeExpired(now: number): void {
    if (now - this.#lastPurge < PURGE_EVERY_MS) return;
    this.#lastPurge = now;
    this.c.q('DELETE FROM processed WHERE expires_at <= ?').run(now);
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.c.clock.now().getTime();
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
