/**
 * What only a MongoDB server shows, beyond the Store contract: a standalone server is refused, an
 * import a crash left half done is completed at start, indexes are reconciled, /healthz names the
 * topology. Runs when MONGODB_URI points at a replica set (CI: the wire-protocol stand-in in --rs
 * mode); the standalone server is started here from the same stand-in.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openMongoStore } from '../../src/store/mongo/index.js';
import type { StoreLog } from '../../src/store/mongo/connect.js';
import { startMongoWire, type RunningStandIn } from './support/mongo-wire.js';

const run = promisify(execFile);
const mongoUri = process.env.MONGODB_URI;

function recordingLog(): StoreLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}

describe.skipIf(!mongoUri)('mongodb server (MONGODB_URI)', () => {
  let dbName: string;
  let raw: Connection;
  beforeEach(async () => {
    dbName = `nghebot_srv_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    raw = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
  });
  afterEach(async () => {
    await raw.dropDatabase();
    await raw.close();
  });

  it('reports in /healthz that transactions are on', async () => {
    const store = await openMongoStore(mongoUri!, { dbName });
    try {
      expect((await store.health()).detail).toMatch(/replica set rs0, transactions on/);
    } finally {
      await store.close();
    }
  });

  it('completes at start an import a crash left committed, and drops abandoned staging', async () => {
    const first = await openMongoStore(mongoUri!, { dbName });
    await first.importItems([{ id: 'a', kind: 'policy', title: 'A' }], () => undefined);
    await first.close();

    // What a process killed between commit and publish leaves: revision 2 allocated and committed,
    // one of its two items already applied, the marker and staged rows still there.
    const db = raw.db!;
    const importedAt = new Date().toISOString();
    const staged = (id: string, importId: string) => ({
      _id: `${importId}/${id}`,
      importId,
      item: { _id: id, kind: 'policy', hash: `h-${id}`, data: { id, kind: 'policy', title: id.toUpperCase() }, importedAt },
    });
    await db.collection('counters').updateOne({ _id: 'content_rev_alloc' as never }, { $inc: { value: 1 } });
    await db.collection('item_imports').insertOne({ _id: 'crashed' as never, state: 'committed', rev: 2, createdAt: new Date(), updatedAt: new Date() });
    await db.collection('item_staging').insertMany([staged('b', 'crashed'), staged('c', 'crashed')] as never[]);
    await db.collection('items').insertOne({ ...staged('b', 'crashed').item, rev: 2 } as never);
    // An import that died while staging, long ago, and rows whose marker is already gone.
    const old = new Date(Date.now() - 3600_000);
    await db.collection('item_imports').insertOne({ _id: 'dead' as never, state: 'staging', createdAt: old, updatedAt: old });
    await db.collection('item_staging').insertMany([staged('x', 'dead'), staged('y', 'gone')] as never[]);

    const log = recordingLog();
    const store = await openMongoStore(mongoUri!, { dbName, log });
    try {
      expect(await store.contentRevision()).toBe(2);
      expect((await store.listItems()).map((i) => [i.id, i.rev])).toEqual([
        ['a', 1],
        ['b', 2],
        ['c', 2],
      ]);
      expect(await store.getItem('x')).toBeUndefined();
      expect(await db.collection('item_staging').countDocuments()).toBe(0);
      expect(await db.collection('item_imports').countDocuments()).toBe(0);
      expect(log.lines).toContain('warn MongoDB: completed 1 interrupted import(s), dropped 1 abandoned one(s)');
      // The next import's revision comes after the completed one.
      expect((await store.importItems([{ id: 'd', kind: 'faq', title: 'D' }], () => undefined)).rev).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('deletes an item after completing an import committed before the deletion, which would otherwise write it back', async () => {
    const store = await openMongoStore(mongoUri!, { dbName });
    try {
      await store.importItems([{ id: 'a', kind: 'policy', title: 'A' }], () => undefined);
      // Another process committed revision 2 (a new version of "a") and has not applied it yet.
      const db = raw.db!;
      await db.collection('counters').updateOne({ _id: 'content_rev_alloc' as never }, { $inc: { value: 1 } });
      await db.collection('item_imports').insertOne({ _id: 'slow' as never, state: 'committed', rev: 2, createdAt: new Date(), updatedAt: new Date() });
      await db.collection('item_staging').insertOne({
        _id: 'slow/a',
        importId: 'slow',
        item: { _id: 'a', kind: 'policy', hash: 'h-a2', data: { id: 'a', kind: 'policy', title: 'A2' }, importedAt: new Date().toISOString() },
      } as never);

      const out = await store.removeItem('a');
      expect(out).toMatchObject({ removed: true, rev: 3, item: { title: 'A2' } });
      expect(await store.contentRevision()).toBe(3);
      expect(await store.removedSince(0)).toEqual([{ id: 'a', rev: 3 }]);
      // The next import completes whatever is left: nothing brings "a" back.
      await store.importItems([{ id: 'b', kind: 'faq', title: 'B' }], () => undefined);
      expect(await store.getItem('a')).toBeUndefined();
      expect(await db.collection('item_imports').countDocuments()).toBe(0);
    } finally {
      await store.close();
    }
  });

  // The stand-in has no dropIndexes, so rebuilding a changed definition is not exercised here.
  it('names duplicates that block a unique index, creates missing indexes and keeps undeclared ones', async () => {
    const db = raw.db!;
    const dup = { channel: 'telegram', userId: '7', active: true, firstSeenAt: '2027-01-01T00:00:00.000Z' };
    await db.collection('users').insertMany([{ ...dup }, { ...dup }]);
    await db.collection('items').createIndex({ importedAt: 1 }, { name: 'legacy_imported' });
    const err = await openMongoStore(mongoUri!, { dbName }).then(
      (s) => s.close().then(() => undefined),
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe('StoreOpenError');
    expect(err?.message).toMatch(/index users\.channel_1_userId_1 is unique but documents share a value of \(channel, userId\): remove the duplicates in users/);

    await db.collection('users').deleteOne({ userId: '7' });
    const log = recordingLog();
    const store = await openMongoStore(mongoUri!, { dbName, log });
    await store.close();
    expect(log.lines).toContain('info MongoDB: index items.legacy_imported is not declared by nghebot; left in place');
    const names = (await db.collection('users').listIndexes().toArray()).map((i) => i.name);
    expect(names).toContain('channel_1_userId_1');
  });
});

describe.skipIf(!mongoUri)('mongodb standalone server (started here from the stand-in)', () => {
  let standalone: RunningStandIn;
  beforeAll(async () => {
    standalone = await startMongoWire('standalone');
  });
  afterAll(async () => {
    await standalone?.stop();
  });

  it('is refused: the store does not open without transactions', async () => {
    const err = await openMongoStore(standalone.uri, { attempts: 1 }).then(
      (s) => s.close().then(() => undefined),
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe('StoreOpenError');
    expect(err?.message).toMatch(/standalone server, not a replica set member/);
    expect(err?.message).toMatch(/--replSet rs0/);
  });

  it('stops `nghebot serve` with a message naming "replica set"', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nghebot-standalone-'));
    const uri = standalone.uri;
    try {
      const err = await run('node', ['bin/nghebot', 'serve'], {
        env: { ...process.env, MONGODB_URI: uri, DATA_DIR: dataDir, PORT: '0', TELEGRAM_BOT_TOKEN: '', LOG_LEVEL: 'warn' },
        timeout: 60_000,
      }).then(
        () => undefined,
        (e: unknown) => e as { code: number; stderr: string; stdout: string },
      );
      expect(err).toBeDefined();
      expect(err!.code).not.toBe(0);
      expect(err!.stderr).toMatch(/not a replica set member.*single-node replica set/);
      expect(err!.stderr).not.toMatch(/\n\s+at /); // the message alone, no stack trace
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('mongodb connection retries (no server)', () => {
  it('logs each retry as it happens, one line, without credentials', { timeout: 20_000 }, async () => {
    const log = recordingLog();
    const uri = 'mongodb://nghebot:s3cr3t-pass@127.0.0.1:9/nghebot?authSource=admin';
    await expect(openMongoStore(uri, { attempts: 2, connectAttemptMS: 300, log })).rejects.toThrow(/after 2 attempts/);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^warn MongoDB at 127\.0\.0\.1:9: connection attempt 1 of 2 failed \(.+\); retrying in 1000 ms$/);
    expect(log.lines[0]).not.toMatch(/s3cr3t/);
  });
});
