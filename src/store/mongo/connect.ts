/**
 * Getting a MongoDB store ready to use: connecting (with retries, each one logged), refusing a
 * server without transactions, and reconciling the collections' indexes with the declared ones.
 * Nothing here ever logs or throws the URI or its credentials: only the host list.
 */
import mongoose, { type Connection, type Model } from 'mongoose';
import { stableStringify } from '../shared.js';

/** One line per event, already free of secrets; pino's logger fits (app.ts passes it). */
export interface StoreLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface MongoStoreOptions {
  /** Database name; defaults to the one in the URI (or mongoose's default). */
  dbName?: string;
  /** Connection attempts before giving up (default 5), with doubling backoff from 1 s. */
  attempts?: number;
  /** How long one connection attempt may take (default 5000 ms). */
  connectAttemptMS?: number;
  /**
   * How long an operation waits for a writable primary (default 30 000 ms): longer than an ordinary
   * election (10–12 s), so writes wait one out instead of failing.
   */
  serverSelectionTimeoutMS?: number;
  /** Told about each failed attempt before the retry; the message never contains credentials. */
  onRetry?: (info: { attempt: number; host: string; delayMs: number; error: string }) => void;
  /** Documents per page of a streaming read (default 2000); tests use fewer to cross pages cheaply. */
  streamBatch?: number;
  /** Retries, reconnections and index changes, one line each (default: none). */
  log?: StoreLog;
}

/** "host1:27017,host2" from a MongoDB URI, without scheme, credentials, path or options. */
export function mongoHost(uri: string): string {
  const m = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?#]*)/.exec(uri);
  return m?.[1] || 'mongodb';
}

/** Error text safe to log: the URI and any user:password@ it contains are cut out. */
export function scrub(message: string, uri: string): string {
  return message.split(uri).join(mongoHost(uri)).replace(/\/\/[^/@\s]*@/g, '//');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Connects, retrying with doubling backoff: the database often starts a moment after the bot. */
export async function connectWithRetry(uri: string, options: MongoStoreOptions): Promise<Connection> {
  const host = mongoHost(uri);
  const attempts = Math.max(1, options.attempts ?? 5);
  const attemptMs = options.connectAttemptMS ?? 5000;
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      // The client's server selection timeout is sized for operations (an election); an attempt to
      // connect is bounded on its own by a short-lived probe connection with the attempt's timeout.
      await open(uri, { serverSelectionTimeoutMS: attemptMs, ...(options.dbName ? { dbName: options.dbName } : {}) }).then((probe) =>
        probe.close(),
      );
      const conn = await open(uri, {
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 30_000,
        // Acknowledged once journaled on a majority: what startDelivery and enrolments rely on.
        writeConcern: { w: 'majority', journal: true },
        retryWrites: true,
        autoIndex: false,
        ...(options.dbName ? { dbName: options.dbName } : {}),
      });
      watch(conn, host, options.log);
      return conn;
    } catch (err) {
      lastError = scrub((err as Error).message, uri);
      // A malformed URI or wrong credentials will not fix themselves: fail at once.
      const { name, code, message } = err as Error & { code?: unknown };
      const malformed = name === 'MongoParseError' || (name === 'MongoRuntimeError' && message.startsWith('Unable to parse'));
      if (malformed || code === 18 /* AuthenticationFailed */ || code === 13 /* Unauthorized */) {
        throw new Error(`cannot connect to MongoDB at ${host}: ${lastError}`);
      }
      if (attempt === attempts) break;
      const delayMs = 1000 * 2 ** (attempt - 1);
      options.log?.warn(`MongoDB at ${host}: connection attempt ${attempt} of ${attempts} failed (${lastError}); retrying in ${delayMs} ms`);
      options.onRetry?.({ attempt, host, delayMs, error: lastError });
      await sleep(delayMs);
    }
  }
  throw new Error(`cannot connect to MongoDB at ${host} after ${attempts} attempts: ${lastError}`);
}

/** One connection, closed again if it does not come up. */
async function open(uri: string, opts: mongoose.ConnectOptions): Promise<Connection> {
  const conn = mongoose.createConnection(uri, opts);
  // Until connected, errors surface through asPromise; without a listener an 'error' event would crash the process.
  conn.on('error', () => {});
  try {
    return await conn.asPromise();
  } catch (err) {
    await conn.close().catch(() => {});
    throw err;
  }
}

