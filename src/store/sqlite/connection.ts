/**
 * The embedded store's one SQLite file (better-sqlite3) under DATA_DIR, shared by every section.
 *
 * Several processes share the file at once (the bot, a second bot, the CLI importing content),
 * so: WAL for readers-beside-a-writer, a busy timeout so a writer waits instead of failing,
 * every multi-statement change in a BEGIN IMMEDIATE transaction (takes the write lock up front,
 * so two processes can never both decide on the same stale read), and claims/leases as single
 * conditional statements.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../time/clock.js';
import { MIGRATIONS } from './migrations.js';
import { WalSync } from './wal-sync.js';

type DB = Database.Database;

/** The handle every section works through: cached statements, transactions, the WAL fsync. */
export class SqliteConnection {
  /** Cached statements, each with whether it writes (see unsynced()). */
  private readonly statements = new Map<string, { stmt: Database.Statement; writes: boolean }>();
  private readonly closing: Array<() => void> = [];
  private closed = false;
  readonly walSync: WalSync;
  /** The connection's synchronous setting as last set (configure() sets FULL). */
  private synchronous: 'FULL' | 'NORMAL' = 'FULL';
  /** unsynced() calls under way, nested ones included. */
  private unsyncedDepth = 0;

  private constructor(
    readonly db: DB,
    readonly path: string,
    /** What "now" is for TTLs, leases and timestamps: injected so tests move time instead of sleeping. */
    readonly clock: Clock,
  ) {
    this.walSync = new WalSync(`${path}-wal`);
  }

  /** Opens (creating if needed) `${dataDir}/nghebot.db` and brings its schema up to date. */
  static open(dataDir: string, clock: Clock = systemClock()): SqliteConnection {
    mkdirSync(dataDir, { recursive: true });
    const path = resolve(join(dataDir, 'nghebot.db'));
    const db = new Database(path, { timeout: 5000 });
    try {
      configure(db);
      migrate(db, path);
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteConnection(db, path, clock);
  }

  /**
   * Prepared statements cached by SQL text: filters build a handful of SQL variants, each prepared
   * once. A statement that writes, asked for outside unsynced(), first puts the connection back to
   * synchronous=FULL if an unsynced write left it at NORMAL.
   */
  q(sql: string): Database.Statement {
    let entry = this.statements.get(sql);
    if (!entry) {
      const stmt = this.db.prepare(sql);
      entry = { stmt, writes: !stmt.readonly };
      this.statements.set(sql, entry);
    }
    if (entry.writes && this.synchronous === 'NORMAL' && this.unsyncedDepth === 0) this.synced();
    return entry.stmt;
  }

  /** Runs `fn` in BEGIN IMMEDIATE: the write lock is taken before anything is read. FULL unless inside unsynced(). */
  write<T>(fn: () => T): T {
    if (this.synchronous === 'NORMAL' && this.unsyncedDepth === 0) this.synced();
    return this.db.transaction(fn).immediate();
  }

  /**
   * Runs a write with synchronous=NORMAL: committed to the WAL without an fsync. Still crash-consistent:
   * a process crash loses nothing; a power cut can only drop a tail of such commits, never half of one
   * and never a FULL commit (its fsync flushes the WAL file, earlier unsynced frames included).
   * Only for writes nobody is told about: last-seen times, question counts, and processed-update keys
   * (synced within a second by walSync.soon(); see dedupe.ts for what a power cut could cost).
   * Whatever is confirmed to someone (enrolments, subscriptions, the outbox) stays FULL.
   *
   * The setting is switched only when it changes: it stays NORMAL after this, and the next write
   * made outside unsynced() (q() of a writing statement, or write()) sets FULL again before it runs.
   * A turn's unsynced writes, one after another, so run no PRAGMA at all; switching around each of
   * them cost two extra statements per write. Inside a transaction the setting cannot change, and the
   * commit takes the transaction's: an unsynced write inside a FULL transaction is FULL.
   */
  unsynced<T>(fn: () => T): T {
    if (this.synchronous === 'FULL' && !this.db.inTransaction) this.setTo('NORMAL');
    this.unsyncedDepth++;
    try {
      return fn();
    } finally {
      this.unsyncedDepth--;
    }
  }

  /** Back to FULL before a write that must be synced. */
  private synced(): void {
    // write() and q() set FULL before any transaction but unsynced()'s: a durable write inside one
    // of those would commit unsynced, so fail it loudly rather than lose it quietly.
    if (this.db.inTransaction) throw new Error('sqlite: a write that must be synced, inside a transaction begun by unsynced()');
    this.setTo('FULL');
  }

  private setTo(mode: 'FULL' | 'NORMAL'): void {
    // Prepared afresh each time: SQLite applies `PRAGMA synchronous = X` when the statement is
    // prepared, not when it runs, so a statement kept for reuse changed the setting when it was made
    // and left it unchanged on its first run (the connection was NORMAL from its opening, and the
    // first switch back to FULL did nothing). The switch is rare: only a synced write after unsynced ones.
    this.db.pragma(`synchronous = ${mode}`);
    this.synchronous = mode;
  }

  /** Runs `fn` when the store closes, before the connection does: for writes a section holds back. */
  beforeClose(fn: () => void): void {
    this.closing.push(fn);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      for (const fn of this.closing) fn();
    } finally {
      await this.closeFile();
    }
  }

  private async closeFile(): Promise<void> {
    try {
      await this.walSync.close();
    } finally {
      this.db.close();
    }
  }
}

function configure(db: DB): void {
  // First, so that even switching to WAL waits for another process instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  // FULL rather than NORMAL: in WAL mode NORMAL may lose the last commits on a power cut, and we tell
  // people "you are enrolled" right after a commit. FULL costs one fsync per commit; bulk work
  // (imports, fan-out) is one transaction, so one fsync. That fsync blocks the event loop, so the
  // writes made on every turn opt out (see SqliteConnection.unsynced).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

function migrate(db: DB, path: string): void {
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  const target = MIGRATIONS.length;
  const before = version();
  if (before > target) {
    throw new Error(`database ${path} has schema version ${before}, newer than this nghebot knows (${target}); upgrade nghebot`);
  }
  if (before === target) return;
  db.transaction(() => {
    // Re-read under the write lock: another process may have migrated while we waited for it.
    for (let v = version(); v < target; v++) {
      const step = MIGRATIONS[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.pragma(`user_version = ${target}`);
  }).immediate();
}

/**
 * `(@p0, @p1, …)` and its values, for short IN lists (topics, provinces, channels). Inline
 * placeholders rather than json_each(): SQLite plans index seeks for them, while with a
 * table-valued function it chose a full scan (measured: 8 ms vs 0.01 ms on 100k rows).
 * Each list length is its own cached statement; these lists are short and few.
 */
export function inList(prefix: string, values: readonly string[]): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  values.forEach((v, i) => (params[`${prefix}${i}`] = v));
  return { sql: `(${Object.keys(params).map((k) => `@${k}`).join(', ')})`, params };
}

export function isoOrUndefined(ms: number | null): string | undefined {
  return ms === null ? undefined : new Date(ms).toISOString();
}
