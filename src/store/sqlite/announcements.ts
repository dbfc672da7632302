/** Announcements: one-off and recurring, deduplicated by key, moved on by compare-and-set. */
import type { AnnouncementStore } from '../ports.js';
import { randomId, stableStringify } from '../shared.js';
import type { Announcement, AnnouncementExpectation, AnnouncementInput, AnnouncementStatus } from '../types.js';
import { inList, type SqliteConnection } from './connection.js';

interface AnnouncementRow {
  id: string;
  status: string;
  input: string;
  created_at: string;
  next_run_at: string | null;
}

function toAnnouncement(row: AnnouncementRow): Announcement {
  const input = JSON.parse(row.input) as AnnouncementInput;
  const a: Announcement = { ...input, id: row.id, status: row.status as AnnouncementStatus, createdAt: row.created_at };
  if (row.next_run_at !== null) a.nextRunAt = row.next_run_at;
  return a;
}

/** Inserts an announcement (or finds the one with its dedupe key). Inside the caller's transaction. */
export function insertAnnouncement(c: SqliteConnection, input: AnnouncementInput, now: Date): { announcement: Announcement; created: boolean } {
  if (input.dedupeKey !== undefined) {
    const existing = c.q('SELECT * FROM announcements WHERE dedupe_key = ?').get(input.dedupeKey) as AnnouncementRow | undefined;
    if (existing) return { announcement: toAnnouncement(existing), created: false };
  }
  const row = c.q(
    `INSERT INTO announcements (id, status, dedupe_key, input, created_at) VALUES (?, 'scheduled', ?, ?, ?) RETURNING *`,
  ).get(randomId(), input.dedupeKey ?? null, stableStringify(input), now.toISOString()) as AnnouncementRow;
  return { announcement: toAnnouncement(row), created: true };
}

export class SqliteAnnouncements implements AnnouncementStore {
  constructor(private readonly c: SqliteConnection) {}

  async createAnnouncement(
    input: AnnouncementInput,
    now: Date,
  ): Promise<{ announcement: Announcement; created: boolean }> {
    return this.c.write(() => insertAnnouncement(this.c, input, now));
  }

  async getAnnouncement(id: string): Promise<Announcement | undefined> {
    const row = this.c.q('SELECT * FROM announcements WHERE id = ?').get(id) as AnnouncementRow | undefined;
    return row ? toAnnouncement(row) : undefined;
  }

  async listAnnouncements(filter: { status?: AnnouncementStatus } = {}): Promise<Announcement[]> {
    const rows = this.c.q('SELECT * FROM announcements WHERE (@status IS NULL OR status = @status) ORDER BY seq').all({
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
    return this.c.q(`UPDATE announcements SET ${sets.join(', ')} WHERE ${where.join(' AND ')}`).run(params).changes === 1;
  }
}
