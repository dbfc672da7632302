/**
 * Data written by the version before the store split reads back after it: plain key-value state
 * that sat among the secrets, and the outbox's retry ledger that sat in a delivery's error text.
 * SQLite migrates the file on open; MongoDB reads old documents as they are.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import type { Store } from '../../src/store/types.js';
import { testStoreAt } from './support/test-store.js';

const T0 = new Date('2027-03-01T08:00:00.000Z');
const OLD_COURSE = { id: 'course-old', kind: 'course', title: 'Lớp cũ', trade: 'Hàn', deadline: '2027-04-01' };
const openIds = async (store: Store) =>
  (await store.listCurrentItems({ kind: 'course', today: '2027-03-01', until: 'registration', tradeKey: 'han' })).map((i) => i.id);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-migrate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded store: a schema-2 database', () => {
  it('moves plain values out of the secrets and the retry ledger into columns', async () => {
    const db = new Database(join(dir, 'nghebot.db'));
    for (const step of MIGRATIONS.slice(0, 2)) db.exec(step as string);
    db.pragma('user_version = 2');
    const secret = db.prepare(`INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, '2027-01-01T00:00:00Z')`);
    secret.run('state:digest-content-rev', '7');
    secret.run('search-index.store-id', 'abc');
    secret.run('web-inbox:u1', '{"last":1,"entries":[]}');
    secret.run('chat-history:web:u1', '[]');
    secret.run('zalo:tokens', '{"access_token":"t"}');
    db.prepare(
      `INSERT INTO deliveries (announcement_id, occurrence, channel, user_id, state, attempts, not_before, error)
       VALUES ('a1', '', 'telegram', 'u1', 'pending', 3, ?, '[t=2 s=3] transient: 502')`,
    ).run(T0.getTime());
    db.prepare(
      `INSERT INTO items (id, kind, province_code, capacity, rev, hash, json, imported_at) VALUES ('course-old', 'course', '01', NULL, 1, 'h', ?, '2027-01-01T00:00:00Z')`,
    ).run(JSON.stringify(OLD_COURSE));
    db.prepare(`UPDATE meta SET value = 1 WHERE key = 'content_rev'`).run();
    db.close();

    const store = await openEmbeddedStore(dir);
    try {
      expect(await store.getValue('state:digest-content-rev')).toBe('7');
      expect(await store.getValue('search-index.store-id')).toBe('abc');
      expect(await store.getValue('web-inbox:u1')).toBe('{"last":1,"entries":[]}');
      expect(await store.getValue('chat-history:web:u1')).toBe('[]');
      expect(await store.getSecret('state:digest-content-rev')).toBeUndefined();
      expect(await store.getSecret('zalo:tokens')).toBe('{"access_token":"t"}');
      expect(await store.getValue('zalo:tokens')).toBeUndefined();
      const [d] = await store.claimDeliveries('w', 1, T0, 10_000);
      expect(d?.ledger).toEqual({ transientFailures: 2, settledClaims: 3 });
      expect(await openIds(store)).toEqual(['course-old']);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!process.env.MONGODB_URI)('mongodb store: documents written before the split', () => {
  it('reads plain values still kept among the secrets, and the ledger from the error text', async () => {
    const site = testStoreAt(dir);
    const uri = process.env.MONGODB_URI!;
    const dbName = new URL(site.env.MONGODB_URI!).pathname.slice(1);
    const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
    // An item as an older version wrote it (no indexed dates): filled in when the store opens.
    await conn.collection('items').insertOne({
      _id: 'course-old' as never,
      kind: 'course',
      provinceCode: '01',
      rev: 0,
      hash: 'h',
      data: OLD_COURSE,
      importedAt: '2027-01-01T00:00:00Z',
    });
    const store = await site.open();
    try {
      expect(await openIds(store)).toEqual(['course-old']);
      await conn.collection('secrets').insertOne({ _id: 'state:digest-content-rev' as never, value: '7', updatedAt: '2027-01-01T00:00:00Z' });
      await conn.collection('deliveries').insertOne({
        announcementId: 'a1',
        occurrence: '',
        channel: 'telegram',
        userId: 'u1',
        state: 'pending',
        attempts: 3,
        notBefore: T0,
        error: '[t=2 s=3] transient: 502',
      });
      expect(await store.getValue('state:digest-content-rev')).toBe('7');
      const [d] = await store.claimDeliveries('w', 1, T0, 10_000);
      expect(d?.ledger).toEqual({ transientFailures: 2, settledClaims: 3 });

      // Written again, the value moves to its own collection and leaves the secrets.
      await store.setValue('state:digest-content-rev', '8');
      expect(await store.getValue('state:digest-content-rev')).toBe('8');
      expect(await conn.collection('secrets').countDocuments({ _id: 'state:digest-content-rev' as never })).toBe(0);
    } finally {
      await conn.close();
      await store.close();
      await site.drop();
    }
  });
});
