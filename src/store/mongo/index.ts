/**
 * The MongoDB store (mongoose), for installs that already run MongoDB. Same contract as the embedded
 * store (test/store/contract.test.ts runs against it when MONGODB_URI is set). Each section lives in
 * its own file over the one shared connection (connection.ts); this file only puts them together.
 */
import { composeSections } from '../compose.js';
import type { Store, StoreLifecycle } from '../ports.js';
import { MongoAnnouncements } from './announcements.js';
import { MongoCatalogue } from './catalogue.js';
import type { MongoStoreOptions } from './connect.js';
import { MongoConnection } from './connection.js';
import { MongoConsoleStore } from './console.js';
import { MongoContent } from './content.js';
import { MongoDedupe } from './dedupe.js';
import { MongoEnrollments } from './enrollments.js';
import { MongoOfficers } from './officers.js';
import { MongoOutbox } from './outbox.js';
import { MongoSettings } from './settings.js';
import { MongoSubscriptions } from './subscriptions.js';
import { MongoUsers } from './users.js';

export { mongoHost, type MongoStoreOptions, type StoreLog } from './connect.js';
export { buildMongoSchemas } from './schemas.js';

class MongoLifecycle implements Omit<StoreLifecycle, 'kind'> {
  constructor(private readonly c: MongoConnection) {}

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      await this.c.conn.db!.admin().ping();
      const n = await this.c.m.Item.estimatedDocumentCount();
      return { ok: true, detail: `mongodb ${this.c.host}/${this.c.conn.name} (${this.c.topology}), ${n} items` };
    } catch (err) {
      return { ok: false, detail: `mongodb ${this.c.host}: ${(err as Error).name}` };
    }
  }

  async close(): Promise<void> {
    await this.c.close();
  }
}

export async function openMongoStore(uri: string, options: MongoStoreOptions = {}): Promise<Store> {
  const c = await MongoConnection.open(uri, options);
  const sections: Omit<Store, 'kind' | 'console'> = composeSections(
    new MongoLifecycle(c),
    new MongoContent(c),
    new MongoCatalogue(c),
    new MongoUsers(c),
    new MongoDedupe(c),
    new MongoSettings(c),
    new MongoEnrollments(c),
    new MongoOfficers(c),
    new MongoSubscriptions(c),
    new MongoAnnouncements(c),
    new MongoOutbox(c),
  );
  return { ...sections, kind: 'mongodb', console: new MongoConsoleStore(c.conn, options.log) };
}