/** Losing and regaining the server is logged as it happens, not discovered from failing calls. */
function watch(conn: Connection, host: string, log: StoreLog | undefined): void {
  conn.removeAllListeners('error');
  conn.on('error', (err: Error) => log?.warn(`MongoDB at ${host}: ${err.name}`));
  conn.on('disconnected', () => log?.warn(`MongoDB at ${host}: disconnected; operations wait for a primary`));
  conn.on('reconnected', () => log?.info(`MongoDB at ${host}: reconnected`));
}

/** Closes without the watch's lines: a close we asked for is not an outage. */
export async function closeQuietly(conn: Connection): Promise<void> {
  conn.removeAllListeners('disconnected');
  conn.removeAllListeners('reconnected');
  await conn.close();
}

/**
 * Enrolments, cancellations, imports and the outbox need multi-document transactions, which a
 * standalone mongod does not have. Without them the store would silently lose guarantees, so it
 * refuses to start instead. Returns a description for /healthz.
 */
export async function requireReplicaSet(conn: Connection, host: string): Promise<string> {
  const db = conn.db;
  if (!db) throw new Error(`MongoDB at ${host}: no database handle after connecting`);
  const hello = (await db.command({ hello: 1 }).catch(() => db.command({ isMaster: 1 }))) as { setName?: string; msg?: string };
  if (hello.msg === 'isdbgrid') return 'sharded cluster, transactions on';
  if (hello.setName) return `replica set ${hello.setName}, transactions on`;
  throw new Error(
    'it is a standalone server, not a replica set member. nghebot needs transactions ' +
      '(enrolments, cancellations, imports, the outbox), and MongoDB has them only on a replica set. ' +
      'Run it as a single-node replica set: start mongod with --replSet rs0, run rs.initiate() once ' +
      '(docker-compose.yml does both), and add replicaSet=rs0 to MONGODB_URI.',
  );
}

interface ExistingIndex {
  name: string;
  key: Record<string, unknown>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: unknown;
}

/** The name MongoDB gives an index that was not named: field_dir joined by '_'. */
function defaultName(keys: Record<string, unknown>): string {
  return Object.entries(keys)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

/** What makes two definitions of an index different for us (MongoDB adds v, ns and the like). */
function shape(key: Record<string, unknown>, o: Record<string, unknown>): string {
  return stableStringify({
    key: Object.entries(key),
    unique: Boolean(o.unique),
    sparse: Boolean(o.sparse),
    ttl: o.expireAfterSeconds ?? null,
    partial: o.partialFilterExpression ?? null,
  });
}

/**
 * Makes every collection's indexes what the schemas declare: creates missing ones, rebuilds one
 * whose definition changed (logged), leaves undeclared ones alone (logged). A failure names the
 * collection, the index and what to do; the unique indexes are part of correctness, so it stops start-up.
 */
export async function reconcileIndexes(models: Array<Model<any>>, log: StoreLog | undefined): Promise<void> {
  for (const model of models) {
    const coll = model.collection.collectionName;
    const existing = (await model.collection
      .listIndexes()
      .toArray()
      .catch((err: { code?: unknown }) => {
        if (err.code === 26 /* NamespaceNotFound */) return [];
        throw err;
      })) as unknown as ExistingIndex[];
    const declared = model.schema.indexes() as Array<[Record<string, unknown>, Record<string, unknown>]>;
    const names = new Set<string>(['_id_']);
    for (const [key, options] of declared) {
      const name = (options.name as string | undefined) ?? defaultName(key);
      names.add(name);
      const found = existing.find((i) => i.name === name);
      if (found && shape(found.key, found as unknown as Record<string, unknown>) === shape(key, options)) continue;
      try {
        if (found) {
          log?.warn(`MongoDB: index ${coll}.${name} has an older definition; rebuilding it`);
          await model.collection.dropIndex(name);
        }
        await model.collection.createIndex(key as Record<string, 1 | -1>, { ...options, name });
        if (!found && existing.length > 0) log?.info(`MongoDB: created index ${coll}.${name}`);
      } catch (err) {
        const { code, message } = err as Error & { code?: unknown };
        if (code === 11000) {
          throw new Error(
            `index ${coll}.${name} is unique but documents share a value of (${Object.keys(key).join(', ')}): ` +
              `remove the duplicates in ${coll}, then start again (${message})`,
          );
        }
        if (code === 85 || code === 86) {
          throw new Error(
            `index ${coll}.${name} conflicts with an existing index on the same keys under another name or options: ` +
              `drop that one (db.${coll}.dropIndex(NAME)), then start again (${message})`,
          );
        }
        throw new Error(`index ${coll}.${name} could not be created: ${message}`);
      }
    }
    for (const i of existing) {
      if (!names.has(i.name)) log?.info(`MongoDB: index ${coll}.${i.name} is not declared by nghebot; left in place`);
    }
  }
}
