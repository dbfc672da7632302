/**
 * Group commit in the embedded store: markProcessed and touchUser commit without an fsync on the
 * event loop; markProcessed's keys reach the disk by one shared fsync within a second.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteConnection } from '../../src/store/sqlite/connection.js';
import { SqliteDedupe } from '../../src/store/sqlite/dedupe.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import { SqliteUsers } from '../../src/store/sqlite/users.js';
import type { Store } from '../../src/store/ports.js';
import { SOON_MS, WalSync } from '../../src/store/sqlite/wal-sync.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-walsync-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Spies on FileHandle.sync; each fsync waits until released, so the test controls the order. */
async function controlledSyncs() {
  const probe = await open(join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
  await probe.close();
  const started: Array<() => void> = [];
  const original = proto.sync;
  vi.spyOn(proto, 'sync').mockImplementation(function (this: unknown) {
    return new Promise<void>((resolve) => started.push(resolve)).then(() => original.call(this));
  });
  const settle = async () => {
    await vi.waitFor(() => expect(started.length).toBeGreaterThan(0));
    started.shift()!();
  };
  return { started, settle };
}

describe('WalSync', () => {
  it('shares one fsync among the flushes that arrive while another runs, and never reuses an earlier one', async () => {
    const wal = join(dir, 'x.db-wal');
    writeFileSync(wal, 'frames');
    const sync = new WalSync(wal);
    await sync.flush(); // opens the file (and syncs its directory) before the spy counts
    const { started, settle } = await controlledSyncs();

    const first = sync.flush();
    await vi.waitFor(() => expect(started).toHaveLength(1));
    // These were asked for after the running fsync began: it may not cover their writes.
    let laterDone = false;
    const later = Promise.all([sync.flush(), sync.flush(), sync.flush()]).then(() => (laterDone = true));
    await settle();
    await first;
    await vi.waitFor(() => expect(started).toHaveLength(1));
    expect(laterDone).toBe(false);
    await settle();
    await later;
    expect(started).toHaveLength(0);
    await sync.close();
    await expect(sync.flush()).rejects.toThrow(/closed/);
  });
});

describe('embedded store without an fsync on the event loop', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openEmbeddedStore(dir);
  });
  afterEach(async () => {
    await store.close();
  });

  it('leaves every other write fully synchronous', async () => {
    // The sections over a connection of their own, to read that connection's setting afterwards.
    const c = SqliteConnection.open(dir);
    const synchronous = () => c.db.pragma('synchronous', { simple: true });
    const users = new SqliteUsers(c);
    const user = { channel: 'telegram' as const, userId: '7' };
    try {
      expect(synchronous()).toBe(2); // FULL from the opening
      expect(await new SqliteDedupe(c).markProcessed('telegram:update', '1', 60_000)).toBe(true);
      await users.touchUser(user, new Date());
      expect(synchronous()).toBe(1); // NORMAL, left so for the next unsynced write
      // The first switch back is FULL too (SQLite applies the PRAGMA when it is prepared, not run:
      // a PRAGMA statement kept for reuse once left this write, the first after opening, unsynced).
      // Nothing switches the setting between a statement's run and its commit, so what it reads
      // right after a write is what that write committed with.
      await users.setUserActive(user, false, 'blocked');
      expect(synchronous()).toBe(2); // FULL
      await users.touchUser(user, new Date());
      // A transaction is FULL from its start.
      c.write(() => {
        expect(synchronous()).toBe(2);
        // Unsynced inside it changes nothing: the commit is the transaction's.
        c.unsynced(() => c.q('DELETE FROM processed WHERE expires_at < 0').run());
        expect(synchronous()).toBe(2);
      });
    } finally {
      await c.close();
    }
  });

  it('runs no PRAGMA between unsynced writes, one after another', async () => {
    const c = SqliteConnection.open(dir);
    try {
      const dedupe = new SqliteDedupe(c);
      await dedupe.markProcessed('telegram:update', '1', 60_000);
      // Every statement run from here on, by its SQL.
      const proto = Object.getPrototypeOf(c.db.prepare('SELECT 1')) as { run(...args: unknown[]): unknown };
      const original = proto.run;
      const ran: string[] = [];
      vi.spyOn(proto, 'run').mockImplementation(function (this: { source: string }, ...args: unknown[]) {
        ran.push(this.source);
        return original.apply(this, args);
      });
      const pragma = c.db.pragma.bind(c.db);
      vi.spyOn(c.db, 'pragma').mockImplementation((source: string, options?: Parameters<typeof pragma>[1]) => {
        ran.push(`PRAGMA ${source}`);
        return pragma(source, options);
      });
      // A turn's last-seen time among them (a statement of its own, read with get()).
      const users = new SqliteUsers(c);
      for (let i = 2; i < 5; i++) {
        await dedupe.markProcessed('telegram:update', String(i), 60_000);
        await users.touchUser({ channel: 'telegram', userId: String(i) }, new Date());
      }
      expect(ran).toHaveLength(3);
      expect(ran.filter((sql) => /PRAGMA/i.test(sql))).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('does not hold markProcessed for an fsync, and syncs its key within a second', async () => {
    const { started, settle } = await controlledSyncs();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      expect(await store.markProcessed('telegram:update', '2', 60_000)).toBe(true);
      expect(await store.markProcessed('telegram:update', '2', 60_000)).toBe(false);
      expect(await store.markProcessed('telegram:update', '3', 60_000)).toBe(true);
      expect(started).toHaveLength(0); // answered before any fsync
      vi.advanceTimersByTime(SOON_MS);
    } finally {
      vi.useRealTimers();
    }
    // One fsync for the second's keys (after the WAL's directory, synced once when the file is first opened).
    await settle();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toHaveLength(0);
  });

  it('a key committed just before a process crash is still there (the WAL survives the process)', async () => {
    const c = SqliteConnection.open(dir);
    expect(await new SqliteDedupe(c).markProcessed('telegram:update', '9', 60_000)).toBe(true);
    // No close, no fsync: another connection (as after a restart) reads the WAL the first one wrote.
    const again = SqliteConnection.open(dir);
    try {
      expect(await new SqliteDedupe(again).markProcessed('telegram:update', '9', 60_000)).toBe(false);
    } finally {
      await again.close();
      await c.close();
    }
  });
});
