/**
 * The embedded default store: one SQLite file (better-sqlite3) under DATA_DIR, no server to run.
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
import type { ContentItem, StoredItem } from '../content/model.js';
import { ERASED_NAME, STREAM_BATCH, chatHistoryKey, itemFingerprint, randomId, stableStringify, toMs } from './shared.js';
import { readPagesInWorker } from './page-reader.js';
import { WalSync } from './wal-sync.js';
import { SqliteConsoleStore } from './console-sqlite.js';
import type {
  Announcement,
  AnnouncementExpectation,
  AnnouncementInput,
  AnnouncementStatus,
  CancelOutcome,
  ChannelName,
  ContentFilter,
  ChangeNotices,
  CourseCounts,
  EnrollmentChange,
  Delivery,
  DeliveryOutcome,
  DeliverySettlement,
  DeliveryState,
  DeliveryStats,
  EnrollOutcome,
  Enrollment,
  EnrollmentInput,
  EnrollmentStatus,
  ImportOptions,
  ImportResult,
  OfficerRecord,
  Store,
  Subscription,
  Topic,
  UserKey,
  UserRecord,
} from './types.js';

type DB = Database.Database;

/**
 * Items per page when streaming content (whole items are a few kB each): small pages die young in
 * the garbage collector instead of being promoted, which decides peak memory when indexing 100k items.
 */
const ITEM_PAGE = 500;
/** Changed items written between two checks of an import's stop signal. */
const IMPORT_CHUNK = 1000;
const ITEM_PAGE_SQL = `SELECT id, province_code, rev, json, imported_at FROM items
  WHERE rev > @sinceRev AND rev <= @untilRev AND (rev, id) > (@rev, @id) ORDER BY rev, id LIMIT ${ITEM_PAGE}`;
/** Below this many items a worker thread's start costs more than it saves. */
const WORKER_READ_MIN_ITEMS = 20_000;

/**
 * Schema migrations, applied in order; PRAGMA user_version records how many ran.
 * Never edit a released entry: append a new one.
 */
const MIGRATIONS: readonly string[] = [
  /* 1: initial schema */ `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO meta (key, value) VALUES ('content_rev', 0);

  CREATE TABLE items (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    province_code TEXT,
    capacity INTEGER,
    rev INTEGER NOT NULL,
    hash TEXT NOT NULL,
    json TEXT NOT NULL,
    imported_at TEXT NOT NULL
  );
  CREATE INDEX items_rev ON items (rev, id);
  CREATE INDEX items_kind ON items (kind, province_code);
  CREATE INDEX items_province ON items (province_code);

  CREATE TABLE users (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    inactive_reason TEXT,
    last_seen_at TEXT,
    last_send_error TEXT,
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (channel, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE conversations (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (channel, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE processed (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
  ) WITHOUT ROWID;
  CREATE INDEX processed_expiry ON processed (expires_at);

  CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;

  CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE enrollments (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    full_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    province_code TEXT NOT NULL,
    commune TEXT,
    status TEXT NOT NULL CHECK (status IN ('enrolled', 'waiting', 'cancelled')),
    waiting_position INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- Second guard behind the transaction: one active enrolment per person and course.
  CREATE UNIQUE INDEX enrollments_active ON enrollments (channel, user_id, course_id) WHERE status <> 'cancelled';
  CREATE INDEX enrollments_course ON enrollments (course_id, status);
  CREATE INDEX enrollments_user ON enrollments (channel, user_id);

  CREATE TABLE officers (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    province_codes TEXT NOT NULL,
    name TEXT,
    PRIMARY KEY (channel, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE subscriptions (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    province_code TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (channel, user_id, topic, province_code)
  ) WITHOUT ROWID;
  CREATE INDEX subscriptions_match ON subscriptions (topic, province_code);

  CREATE TABLE announcements (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    dedupe_key TEXT UNIQUE,
    input TEXT NOT NULL,
    created_at TEXT NOT NULL,
    next_run_at TEXT
  );
  CREATE INDEX announcements_status ON announcements (status);

  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    announcement_id TEXT NOT NULL,
    occurrence TEXT NOT NULL,
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'sent', 'failed', 'unknown')),
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL,
    claimed_by TEXT,
    claimed_until INTEGER,
    error TEXT,
    sent_at TEXT,
    UNIQUE (announcement_id, occurrence, channel, user_id)
  );
  CREATE INDEX deliveries_due ON deliveries (state, not_before);
  -- Channel workers claim only their channel; without this a backlog on another channel is scanned every poll.
  CREATE INDEX deliveries_due_channel ON deliveries (state, channel, not_before);
  `,
  /* 2: outbox write-ahead mark on the delivery itself (see Store.startDelivery); unsettled rows by announcement */ `
  ALTER TABLE deliveries ADD COLUMN started_at INTEGER;
  -- Partial: only rows still to send are in it, so "is this broadcast finished?" is one seek
  -- however many deliveries the table has kept.
  CREATE INDEX deliveries_unsettled ON deliveries (announcement_id) WHERE state IN ('pending', 'claimed');
  `,
];

/** Expired processed-keys are swept at most this often per process. */
const PURGE_EVERY_MS = 10 * 60_000;

