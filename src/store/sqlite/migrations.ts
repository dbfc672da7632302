/**
 * The embedded store's schema, as migrations applied in order; PRAGMA user_version records how many
 * ran. One list for every section, so one number says what a database file holds.
 */
import type Database from 'better-sqlite3';
import type { ContentItem } from '../../content/model.js';
import { OPEN_ENDED, scheduleColumns } from '../../courses/schedule.js';
import { isLegacyPlainValue, legacyLedger } from '../shared.js';
import { HANDOFF_MIGRATION } from './handoff-schema.js';

/** SQL, or a function for what SQL alone cannot do (parsing old text into new columns). */
export type Migration = string | ((db: Database.Database) => void);

/** Never edit a released entry: append a new one. */
export const MIGRATIONS: readonly Migration[] = [
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
  /* 3: plain key-value state out of the secrets table; the outbox's retry ledger as columns */ (db) => {
    db.exec(`
    CREATE TABLE key_values (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
    ALTER TABLE deliveries ADD COLUMN transient_failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE deliveries ADD COLUMN settled_claims INTEGER NOT NULL DEFAULT 0;
    `);
    const names = (db.prepare('SELECT name FROM secrets').all() as Array<{ name: string }>).map((r) => r.name);
    const move = db.prepare(`INSERT INTO key_values (name, value, updated_at) SELECT name, value, updated_at FROM secrets WHERE name = ?`);
    const drop = db.prepare('DELETE FROM secrets WHERE name = ?');
    for (const name of names.filter(isLegacyPlainValue)) {
      move.run(name);
      drop.run(name);
    }
    const legacy = db.prepare(`SELECT id, error FROM deliveries WHERE error LIKE '[t=%'`).all() as Array<{ id: number; error: string }>;
    const set = db.prepare('UPDATE deliveries SET transient_failures = ?, settled_claims = ? WHERE id = ?');
    for (const row of legacy) {
      const l = legacyLedger(row.error);
      set.run(l.transientFailures, l.settledClaims, row.id);
    }
  },
  /* 4: the catalogue's current-item queries (catalogue.ts): indexed dates and keys of each item */ (db) => {
    db.exec(`
    ALTER TABLE items ADD COLUMN listed_until TEXT NOT NULL DEFAULT '${OPEN_ENDED}';
    ALTER TABLE items ADD COLUMN registration_until TEXT;
    ALTER TABLE items ADD COLUMN start_key TEXT NOT NULL DEFAULT '9999';
    ALTER TABLE items ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE items ADD COLUMN trade_key TEXT;
    `);
    const set = db.prepare(
      `UPDATE items SET listed_until = @listedUntil, registration_until = @registrationUntil, start_key = @startKey,
         title_key = @titleKey, trade_key = @tradeKey WHERE id = @id`,
    );
    // In pages: a statement cannot write while another one on the connection is still reading.
    const page = db.prepare('SELECT id, json FROM items WHERE id > ? ORDER BY id LIMIT 1000');
    for (let after = ''; ; ) {
      const rows = page.all(after) as Array<{ id: string; json: string }>;
      for (const row of rows) set.run({ id: row.id, ...scheduleParams(JSON.parse(row.json) as ContentItem) });
      if (rows.length < 1000) break;
      after = rows.at(-1)!.id;
    }
    // Each walks one kind in the order a list shows and stops at the page's end.
    db.exec(`
    CREATE INDEX items_kind_start ON items (kind, start_key, id);
    CREATE INDEX items_kind_province_start ON items (kind, province_code, start_key, id);
    CREATE INDEX items_kind_trade_start ON items (kind, trade_key, start_key, id);
    CREATE INDEX items_kind_title ON items (kind, title_key, id);
    `);
  },
  /* 5: unanswered questions, learned phrasings, hand-off tickets */ HANDOFF_MIGRATION,
  /* 6: how each user can be reached outside a conversation, and the channels' shared send schedule (reach.ts) */ `
  CREATE TABLE user_reach (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    last_inbound_at TEXT,
    follower INTEGER,
    phone TEXT,
    phone_source TEXT,
    phone_consent_at TEXT,
    window_closed_at TEXT,
    PRIMARY KEY (channel, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE send_slots (
    name TEXT PRIMARY KEY,
    tat_ms REAL NOT NULL,
    paused_until_ms INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  `,
  /* 7: deleted items, by the revision of their deletion (ContentStore.removedSince); questions counted per day */ `
  CREATE TABLE item_removals (id TEXT PRIMARY KEY, rev INTEGER NOT NULL, removed_at TEXT NOT NULL) WITHOUT ROWID;
  CREATE INDEX item_removals_rev ON item_removals (rev);
  CREATE TABLE question_counts (
    day TEXT NOT NULL,
    province_code TEXT NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0,
    unanswered INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, province_code)
  ) WITHOUT ROWID;
  `,
];

/** An item's schedule columns as statement parameters (null for what it has not). */
export function scheduleParams(item: ContentItem): Record<string, string | null> {
  const s = scheduleColumns(item);
  return {
    listedUntil: s.listedUntil,
    registrationUntil: s.registrationUntil ?? null,
    startKey: s.startKey,
    titleKey: s.titleKey,
    tradeKey: s.tradeKey ?? null,
  };
}
