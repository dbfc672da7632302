/**
 * The console's storage in the embedded SQLite file (see console-types.ts). Its tables have their own
 * schema version (`console_schema` in the meta table), so the console's tables evolve without
 * taking numbers from the store's main migration list.
 */
import type Database from 'better-sqlite3';
import type { SqliteConnection } from './connection.js';
import { randomId } from '../shared.js';
import type { AuditEntry, AuditInput, ConsoleSession, ConsoleStore, EnrollmentMark, EnrollmentMarks, OfficerAccount } from '../console-types.js';
import type { ChannelName, UserKey } from '../types.js';

type DB = Database.Database;

/** Never edit a released entry: append a new one. */
const CONSOLE_MIGRATIONS: readonly string[] = [
  /* 1 */ `
  CREATE TABLE console_accounts (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    province_code TEXT,
    admin INTEGER NOT NULL DEFAULT 0,
    linked_channel TEXT,
    linked_user_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX console_sessions_user ON console_sessions (username);
  CREATE INDEX console_sessions_seen ON console_sessions (last_seen_at);
  CREATE TABLE console_login_failures (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, at TEXT NOT NULL);
  CREATE INDEX console_login_failures_key ON console_login_failures (key, at);
  CREATE TABLE console_audit (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT,
    province_code TEXT
  );
  CREATE INDEX console_audit_province ON console_audit (province_code, seq);
  CREATE TABLE console_enrollment_marks (
    enrollment_id TEXT PRIMARY KEY,
    contacted_at TEXT,
    attended_at TEXT,
    by TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
];

/** Failures older than this are of no use to the throttle; swept when new ones are written. */
const FAILURE_KEEP_MS = 24 * 3600_000;

interface AccountRow {
  username: string;
  password_hash: string;
  province_code: string | null;
  admin: number;
  linked_channel: string | null;
  linked_user_id: string | null;
  created_at: string;
  updated_at: string;
}

function toAccount(r: AccountRow): OfficerAccount {
  const a: OfficerAccount = { username: r.username, passwordHash: r.password_hash, admin: r.admin === 1, createdAt: r.created_at, updatedAt: r.updated_at };
  if (r.province_code !== null) a.provinceCode = r.province_code;
  if (r.linked_channel !== null && r.linked_user_id !== null) a.linked = { channel: r.linked_channel as ChannelName, userId: r.linked_user_id };
  return a;
}

export class SqliteConsoleStore implements ConsoleStore {
  constructor(private readonly c: SqliteConnection) {
    migrateConsole(c.db);
  }

  private audit(entry: AuditInput, now: Date): void {
    this.c
      .q('INSERT INTO console_audit (id, at, actor, action, target, detail, province_code) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(randomId(), now.toISOString(), entry.actor, entry.action, entry.target, entry.detail ?? null, entry.provinceCode ?? null);
  }

  /** The chat officer record of a linked account: same province (none for an admin: every province). */
  private writeOfficerRecord(account: Pick<OfficerAccount, 'username' | 'provinceCode' | 'admin'>, linked: UserKey): void {
    const provinces = account.admin || !account.provinceCode ? [] : [account.provinceCode];
    this.c
      .q(
        `INSERT INTO officers (channel, user_id, province_codes, name) VALUES (?, ?, ?, ?)
         ON CONFLICT (channel, user_id) DO UPDATE SET province_codes = excluded.province_codes, name = excluded.name`,
      )
      .run(linked.channel, linked.userId, JSON.stringify(provinces), account.username);
  }

  private removeOfficerRecord(linked: UserKey): void {
    this.c.q('DELETE FROM officers WHERE channel = ? AND user_id = ?').run(linked.channel, linked.userId);
  }

  async createAccount(account: OfficerAccount, audit: AuditInput): Promise<boolean> {
    return this.c.write(() => {
      const info = this.c
        .q(
          `INSERT INTO console_accounts (username, password_hash, province_code, admin, linked_channel, linked_user_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING`,
        )
        .run(
          account.username,
          account.passwordHash,
          account.provinceCode ?? null,
          account.admin ? 1 : 0,
          account.linked?.channel ?? null,
          account.linked?.userId ?? null,
          account.createdAt,
          account.updatedAt,
        );
      if (info.changes === 0) return false;
      if (account.linked) this.writeOfficerRecord(account, account.linked);
      this.audit(audit, new Date(account.createdAt));
      return true;
    });
  }

  async getAccount(username: string): Promise<OfficerAccount | undefined> {
    const row = this.c.q('SELECT * FROM console_accounts WHERE username = ?').get(username) as AccountRow | undefined;
    return row ? toAccount(row) : undefined;
  }

  async listAccounts(): Promise<OfficerAccount[]> {
    return (this.c.q('SELECT * FROM console_accounts ORDER BY username').all() as AccountRow[]).map(toAccount);
  }

  async updateAccount(username: string, patch: { passwordHash?: string; linked?: UserKey | null }, audit: AuditInput, now: Date): Promise<boolean> {
    return this.c.write(() => {
      const row = this.c.q('SELECT * FROM console_accounts WHERE username = ?').get(username) as AccountRow | undefined;
      if (!row) return false;
      const account = toAccount(row);
      if (patch.passwordHash !== undefined) {
        this.c.q('UPDATE console_accounts SET password_hash = ?, updated_at = ? WHERE username = ?').run(patch.passwordHash, now.toISOString(), username);
        this.c.q('DELETE FROM console_sessions WHERE username = ?').run(username);
      }
      if (patch.linked !== undefined) {
        if (account.linked) this.removeOfficerRecord(account.linked);
        this.c
          .q('UPDATE console_accounts SET linked_channel = ?, linked_user_id = ?, updated_at = ? WHERE username = ?')
          .run(patch.linked?.channel ?? null, patch.linked?.userId ?? null, now.toISOString(), username);
        if (patch.linked) this.writeOfficerRecord(account, patch.linked);
      }
      this.audit(audit, now);
      return true;
    });
  }

  async removeAccount(username: string, audit: AuditInput, now: Date): Promise<boolean> {
    return this.c.write(() => {
      const row = this.c.q('SELECT * FROM console_accounts WHERE username = ?').get(username) as AccountRow | undefined;
      if (!row) return false;
      const account = toAccount(row);
      if (account.linked) this.removeOfficerRecord(account.linked);
      this.c.q('DELETE FROM console_sessions WHERE username = ?').run(username);
      this.c.q('DELETE FROM console_accounts WHERE username = ?').run(username);
      this.audit(audit, now);
      return true;
    });
  }

  async createSession(s: ConsoleSession): Promise<void> {
    this.c.q('INSERT INTO console_sessions (token_hash, username, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(s.tokenHash, s.username, s.createdAt, s.lastSeenAt);
  }

  async getSession(tokenHash: string, idleSince: Date): Promise<ConsoleSession | undefined> {
    const row = this.c.q('SELECT * FROM console_sessions WHERE token_hash = ?').get(tokenHash) as
      | { token_hash: string; username: string; created_at: string; last_seen_at: string }
      | undefined;
    if (!row) return undefined;
    if (row.last_seen_at < idleSince.toISOString()) {
      await this.deleteSession(tokenHash);
      return undefined;
    }
    return { tokenHash: row.token_hash, username: row.username, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
  }

  async touchSession(tokenHash: string, now: Date): Promise<void> {
    this.c.q('UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?').run(now.toISOString(), tokenHash);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.c.q('DELETE FROM console_sessions WHERE token_hash = ?').run(tokenHash);
  }

  async purgeSessions(idleSince: Date): Promise<number> {
    return this.c.q('DELETE FROM console_sessions WHERE last_seen_at < ?').run(idleSince.toISOString()).changes;
  }

  async recordLoginFailure(keys: string[], now: Date): Promise<void> {
    this.c.write(() => {
      const insert = this.c.q('INSERT INTO console_login_failures (key, at) VALUES (?, ?)');
      for (const key of keys) insert.run(key, now.toISOString());
      this.c.q('DELETE FROM console_login_failures WHERE at < ?').run(new Date(now.getTime() - FAILURE_KEEP_MS).toISOString());
    });
  }

  async loginFailures(key: string, since: Date): Promise<{ count: number; oldest?: string }> {
    const row = this.c.q('SELECT count(*) AS n, min(at) AS oldest FROM console_login_failures WHERE key = ? AND at >= ?').get(key, since.toISOString()) as {
      n: number;
      oldest: string | null;
    };
    return row.oldest === null ? { count: row.n } : { count: row.n, oldest: row.oldest };
  }

  async clearLoginFailures(key: string): Promise<void> {
    this.c.q('DELETE FROM console_login_failures WHERE key = ?').run(key);
  }

  async appendAudit(entry: AuditInput, now: Date): Promise<void> {
    this.audit(entry, now);
  }

  async listAudit(filter: { limit?: number; provinceCode?: string } = {}): Promise<AuditEntry[]> {
    const where = filter.provinceCode !== undefined ? 'WHERE province_code = @province' : '';
    const rows = this.c
      .q(`SELECT * FROM console_audit ${where} ORDER BY seq DESC LIMIT @limit`)
      .all({ limit: filter.limit ?? 200, ...(filter.provinceCode !== undefined ? { province: filter.provinceCode } : {}) }) as Array<{
      id: string;
      at: string;
      actor: string;
      action: string;
      target: string;
      detail: string | null;
      province_code: string | null;
    }>;
    return rows.map((r) => {
      const e: AuditEntry = { id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target };
      if (r.detail !== null) e.detail = r.detail;
      if (r.province_code !== null) e.provinceCode = r.province_code;
      return e;
    });
  }

  async markEnrollment(enrollmentId: string, mark: EnrollmentMark, by: string, now: Date, audit: AuditInput): Promise<void> {
    const column = mark === 'contacted' ? 'contacted_at' : 'attended_at';
    this.c.write(() => {
      this.c
        .q(
          `INSERT INTO console_enrollment_marks (enrollment_id, ${column}, by) VALUES (?, ?, ?)
           ON CONFLICT (enrollment_id) DO UPDATE SET ${column} = excluded.${column}, by = excluded.by`,
        )
        .run(enrollmentId, now.toISOString(), by);
      this.audit(audit, now);
    });
  }

  /** Reads the outbox's table (read-only): the console shows why deliveries failed. */
  async failedDeliveryErrors(announcementId: string): Promise<Array<{ error: string; count: number }>> {
    return this.c
      .q(`SELECT coalesce(error, '') AS error, count(*) AS count FROM deliveries WHERE announcement_id = ? AND state = 'failed' GROUP BY error`)
      .all(announcementId) as Array<{ error: string; count: number }>;
  }

  async enrollmentMarks(enrollmentIds: string[]): Promise<EnrollmentMarks[]> {
    if (enrollmentIds.length === 0) return [];
    const rows = this.c
      .q(`SELECT * FROM console_enrollment_marks WHERE enrollment_id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(enrollmentIds)) as Array<{ enrollment_id: string; contacted_at: string | null; attended_at: string | null; by: string }>;
    return rows.map((r) => {
      const m: EnrollmentMarks = { enrollmentId: r.enrollment_id, by: r.by };
      if (r.contacted_at !== null) m.contactedAt = r.contacted_at;
      if (r.attended_at !== null) m.attendedAt = r.attended_at;
      return m;
    });
  }
}

function migrateConsole(db: DB): void {
  const version = () => (db.prepare("SELECT value FROM meta WHERE key = 'console_schema'").get() as { value: number } | undefined)?.value ?? 0;
  if (version() >= CONSOLE_MIGRATIONS.length) return;
  db.transaction(() => {
    // Re-read under the write lock: another process may have migrated while we waited for it.
    for (let v = version(); v < CONSOLE_MIGRATIONS.length; v++) db.exec(CONSOLE_MIGRATIONS[v]!);
    db.prepare("INSERT INTO meta (key, value) VALUES ('console_schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(CONSOLE_MIGRATIONS.length);
  }).immediate();
}
