/**
 * The MongoDB store's one mongoose connection, shared by every section: the compiled models, the
 * content importer, transactions and sequence numbers.
 *
 * Atomicity: single-document operations are atomic everywhere, so claims, leases and processed
 * keys are conditional single-document updates. Multi-document changes (enrolment, cancellation +
 * promotion) run in transactions, so the store opens only on a replica set or sharded cluster: a
 * standalone mongod is refused (connect.ts). Imports are staged and committed in one small
 * transaction, whatever their size (import.ts).
 */
import type { ClientSession, Connection } from 'mongoose';
import { StoreOpenError } from '../errors.js';
import { backfillSchedules } from './catalogue.js';
import {
  closeQuietly,
  connectWithRetry,
  mongoHost,
  reconcileIndexes,
  requireReplicaSet,
  scrub,
  type MongoStoreOptions,
} from './connect.js';
import { MongoItemImporter, type CounterDoc } from './import.js';
import { compile, type Models } from './schemas.js';

export class MongoConnection {
  private constructor(
    readonly conn: Connection,
    readonly m: Models,
    readonly host: string,
    /** "replica set rs0, transactions on", for /healthz. */
    readonly topology: string,
    readonly importer: MongoItemImporter,
  ) {}

  static async open(uri: string, options: MongoStoreOptions): Promise<MongoConnection> {
    const host = mongoHost(uri);
    const conn = await connectWithRetry(uri, options).catch((err: unknown) => {
      throw new StoreOpenError((err as Error).message);
    });
    try {
      const topology = await requireReplicaSet(conn, host);
      const models = compile(conn);
      // Awaited here (autoIndex is off): the unique ones are part of correctness.
      await reconcileIndexes(Object.values(models), options.log);
      const importer = new MongoItemImporter(conn, models);
      await importer.ensureCounters(['enrollment_seq', 'announcement_seq']);
      // An import a crash left committed is completed now, so readers are not held below it.
      const { rolledForward, discarded } = await importer.recover();
      if (rolledForward || discarded) {
        options.log?.warn(`MongoDB: completed ${rolledForward} interrupted import(s), dropped ${discarded} abandoned one(s)`);
      }
      const backfilled = await backfillSchedules(models);
      if (backfilled) options.log?.info(`MongoDB: indexed the dates of ${backfilled} item(s) imported by an older version`);
      options.log?.info(`MongoDB at ${host}: ${topology}`);
      return new MongoConnection(conn, models, host, topology, importer);
    } catch (err) {
      await closeQuietly(conn).catch(() => {});
      throw new StoreOpenError(`MongoDB at ${host}: ${scrub((err as Error).message, uri)}`);
    }
  }

  /**
   * Runs `fn` in a transaction (the store opens only on a replica set or sharded cluster, so there
   * always is one). mongoose retries it on transient write conflicts, so `fn` must be safe to run again.
   */
  async atomically<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.conn.transaction((session) => fn(session));
  }

  async nextSeq(name: string, session?: ClientSession): Promise<number> {
    const doc = await this.m.Counter.findOneAndUpdate(
      { _id: name },
      { $inc: { value: 1 } },
      { upsert: true, returnDocument: 'after', ...withSession(session) },
    ).lean<CounterDoc>();
    return doc!.value;
  }

  async close(): Promise<void> {
    await closeQuietly(this.conn);
  }
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** `{ session }` when there is one: every call inside a transaction must carry it. */
export const withSession = (session: ClientSession | undefined): { session?: ClientSession } => (session ? { session } : {});

/** Documents per bulk write. */
export const WRITE_CHUNK = 1000;