interface ItemRow {
  id: string;
  province_code: string | null;
  rev: number;
  json: string;
  imported_at: string;
}
interface UserRow {
  channel: string;
  user_id: string;
  active: number;
  inactive_reason: string | null;
  last_seen_at: string | null;
  last_send_error: string | null;
  first_seen_at: string;
}
interface EnrollmentRow {
  seq: number;
  id: string;
  channel: string;
  user_id: string;
  course_id: string;
  full_name: string;
  phone: string;
  province_code: string;
  commune: string | null;
  status: string;
  waiting_position: number | null;
  created_at: string;
  updated_at: string;
}
interface AnnouncementRow {
  id: string;
  status: string;
  input: string;
  created_at: string;
  next_run_at: string | null;
}
interface DeliveryRow {
  id: number;
  announcement_id: string;
  occurrence: string;
  channel: string;
  user_id: string;
  state: string;
  attempts: number;
  not_before: number;
  claimed_by: string | null;
  claimed_until: number | null;
  started_at: number | null;
  error: string | null;
  sent_at: string | null;
}

/** Opens (creating if needed) `${dataDir}/nghebot.db` and brings its schema up to date. */
export async function openEmbeddedStore(dataDir: string): Promise<Store> {
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
  return new SqliteStore(db, path);
}

