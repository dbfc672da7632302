/**
 * Group commit in the embedded store: markProcessed and touchUser commit without an fsync on the
 * event loop, and markProcessed still resolves only once its record is on disk.
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
import type { Store } from '../../src/store/types.js';
import { WalSync } from '../../src/store/sqlite/wal-sync.js';

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
    try {
      expect(await new SqliteDedupe(c).markProcessed('telegram:update', '1', 60_000)).toBe(true);
      await new SqliteUsers(c).touchUser({ channel: 'telegram', userId: '7' }, new Date());
      expect(c.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    } finally {
      await c.close();
    }
  });

  it('resolves markProcessed only after the WAL fsync, for a duplicate too', async () => {
    await store.markProcessed('telegram:update', '1', 60_000); // opens the WAL file before the spy counts
    const { started, settle } = await controlledSyncs();
    let done = false;
    const marking = store.markProcessed('telegram:update', '2', 60_000).then((first) => ((done = true), first));
    await vi.waitFor(() => expect(started).toHaveLength(1));
    expect(done).toBe(false);
    await settle();
    expect(await marking).toBe(true);

    const again = store.markProcessed('telegram:update', '2', 60_000);
    await settle();
    expect(await again).toBe(false);
  });

  it('forgets the key when the fsync fails, so the redelivery is handled rather than skipped', async () => {
    vi.spyOn(WalSync.prototype, 'flush').mockRejectedValueOnce(new Error('EIO'));
    await expect(store.markProcessed('telegram:update', '3', 60_000)).rejects.toThrow('EIO');
    expect(await store.markProcessed('telegram:update', '3', 60_000)).toBe(true);
    expect(await store.markProcessed('telegram:update', '3', 60_000)).toBe(false);
  });
});
