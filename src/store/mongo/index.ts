/**
 * The MongoDB store (mongoose), for installs that already run MongoDB. Same contract as the embedded
 * store (test/store/contract.test.ts runs against it when MONGODB_URI is set). Each section lives in
 * its own file over the one shared connection (connection.ts); this file only puts them together.
 */
import type { Clock } from '../../time/clock.js';
import { composeSections } from '../compose.js';
import type { Store, StoreLifecycle } from '../ports.js';
import { MongoAnnouncements } from './announcements.js';
import { StoreOpenError } from '../errors.js';
import { backfillSchedules, MongoCatalogue } from './catalogue.js';
import type { MongoStoreOptions } from './connect.js';
import { MongoConnection } from './connection.js';
import { MongoConsoleStore } from './console.js';
import { MongoContent } from './content.js';
import { MongoDedupe } from './dedupe.js';
import { MongoEnrollments } from './enrollments.js';
import { MongoOfficers } from './officers.js';
import { MongoOutbox } from './outbox.js';
import { MongoReach } from './reach.js';
import { MongoSettings } from './settings.js';
import { MongoSubscriptions } from './subscriptions.js';
import { MongoUsers } from './users.js';
import { MongoTicketStore } from './tickets.js';
import { MongoUnansweredStore } from './unanswered.js';
import { MongoQuestionCounts } from './question-counts.js';
import { reconcileIndexes } from './connect.js';

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

export async function openMongoStore(uri: string, options: MongoStoreOptions & { clock?: Clock } = {}): Promise<Store> {
  const c = await MongoConnection.open(uri, options, options.clock);
  try {
    const backfilled = await backfillSchedules(c.m);
    if (backfilled) options.log?.info(`MongoDB: indexed the dates of ${backfilled} item(s) imported by an older version`);
  } catch (err) {
    await c.close().catch(() => {});
    throw new StoreOpenError(`MongoDB at ${c.host}: ${(err as Error).message}`);
  }
  const sections: Omit<Store, 'kind' | 'unanswered' | 'tickets' | 'console' | 'questionCounts'> = composeSections(
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
    new MongoReach(c),
  );
  const unanswered = new MongoUnansweredStore(c.conn);
  const tickets = new MongoTicketStore(c.conn);
  const questionCounts = new MongoQuestionCounts(c.conn);
  // Awaited here (autoIndex is off): one open ticket per user is a unique index.
  await reconcileIndexes([...Object.values(unanswered.models), tickets.model, questionCounts.model], options.log);
  // Sections reached as store.unanswered, store.tickets, store.console and store.questionCounts (their methods would clash when flattened).
  return { ...sections, kind: 'mongodb', unanswered, tickets, questionCounts, console: new MongoConsoleStore(c.conn, options.log) };
}
