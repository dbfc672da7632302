/**
 * The store a test works on: the embedded store in a temp DATA_DIR, or, when MONGODB_URI is set (CI's
 * MongoDB half), a fresh MongoDB database named after that folder, dropped again by `drop()`. Tests of
 * what sits on top of a store (outbox, jobs) so run unchanged on both.
 */
import { basename } from 'node:path';
import mongoose from 'mongoose';
import { openEmbeddedStore } from '../../../src/store/sqlite/index.js';
import type { Store } from '../../../src/store/types.js';

export interface TestStoreSite {
  /** For a child process (`bin/nghebot`) to open the same store: MONGODB_URI naming the database, or nothing. */
  env: Record<string, string>;
  /** Another connection to the same store each call, as another process would have. */
  open(): Promise<Store>;
  /** Drops the MongoDB database (the caller removes the folder). */
  drop(): Promise<void>;
}

export function testStoreAt(dir: string): TestStoreSite {
  const uri = process.env.MONGODB_URI;
  if (!uri) return { env: {}, open: () => openEmbeddedStore(dir), drop: async () => {} };
  const dbName = `nghebot_${basename(dir).replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 60);
  const withDb = new URL(uri);
  withDb.pathname = `/${dbName}`;
  return {
    env: { MONGODB_URI: withDb.toString() },
    async open() {
      const { openMongoStore } = await import('../../../src/store/mongo/index.js');
      return openMongoStore(uri, { dbName });
    },
    async drop() {
      const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
      await conn.dropDatabase();
      await conn.close();
    },
  };
}