function configure(db: DB): void {
  // First, so that even switching to WAL waits for another process instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  // FULL rather than NORMAL: in WAL mode NORMAL may lose the last commits on a power cut, and we tell
  // people "you are enrolled" right after a commit. FULL costs one fsync per commit; bulk work
  // (imports, fan-out) is one transaction, so one fsync. That fsync blocks the event loop, so the
  // writes made on every turn opt out one by one (see SqliteStore.unsynced).
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
    for (let v = version(); v < target; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${target}`);
  }).immediate();
}

/**
 * `(@p0, @p1, …)` and its values, for short IN lists (topics, provinces, channels). Inline
 * placeholders rather than json_each(): SQLite plans index seeks for them, while with a
 * table-valued function it chose a full scan (measured: 8 ms vs 0.01 ms on 100k rows).
 * Each list length is its own cached statement; these lists are short and few.
 */
function inList(prefix: string, values: readonly string[]): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  values.forEach((v, i) => (params[`${prefix}${i}`] = v));
  return { sql: `(${Object.keys(params).map((k) => `@${k}`).join(', ')})`, params };
}

function isoOrUndefined(ms: number | null): string | undefined {
  return ms === null ? undefined : new Date(ms).toISOString();
}

function toStoredItem(row: ItemRow): StoredItem {
  const item = JSON.parse(row.json) as ContentItem;
  const stored: StoredItem = { ...item, rev: row.rev, importedAt: row.imported_at };
  if (row.province_code !== null) stored.provinceCode = row.province_code;
  return stored;
}

function toUser(row: UserRow): UserRecord {
  const user: UserRecord = {
    channel: row.channel as ChannelName,
    userId: row.user_id,
    active: row.active === 1,
    firstSeenAt: row.first_seen_at,
  };
  if (row.inactive_reason !== null) user.inactiveReason = row.inactive_reason;
  if (row.last_seen_at !== null) user.lastSeenAt = row.last_seen_at;
  if (row.last_send_error !== null) user.lastSendError = row.last_send_error;
  return user;
}

function toEnrollment(row: EnrollmentRow): Enrollment {
  const e: Enrollment = {
    id: row.id,
    channel: row.channel as ChannelName,
    userId: row.user_id,
    courseId: row.course_id,
    fullName: row.full_name,
    phone: row.phone,
    provinceCode: row.province_code,
    status: row.status as EnrollmentStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.commune !== null) e.commune = row.commune;
  if (row.waiting_position !== null) e.waitingPosition = row.waiting_position;
  return e;
}

function toAnnouncement(row: AnnouncementRow): Announcement {
  const input = JSON.parse(row.input) as AnnouncementInput;
  const a: Announcement = { ...input, id: row.id, status: row.status as AnnouncementStatus, createdAt: row.created_at };
  if (row.next_run_at !== null) a.nextRunAt = row.next_run_at;
  return a;
}

function toDelivery(row: DeliveryRow): Delivery {
  const d: Delivery = {
    id: String(row.id),
    announcementId: row.announcement_id,
    occurrence: row.occurrence,
    channel: row.channel as ChannelName,
    userId: row.user_id,
    state: row.state as DeliveryState,
    attempts: row.attempts,
    notBefore: new Date(row.not_before).toISOString(),
  };
  if (row.claimed_by !== null) d.claimedBy = row.claimed_by;
  const until = isoOrUndefined(row.claimed_until);
  if (until !== undefined) d.claimedUntil = until;
  const started = isoOrUndefined(row.started_at);
  if (started !== undefined) d.startedAt = started;
  if (row.error !== null) d.error = row.error;
  if (row.sent_at !== null) d.sentAt = row.sent_at;
  return d;
}

class SqliteStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private lastPurge = 0;
  private closed = false;
  private readonly walSync: WalSync;
  readonly console: SqliteConsoleStore;

  constructor(
    private readonly db: DB,
    private readonly path: string,
  ) {
    this.walSync = new WalSync(`${path}-wal`);
    this.console = new SqliteConsoleStore(db);
  }

  /** Prepared statements cached by SQL text: filters build a handful of SQL variants, each prepared once. */
  private q(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs `fn` in BEGIN IMMEDIATE: the write lock is taken before anything is read. */
  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Runs a write with synchronous=NORMAL: committed to the WAL without an fsync. Still crash-consistent:
   * a process crash loses nothing; a power cut can only drop a tail of such commits, never half of one
   * and never a FULL commit (its fsync flushes the WAL file, earlier unsynced frames included).
   * Only for writes nobody is told about (last-seen times), or ones that await walSync.flush() before
   * returning (dedupe markers). Whatever else is confirmed to someone (enrolments, subscriptions,
   * the outbox) stays FULL.
   */
  private unsynced<T>(fn: () => T): T {
    this.q('PRAGMA synchronous = NORMAL').run();
    try {
      return fn();
    } finally {
      this.q('PRAGMA synchronous = FULL').run();
    }
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      const n = (this.q('SELECT count(*) AS n FROM items').get() as { n: number }).n;
      return { ok: true, detail: `embedded sqlite ${this.path}, ${n} items` };
    } catch (err) {
      return { ok: false, detail: `embedded sqlite ${this.path}: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.walSync.close();
    } finally {
      this.db.close();
    }
  }

  // ---- content ----

  async importItems(
    items: ContentItem[],
    provinceCodeOf: (item: ContentItem) => string | undefined,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    const { signal, onProgress } = options;
    const chunkSize = Math.max(1, options.chunkSize ?? IMPORT_CHUNK);
    // Everything that can fail on bad input runs before the write lock is taken; if anything throws,
    // nothing has been written. The transaction below then only writes (or is stopped, and rolled back).
    const prepared = items.map((item) => {
      const provinceCode = provinceCodeOf(item);
      return { item, provinceCode, ...itemFingerprint(item, provinceCode) };
    });
    const importedAt = new Date().toISOString();
    signal?.throwIfAborted();
    return this.write(() => {
      const current = (this.q(`SELECT value FROM meta WHERE key = 'content_rev'`).get() as { value: number }).value;
      const rev = current + 1;
      const getHash = this.q('SELECT hash FROM items WHERE id = ?');
      const upsert = this.q(
        `INSERT INTO items (id, kind, province_code, capacity, rev, hash, json, imported_at)
         VALUES (@id, @kind, @provinceCode, @capacity, @rev, @hash, @json, @importedAt)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, province_code = excluded.province_code,
           capacity = excluded.capacity, rev = excluded.rev, hash = excluded.hash, json = excluded.json,
           imported_at = excluded.imported_at`,
      );
      let inserted = 0;
      let updated = 0;
      let unchanged = 0;
      let written = 0;
      for (const p of prepared) {
        const existing = getHash.get(p.item.id) as { hash: string } | undefined;
        if (existing?.hash === p.hash) {
          unchanged++;
          continue;
        }
        if (existing) updated++;
        else inserted++;
        // A stop (or a throwing progress callback) here rolls the whole transaction back.
        if (written > 0 && written % chunkSize === 0) {
          onProgress?.({ written, total: prepared.length });
          signal?.throwIfAborted();
        }
        written++;
        upsert.run({
          id: p.item.id,
          kind: p.item.kind,
          provinceCode: p.provinceCode ?? null,
          capacity: p.item.capacity ?? null,
          rev,
          hash: p.hash,
          json: p.json,
          importedAt,
        });
      }
      if (inserted + updated === 0) return { inserted, updated, unchanged, rev: current };
      this.q(`UPDATE meta SET value = ? WHERE key = 'content_rev'`).run(rev);
      return { inserted, updated, unchanged, rev };
    });
  }

  async getItem(id: string): Promise<StoredItem | undefined> {
    const row = this.q('SELECT id, province_code, rev, json, imported_at FROM items WHERE id = ?').get(id) as
      | ItemRow
      | undefined;
    return row ? toStoredItem(row) : undefined;
  }

  async getItems(ids: string[]): Promise<StoredItem[]> {
    if (ids.length === 0) return [];
    const rows = this.q(
      `SELECT id, province_code, rev, json, imported_at FROM items WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as ItemRow[];
    // Callers pass ids in ranking order (search results); keep it.
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: StoredItem[] = [];
    for (const id of new Set(ids)) {
      const row = byId.get(id);
      if (row) out.push(toStoredItem(row));
    }
    return out;
  }

  async listItems(filter: ContentFilter = {}): Promise<StoredItem[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.kind !== undefined) {
      where.push('kind = @kind');
      params.kind = filter.kind;
    }
    if (filter.provinceCode !== undefined) {
      where.push('province_code = @provinceCode');
      params.provinceCode = filter.provinceCode;
    }
    if (filter.ids !== undefined) {
      where.push('id IN (SELECT value FROM json_each(@ids))');
      params.ids = JSON.stringify(filter.ids);
    }
    if (filter.sinceRev !== undefined) {
      where.push('rev > @sinceRev');
      params.sinceRev = filter.sinceRev;
    }
    let sql = `SELECT id, province_code, rev, json, imported_at FROM items`;
    if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY rev, id';
    if (filter.limit !== undefined) {
      sql += ' LIMIT @limit';
      params.limit = filter.limit;
    }
    return (this.q(sql).all(params) as ItemRow[]).map(toStoredItem);
  }

  async *iterateItems(sinceRev = 0): AsyncGenerator<StoredItem> {
    // Keyset pages over (rev, id) rather than one long .iterate(): an open iterator would hold a read
    // snapshot (and block this connection's writes) for as long as the consumer takes between items.
    // Items re-imported meanwhile move to a higher rev and are simply seen again later, never missed.
    let cursor = { rev: sinceRev, id: '' };
    // Never past the published revision (see Store.iterateItems); here an import and its revision
    // commit together, so this only keeps the two stores' contracts alike.
    const untilRev = await this.contentRevision();
    if (sinceRev === 0 && (await this.countItems()) >= WORKER_READ_MIN_ITEMS) {
      // A whole large table (the index's cold build): read on a worker thread, overlapping the caller.
      try {
        for await (const rows of readPagesInWorker<ItemRow>({ path: this.path, sql: ITEM_PAGE_SQL, params: { sinceRev, untilRev }, cursor, pageSize: ITEM_PAGE })) {
          for (const row of rows) yield toStoredItem(row);
          const last = rows.at(-1);
          if (last) cursor = { rev: last.rev, id: last.id };
        }
        return;
      } catch {
        // The worker could not read (no threads, driver not loadable there): go on in this thread.
      }
    }
    const page = this.q(ITEM_PAGE_SQL);
    for (;;) {
      const rows = page.all({ sinceRev, untilRev, ...cursor }) as ItemRow[];
      for (const row of rows) yield toStoredItem(row);
      const last = rows.at(-1);
      if (!last || rows.length < ITEM_PAGE) return;
      cursor = { rev: last.rev, id: last.id };
    }
  }

  async countItems(): Promise<number> {
    return (this.q('SELECT count(*) AS n FROM items').get() as { n: number }).n;
  }

  async contentRevision(): Promise<number> {
    return (this.q(`SELECT value FROM meta WHERE key = 'content_rev'`).get() as { value: number }).value;
  }

  // ---- users and conversation state ----

  async touchUser(key: UserKey, now: Date): Promise<UserRecord> {
    // `active` is left alone: only the channel's follow/unfollow/blocked signals change it.
    // Unsynced: runs on every turn, and a last-seen time lost to a power cut is only a little stale
    // (a subscription writes its own user row durably, so no audience depends on this one).
    const touch = this.q(
      `INSERT INTO users (channel, user_id, active, last_seen_at, first_seen_at) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (channel, user_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
       RETURNING *`,
    );
    const at = now.toISOString();
    return toUser(this.unsynced(() => touch.get(key.channel, key.userId, at, at) as UserRow));
  }

  async getUser(key: UserKey): Promise<UserRecord | undefined> {
    const row = this.q('SELECT * FROM users WHERE channel = ? AND user_id = ?').get(key.channel, key.userId) as
      | UserRow
      | undefined;
    return row ? toUser(row) : undefined;
  }

  async setUserActive(key: UserKey, active: boolean, reason?: string): Promise<void> {
    // Upsert: an unfollow event can arrive for someone who never wrote to us; remember it anyway.
    this.q(
      `INSERT INTO users (channel, user_id, active, inactive_reason, first_seen_at) VALUES (@channel, @userId, @active, @reason, @now)
       ON CONFLICT (channel, user_id) DO UPDATE SET active = excluded.active, inactive_reason = excluded.inactive_reason`,
    ).run({
      channel: key.channel,
      userId: key.userId,
      active: active ? 1 : 0,
      reason: active ? null : (reason ?? null),
      now: new Date().toISOString(),
    });
  }

  async setUserSendError(key: UserKey, error: string | undefined): Promise<void> {
    this.q(
      `INSERT INTO users (channel, user_id, active, last_send_error, first_seen_at) VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (channel, user_id) DO UPDATE SET last_send_error = excluded.last_send_error`,
    ).run(key.channel, key.userId, error ?? null, new Date().toISOString());
  }

  async getConversation<T = unknown>(key: UserKey): Promise<T | undefined> {
    const row = this.q('SELECT state FROM conversations WHERE channel = ? AND user_id = ?').get(
      key.channel,
      key.userId,
    ) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as T) : undefined;
  }

  async setConversation<T = unknown>(key: UserKey, state: T | undefined): Promise<void> {
    if (state === undefined) {
      this.q('DELETE FROM conversations WHERE channel = ? AND user_id = ?').run(key.channel, key.userId);
      return;
    }
    this.q(
      `INSERT INTO conversations (channel, user_id, state, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel, user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    ).run(key.channel, key.userId, JSON.stringify(state), new Date().toISOString());
  }

  // ---- exactly-once helpers ----

  async markProcessed(scope: string, key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    // Every update and every outbox send passes here, so the commit does not fsync on the event loop;
    // the shared WAL fsync below makes it durable before the caller replies or acks on the strength of it.
    const first = this.unsynced(() => {
      this.purgeExpired(now);
      // One statement decides: a new key inserts; a known key only "re-inserts" once its record expired.
      const info = this.q(
        `INSERT INTO processed (scope, key, expires_at) VALUES (@scope, @key, @expires)
         ON CONFLICT (scope, key) DO UPDATE SET expires_at = excluded.expires_at WHERE processed.expires_at <= @now`,
      ).run({ scope, key, expires: now + ttlMs, now });
      return info.changes === 1;
    });
    try {
      // A known key too: the record it was checked against may be another turn's, not yet on disk.
      await this.walSync.flush();
    } catch (err) {
      // Not known to be on disk: forget the key, so the redelivery this error causes is handled, not skipped.
      try {
        if (first) this.q('DELETE FROM processed WHERE scope = ? AND key = ?').run(scope, key);
      } catch {
        // The disk is failing; the caller needs the first error.
      }
      throw err;
    }
    return first;
  }

  private purgeExpired(now: number): void {
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    this.q('DELETE FROM processed WHERE expires_at <= ?').run(now);
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const info = this.q(
      `INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE leases.owner = excluded.owner OR leases.until <= @now`,
    ).run({ name, owner, until: now + ttlMs, now });
    return info.changes === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.q('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }

  async getSecret(name: string): Promise<string | undefined> {
    const row = this.q('SELECT value FROM secrets WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value;
  }

  async setSecret(name: string, value: string): Promise<void> {
    this.q(
      `INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(name, value, new Date().toISOString());
  }

  // ---- enrolments ----

  private courseCapacity(courseId: string): number | undefined {
    const row = this.q('SELECT capacity FROM items WHERE id = ?').get(courseId) as { capacity: number | null } | undefined;
    // No item or no capacity: unlimited. Refusing an enrolment because the course row is missing
    // would lose a person's request; an officer can still see and handle it.
    return row?.capacity ?? undefined;
  }

  private countStatus(courseId: string, status: EnrollmentStatus): number {
    return (
      this.q('SELECT count(*) AS n FROM enrollments WHERE course_id = ? AND status = ?').get(courseId, status) as {
        n: number;
      }
    ).n;
  }

  async enroll(input: EnrollmentInput, now: Date, notices?: ChangeNotices): Promise<EnrollOutcome> {
    return this.write(() => {
      const existing = this.q(
        `SELECT * FROM enrollments WHERE channel = ? AND user_id = ? AND course_id = ? AND status <> 'cancelled'`,
      ).get(input.channel, input.userId, input.courseId) as EnrollmentRow | undefined;
      if (existing) return { enrollment: toEnrollment(existing), created: false };
      // One person rotating ids must not take several seats: one active enrolment per phone and course.
      const samePhone = this.q(
        `SELECT * FROM enrollments WHERE course_id = ? AND phone = ? AND phone <> '' AND status <> 'cancelled' LIMIT 1`,
      ).get(input.courseId, input.phone) as EnrollmentRow | undefined;
      if (samePhone) return { enrollment: toEnrollment(samePhone), created: false, phoneTaken: true };

      const capacity = this.courseCapacity(input.courseId);
      const enrolled = this.countStatus(input.courseId, 'enrolled');
      const status: EnrollmentStatus = capacity === undefined || enrolled < capacity ? 'enrolled' : 'waiting';
      const waitingPosition = status === 'waiting' ? this.countStatus(input.courseId, 'waiting') + 1 : null;
      const at = now.toISOString();
      const row = this.q(
        `INSERT INTO enrollments (id, channel, user_id, course_id, full_name, phone, province_code, commune, status,
           waiting_position, created_at, updated_at)
         VALUES (@id, @channel, @userId, @courseId, @fullName, @phone, @provinceCode, @commune, @status,
           @waitingPosition, @at, @at)
         RETURNING *`,
      ).get({
        id: randomId(),
        channel: input.channel,
        userId: input.userId,
        courseId: input.courseId,
        fullName: input.fullName,
        phone: input.phone,
        provinceCode: input.provinceCode,
        commune: input.commune ?? null,
        status,
        waitingPosition,
        at,
      }) as EnrollmentRow;
      const enrollment = toEnrollment(row);
      this.writeNotices(notices, { enrollment, counts: this.countsOf(input.courseId) }, now);
      return { enrollment, created: true };
    });
  }

  /** The notices of a change, inserted inside the caller's transaction (see ChangeNotices). */
  private writeNotices(notices: ChangeNotices | undefined, change: EnrollmentChange, now: Date): void {
    if (!notices) return;
    for (const input of notices(change)) this.insertAnnouncement(input, now);
  }

  async cancelEnrollment(enrollmentId: string, now: Date, notices?: ChangeNotices): Promise<CancelOutcome> {
    return this.write(() => {
      const row = this.q('SELECT * FROM enrollments WHERE id = ?').get(enrollmentId) as EnrollmentRow | undefined;
      if (!row) return {};
      // Cancelling twice is not an error (a retried button press); nothing more moves.
      if (row.status === 'cancelled') return { cancelled: toEnrollment(row) };
      const outcome = this.cancelRow(row, now);
      const change: EnrollmentChange = { enrollment: outcome.cancelled!, counts: this.countsOf(row.course_id) };
      if (outcome.promoted) change.promoted = outcome.promoted;
      this.writeNotices(notices, change, now);
      return outcome;
    });
  }

  /** Cancels an active row and moves the first waiting person up when a seat is really free. In a transaction. */
  private cancelRow(row: EnrollmentRow, now: Date): CancelOutcome {
    const at = now.toISOString();
    const setStatus = this.q(`UPDATE enrollments SET status = ?, updated_at = ? WHERE seq = ? RETURNING *`);
    const cancelled = toEnrollment(setStatus.get('cancelled', at, row.seq) as EnrollmentRow);
    if (row.status !== 'enrolled') return { cancelled };

    // A seat was freed. Promote only if it really is free: capacity may have been lowered since.
    const capacity = this.courseCapacity(row.course_id);
    if (capacity !== undefined && this.countStatus(row.course_id, 'enrolled') >= capacity) return { cancelled };
    // First come, first served: seq is commit order, the same order waiting positions were handed out in.
    const next = this.q(
      `SELECT seq FROM enrollments WHERE course_id = ? AND status = 'waiting' ORDER BY seq LIMIT 1`,
    ).get(row.course_id) as { seq: number } | undefined;
    if (!next) return { cancelled };
    const promoted = toEnrollment(setStatus.get('enrolled', at, next.seq) as EnrollmentRow);
    return { cancelled, promoted };
  }

  async listEnrollments(
    filter: { courseId?: string; user?: UserKey; includeCancelled?: boolean } = {},
  ): Promise<Enrollment[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.courseId !== undefined) {
      where.push('course_id = @courseId');
      params.courseId = filter.courseId;
    }
    if (filter.user !== undefined) {
      where.push('channel = @channel AND user_id = @userId');
      params.channel = filter.user.channel;
      params.userId = filter.user.userId;
    }
    if (!filter.includeCancelled) where.push(`status <> 'cancelled'`);
    let sql = 'SELECT * FROM enrollments';
    if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY created_at, seq';
    return (this.q(sql).all(params) as EnrollmentRow[]).map(toEnrollment);
  }

  async courseCounts(courseId?: string): Promise<CourseCounts[]> {
    return this.countsRows(courseId);
  }

  /** One course's counts, synchronously (usable inside a transaction). */
  private countsOf(courseId: string): CourseCounts {
    return this.countsRows(courseId)[0]!;
  }

  private countsRows(courseId?: string): CourseCounts[] {
    // Without a course id: every course that has at least one active enrolment.
    const rows = this.q(
      `SELECT e.course_id AS courseId,
              sum(e.status = 'enrolled') AS enrolled,
              sum(e.status = 'waiting') AS waiting,
              (SELECT capacity FROM items WHERE id = e.course_id) AS capacity
       FROM enrollments e
       WHERE e.status <> 'cancelled' AND (@courseId IS NULL OR e.course_id = @courseId)
       GROUP BY e.course_id ORDER BY e.course_id`,
    ).all({ courseId: courseId ?? null }) as Array<{ courseId: string; enrolled: number; waiting: number; capacity: number | null }>;
    const out = rows.map((r) => {
      const c: CourseCounts = { courseId: r.courseId, enrolled: r.enrolled, waiting: r.waiting };
      if (r.capacity !== null) c.capacity = r.capacity;
      return c;
    });
    if (courseId !== undefined && out.length === 0) {
      const c: CourseCounts = { courseId, enrolled: 0, waiting: 0 };
      const capacity = this.courseCapacity(courseId);
      if (capacity !== undefined) c.capacity = capacity;
      out.push(c);
    }
    return out;
  }

  async erasePersonalData(key: UserKey): Promise<number> {
    return this.write(() => {
      const info = this.q(
        `UPDATE enrollments SET full_name = @erased, phone = '', updated_at = @now
         WHERE channel = @channel AND user_id = @userId AND NOT (full_name = @erased AND phone = '')`,
      ).run({ erased: ERASED_NAME, now: new Date().toISOString(), channel: key.channel, userId: key.userId });
      // A half-finished enrolment dialog may hold the name or phone typed so far, and so may the
      // recent conversation the web chat shows again after a reload.
      this.q('DELETE FROM conversations WHERE channel = ? AND user_id = ?').run(key.channel, key.userId);
      this.q('DELETE FROM secrets WHERE name = ?').run(chatHistoryKey(key));
      return info.changes;
    });
  }

  // ---- officers ----

  async listOfficers(): Promise<OfficerRecord[]> {
    const rows = this.q('SELECT * FROM officers ORDER BY channel, user_id').all() as Array<{
      channel: string;
      user_id: string;
      province_codes: string;
      name: string | null;
    }>;
    return rows.map((r) => {
      const o: OfficerRecord = {
        channel: r.channel as ChannelName,
        userId: r.user_id,
        provinceCodes: JSON.parse(r.province_codes) as string[],
      };
      if (r.name !== null) o.name = r.name;
      return o;
    });
  }

  async upsertOfficer(officer: OfficerRecord): Promise<void> {
    this.q(
      `INSERT INTO officers (channel, user_id, province_codes, name) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel, user_id) DO UPDATE SET province_codes = excluded.province_codes, name = excluded.name`,
    ).run(officer.channel, officer.userId, JSON.stringify(officer.provinceCodes), officer.name ?? null);
  }

  // ---- subscriptions ----

  async subscribe(sub: Omit<Subscription, 'createdAt'>, now: Date): Promise<boolean> {
    return this.write(() => {
      // findSubscribers joins users; make sure the row exists so a subscription is never silently dead.
      this.q(`INSERT OR IGNORE INTO users (channel, user_id, active, first_seen_at) VALUES (?, ?, 1, ?)`).run(
        sub.channel,
        sub.userId,
        now.toISOString(),
      );
      const info = this.q(
        `INSERT OR IGNORE INTO subscriptions (channel, user_id, topic, province_code, created_at) VALUES (?, ?, ?, ?, ?)`,
      ).run(sub.channel, sub.userId, sub.topic, sub.provinceCode, now.toISOString());
      return info.changes === 1;
    });
  }

  async unsubscribe(key: UserKey, topic?: Topic, provinceCode?: string): Promise<number> {
    return this.q(
      `DELETE FROM subscriptions WHERE channel = @channel AND user_id = @userId
       AND (@topic IS NULL OR topic = @topic) AND (@provinceCode IS NULL OR province_code = @provinceCode)`,
    ).run({ channel: key.channel, userId: key.userId, topic: topic ?? null, provinceCode: provinceCode ?? null }).changes;
  }

  async listSubscriptions(key: UserKey): Promise<Subscription[]> {
    const rows = this.q(
      `SELECT * FROM subscriptions WHERE channel = ? AND user_id = ? ORDER BY created_at, topic, province_code`,
    ).all(key.channel, key.userId) as Array<{
      channel: string;
      user_id: string;
      topic: string;
      province_code: string;
      created_at: string;
    }>;
    return rows.map((r) => ({
      channel: r.channel as ChannelName,
      userId: r.user_id,
      topic: r.topic as Topic,
      provinceCode: r.province_code,
      createdAt: r.created_at,
    }));
  }

  async *findSubscribers(q: { topics: Topic[]; provinceCodes: string[]; channels: ChannelName[] }): AsyncGenerator<UserKey> {
    // No topic means no audience: an announcement must say what it is about before it reaches anyone.
    if (q.topics.length === 0) return;
    const topics = inList('t', q.topics);
    const provinces = inList('p', q.provinceCodes);
    const channels = inList('c', q.channels);
    const where = ['u.active = 1', `s.topic IN ${topics.sql}`, '(s.channel, s.user_id) > (@afterChannel, @afterUser)'];
    if (q.provinceCodes.length) where.push(`(s.province_code = '*' OR s.province_code IN ${provinces.sql})`);
    if (q.channels.length) where.push(`s.channel IN ${channels.sql}`);
    // Keyset pages in primary-key order, for the same reason as iterateItems.
    const page = this.q(
      `SELECT DISTINCT s.channel, s.user_id FROM subscriptions s
       JOIN users u ON u.channel = s.channel AND u.user_id = s.user_id
       WHERE ${where.join(' AND ')} ORDER BY s.channel, s.user_id LIMIT ${STREAM_BATCH}`,
    );
    const lists = { ...topics.params, ...provinces.params, ...channels.params };
    let after = { afterChannel: '', afterUser: '' };
    for (;;) {
      const rows = page.all({ ...lists, ...after }) as Array<{ channel: string; user_id: string }>;
      for (const r of rows) yield { channel: r.channel as ChannelName, userId: r.user_id };
      const last = rows.at(-1);
      if (!last || rows.length < STREAM_BATCH) return;
      after = { afterChannel: last.channel, afterUser: last.user_id };
    }
  }

  // ---- announcements and the outbox ----

  async createAnnouncement(
    input: AnnouncementInput,
    now: Date,
  ): Promise<{ announcement: Announcement; created: boolean }> {
    return this.write(() => this.insertAnnouncement(input, now));
  }

  /** Inserts an announcement (or finds the one with its dedupe key). Inside the caller's transaction. */
  private insertAnnouncement(input: AnnouncementInput, now: Date): { announcement: Announcement; created: boolean } {
    if (input.dedupeKey !== undefined) {
      const existing = this.q('SELECT * FROM announcements WHERE dedupe_key = ?').get(input.dedupeKey) as AnnouncementRow | undefined;
      if (existing) return { announcement: toAnnouncement(existing), created: false };
    }
    const row = this.q(
      `INSERT INTO announcements (id, status, dedupe_key, input, created_at) VALUES (?, 'scheduled', ?, ?, ?) RETURNING *`,
    ).get(randomId(), input.dedupeKey ?? null, stableStringify(input), now.toISOString()) as AnnouncementRow;
    return { announcement: toAnnouncement(row), created: true };
  }

  async getAnnouncement(id: string): Promise<Announcement | undefined> {
    const row = this.q('SELECT * FROM announcements WHERE id = ?').get(id) as AnnouncementRow | undefined;
    return row ? toAnnouncement(row) : undefined;
  }

  async listAnnouncements(filter: { status?: AnnouncementStatus } = {}): Promise<Announcement[]> {
    const rows = this.q('SELECT * FROM announcements WHERE (@status IS NULL OR status = @status) ORDER BY seq').all({
      status: filter.status ?? null,
    }) as AnnouncementRow[];
    return rows.map(toAnnouncement);
  }

  async updateAnnouncement(
    id: string,
    patch: Partial<Pick<Announcement, 'status' | 'nextRunAt'>>,
    expected: AnnouncementExpectation = {},
  ): Promise<boolean> {
    const sets: string[] = [];
    let params: Record<string, unknown> = { id };
    if (patch.status !== undefined) {
      sets.push('status = @status');
      params.status = patch.status;
    }
    // An explicit `nextRunAt: undefined` clears it (a recurring announcement that has ended).
    if ('nextRunAt' in patch) {
      sets.push('next_run_at = @nextRunAt');
      params.nextRunAt = patch.nextRunAt ?? null;
    }
    // The condition sits in the one UPDATE statement, so the check and the change are atomic.
    const where = ['id = @id'];
    if (expected.status) {
      if (expected.status.length === 0) return false;
      const list = inList('st', expected.status);
      where.push(`status IN ${list.sql}`);
      params = { ...params, ...list.params };
    }
    if ('nextRunAt' in expected) {
      where.push('next_run_at IS @expectedNext');
      params.expectedNext = expected.nextRunAt ?? null;
    }
    if (!sets.length) sets.push('status = status');
    return this.q(`UPDATE announcements SET ${sets.join(', ')} WHERE ${where.join(' AND ')}`).run(params).changes === 1;
  }

  async enqueueDeliveries(
    rows: Array<Pick<Delivery, 'announcementId' | 'occurrence' | 'channel' | 'userId' | 'notBefore'>>,
  ): Promise<number> {
    if (rows.length === 0) return 0;
    // Parse dates first so a bad row fails the call before anything is written.
    const parsed = rows.map((r) => ({ ...r, notBefore: toMs(r.notBefore, 'delivery notBefore') }));
    const insert = this.q(
      `INSERT OR IGNORE INTO deliveries (announcement_id, occurrence, channel, user_id, state, attempts, not_before)
       VALUES (@announcementId, @occurrence, @channel, @userId, 'pending', 0, @notBefore)`,
    );
    return this.write(() => {
      let added = 0;
      for (const r of parsed) added += insert.run(r).changes;
      return added;
    });
  }

  async claimDeliveries(
    worker: string,
    limit: number,
    now: Date,
    leaseMs: number,
    channels?: ChannelName[],
  ): Promise<Delivery[]> {
    if (limit <= 0) return [];
    const nowMs = now.getTime();
    const until = nowMs + leaseMs;
    // One query per channel when filtering: each then walks (state, channel, not_before) in order,
    // where an IN list over several channels would filter the whole backlog through (state, not_before).
    const groups: Array<string | undefined> = channels?.length ? [...new Set(channels)] : [undefined];
    const due = (state: 'claimed' | 'pending', n: number): Array<{ id: number; at: number }> => {
      const time = state === 'claimed' ? 'claimed_until' : 'not_before';
      const cmp = state === 'claimed' ? '<' : '<=';
      const rows = groups.flatMap(
        (channel) =>
          this.q(
            `SELECT id, ${time} AS at FROM deliveries WHERE state = @state AND ${time} ${cmp} @now
             ${channel === undefined ? '' : 'AND channel = @channel'} ORDER BY ${time}, id LIMIT @n`,
          ).all({ state, now: nowMs, channel, n }) as Array<{ id: number; at: number }>,
      );
      return groups.length === 1 ? rows : rows.sort((a, b) => a.at - b.at || a.id - b.id).slice(0, n);
    };
    return this.write(() => {
      // Abandoned claims first (their worker died mid-send), then due pending rows oldest first.
      const expired = due('claimed', limit);
      const pending = expired.length < limit ? due('pending', limit - expired.length) : [];
      const claim = this.q(
        `UPDATE deliveries SET state = 'claimed', claimed_by = ?, claimed_until = ?, attempts = attempts + 1
         WHERE id = ? RETURNING *`,
      );
      return [...expired, ...pending].map(({ id }) => toDelivery(claim.get(worker, until, id) as DeliveryRow));
    });
  }

  async startDelivery(id: string, worker: string): Promise<boolean> {
    const rowId = Number(id);
    if (!Number.isSafeInteger(rowId)) return false;
    // A plain FULL commit, synchronous on purpose: the caller sends right after this returns, and the
    // shorter the gap between "marked on disk" and "request on the socket", the less a kill can lose.
    return (
      this.q(`UPDATE deliveries SET started_at = ? WHERE id = ? AND state = 'claimed' AND claimed_by = ?`).run(Date.now(), rowId, worker)
        .changes === 1
    );
  }

  async completeDelivery(id: string, worker: string, outcome: DeliveryOutcome): Promise<void> {
    await this.completeDeliveries(worker, [{ id, outcome }]);
  }

  async completeDeliveries(worker: string, settlements: DeliverySettlement[]): Promise<number> {
    const nowMs = Date.now();
    const sentAt = new Date(nowMs).toISOString();
    // Parse first so a bad date fails the call before anything is written.
    const rows = settlements
      .map(({ id, outcome }) => ({
        id: Number(id),
        worker,
        state: outcome.state,
        error: outcome.error ?? null,
        notBefore: outcome.notBefore !== undefined ? toMs(outcome.notBefore, 'delivery notBefore') : nowMs,
        sentAt,
      }))
      .filter((r) => Number.isSafeInteger(r.id));
    if (rows.length === 0) return 0;
    // Only the worker that holds the claim may settle it: if its lease ran out and another worker
    // re-claimed the row, this late answer is ignored rather than overwriting the newer attempt.
    const settle = this.q(
      `UPDATE deliveries SET state = @state, error = @error, claimed_until = NULL, started_at = NULL,
         not_before = CASE WHEN @state = 'pending' THEN @notBefore ELSE not_before END,
         sent_at = CASE WHEN @state = 'sent' THEN @sentAt ELSE sent_at END
       WHERE id = @id AND state = 'claimed' AND claimed_by = @worker`,
    );
    // One transaction, so one commit (and one fsync) for the whole batch.
    return this.write(() => rows.reduce((n, r) => n + settle.run(r).changes, 0));
  }

  async hasUnsettledDeliveries(announcementId: string): Promise<boolean> {
    // The state list must match the partial index's WHERE word for word for SQLite to use it.
    const row = this.q(
      `SELECT EXISTS (SELECT 1 FROM deliveries WHERE announcement_id = ? AND state IN ('pending', 'claimed')) AS x`,
    ).get(announcementId) as { x: number };
    return row.x === 1;
  }

  async deliveryStats(announcementId: string): Promise<DeliveryStats> {
    const stats: DeliveryStats = { total: 0, pending: 0, claimed: 0, sent: 0, failed: 0, unknown: 0 };
    const rows = this.q('SELECT state, count(*) AS n FROM deliveries WHERE announcement_id = ? GROUP BY state').all(
      announcementId,
    ) as Array<{ state: DeliveryState; n: number }>;
    for (const r of rows) {
      stats[r.state] = r.n;
      stats.total += r.n;
    }
    return stats;
  }
}
