/**
 * The embedded default store: one SQLite file under DATA_DIR, no server to run. Each section lives in
 * its own file over the one shared connection (connection.ts); this file only puts them together.
 */
import type { Clock } from '../../time/clock.js';
import { composeSections } from '../compose.js';
import type { Store, StoreLifecycle } from '../ports.js';
import { SqliteAnnouncements } from './announcements.js';
import { SqliteCatalogue } from './catalogue.js';
import { SqliteConnection } from './connection.js';
import { SqliteConsoleStore } from './console.js';
import { SqliteContent } from './content.js';
import { SqliteDedupe } from './dedupe.js';
import { SqliteEnrollments } from './enrollments.js';
import { SqliteOfficers } from './officers.js';
import { SqliteOutbox } from './outbox.js';
import { SqliteReach } from './reach.js';
import { SqliteSettings } from './settings.js';
import { SqliteSubscriptions } from './subscriptions.js';
import { SqliteUsers } from './users.js';
import { SqliteTicketStore } from './tickets.js';
import { SqliteUnansweredStore } from './unanswered.js';
import { SqliteQuestionCounts } from './question-counts.js';

class SqliteLifecycle implements Omit<StoreLifecycle, 'kind'> {
  constructor(private readonly c: SqliteConnection) {}

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      const n = (this.c.q('SELECT count(*) AS n FROM items').get() as { n: number }).n;
      return { ok: true, detail: `embedded sqlite ${this.c.path}, ${n} items` };
    } catch (err) {
      return { ok: false, detail: `embedded sqlite ${this.c.path}: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    await this.c.close();
  }
}

/** Opens (creating if needed) `${dataDir}/nghebot.db` and brings its schema up to date. */
export async function openEmbeddedStore(dataDir: string, options: { clock?: Clock } = {}): Promise<Store> {
  const c = SqliteConnection.open(dataDir, options.clock);
  const sections: Omit<Store, 'kind' | 'unanswered' | 'tickets' | 'console' | 'questionCounts'> = composeSections(
    new SqliteLifecycle(c),
    new SqliteContent(c),
    new SqliteCatalogue(c),
    new SqliteUsers(c),
    new SqliteDedupe(c),
    new SqliteSettings(c),
    new SqliteEnrollments(c),
    new SqliteOfficers(c),
    new SqliteSubscriptions(c),
    new SqliteAnnouncements(c),
    new SqliteOutbox(c),
    new SqliteReach(c),
  );
  // Sections reached as store.unanswered, store.tickets, store.console and store.questionCounts (their methods would clash when flattened).
  return {
    ...sections,
    kind: 'embedded',
    unanswered: new SqliteUnansweredStore(c),
    tickets: new SqliteTicketStore(c),
    console: new SqliteConsoleStore(c),
    questionCounts: new SqliteQuestionCounts(c),
  };
}
