/** Enrolments: seats, waiting lists and the notices written with each change. */
import { eraseTicketsOf } from './tickets.js';
import { eraseQuestionsOf } from './unanswered.js';
import type { EnrollmentStore } from '../ports.js';
import { ERASED_NAME, chatHistoryKey, randomId } from '../shared.js';
import type {
  CancelOutcome,
  ChangeNotices,
  ChannelName,
  CourseCounts,
  EnrollOutcome,
  Enrollment,
  EnrollmentChange,
  EnrollmentInput,
  EnrollmentStatus,
  UserKey,
} from '../types.js';
import { insertAnnouncement } from './announcements.js';
import type { SqliteConnection } from './connection.js';

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

export class SqliteEnrollments implements EnrollmentStore {
  constructor(private readonly c: SqliteConnection) {}

  #courseCapacity(courseId: string): number | undefined {
    const row = this.c.q('SELECT capacity FROM items WHERE id = ?').get(courseId) as { capacity: number | null } | undefined;
    // No item or no capacity: unlimited. Refusing an enrolment because the course row is missing
    // would lose a person's request; an officer can still see and handle it.
    return row?.capacity ?? undefined;
  }

  #countStatus(courseId: string, status: EnrollmentStatus): number {
    return (
      this.c.q('SELECT count(*) AS n FROM enrollments WHERE course_id = ? AND status = ?').get(courseId, status) as {
        n: number;
      }
    ).n;
  }

  async enroll(input: EnrollmentInput, now: Date, notices?: ChangeNotices): Promise<EnrollOutcome> {
    return this.c.write(() => {
      const existing = this.c.q(
        `SELECT * FROM enrollments WHERE channel = ? AND user_id = ? AND course_id = ? AND status <> 'cancelled'`,
      ).get(input.channel, input.userId, input.courseId) as EnrollmentRow | undefined;
      if (existing) return { enrollment: toEnrollment(existing), created: false };
      // One person rotating ids must not take several seats: one active enrolment per phone and course.
      const samePhone = this.c.q(
        `SELECT * FROM enrollments WHERE course_id = ? AND phone = ? AND phone <> '' AND status <> 'cancelled' LIMIT 1`,
      ).get(input.courseId, input.phone) as EnrollmentRow | undefined;
      if (samePhone) return { enrollment: toEnrollment(samePhone), created: false, phoneTaken: true };

      const capacity = this.#courseCapacity(input.courseId);
      const enrolled = this.#countStatus(input.courseId, 'enrolled');
      const status: EnrollmentStatus = capacity === undefined || enrolled < capacity ? 'enrolled' : 'waiting';
      const waitingPosition = status === 'waiting' ? this.#countStatus(input.courseId, 'waiting') + 1 : null;
      const at = now.toISOString();
      const row = this.c.q(
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
      this.#writeNotices(notices, { enrollment, counts: this.#countsOf(input.courseId) }, now);
      return { enrollment, created: true };
    });
  }

  /** The notices of a change, inserted inside the caller's transaction (see ChangeNotices). */
  #writeNotices(notices: ChangeNotices | undefined, change: EnrollmentChange, now: Date): void {
    if (!notices) return;
    for (const input of notices(change)) insertAnnouncement(this.c, input, now);
  }

  async cancelEnrollment(enrollmentId: string, now: Date, notices?: ChangeNotices): Promise<CancelOutcome> {
    return this.c.write(() => {
      const row = this.c.q('SELECT * FROM enrollments WHERE id = ?').get(enrollmentId) as EnrollmentRow | undefined;
      if (!row) return {};
      // Cancelling twice is not an error (a retried button press); nothing more moves.
      if (row.status === 'cancelled') return { cancelled: toEnrollment(row) };
      const outcome = this.#cancelRow(row, now);
      const change: EnrollmentChange = { enrollment: outcome.cancelled!, counts: this.#countsOf(row.course_id) };
      if (outcome.promoted) change.promoted = outcome.promoted;
      this.#writeNotices(notices, change, now);
      return outcome;
    });
  }

  /** Cancels an active row and moves the first waiting person up when a seat is really free. In a transaction. */
  #cancelRow(row: EnrollmentRow, now: Date): CancelOutcome {
    const at = now.toISOString();
    const setStatus = this.c.q(`UPDATE enrollments SET status = ?, updated_at = ? WHERE seq = ? RETURNING *`);
    const cancelled = toEnrollment(setStatus.get('cancelled', at, row.seq) as EnrollmentRow);
    if (row.status !== 'enrolled') return { cancelled };

    // A seat was freed. Promote only if it really is free: capacity may have been lowered since.
    const capacity = this.#courseCapacity(row.course_id);
    if (capacity !== undefined && this.#countStatus(row.course_id, 'enrolled') >= capacity) return { cancelled };
    // First come, first served: seq is commit order, the same order waiting positions were handed out in.
    const next = this.c.q(
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
    return (this.c.q(sql).all(params) as EnrollmentRow[]).map(toEnrollment);
  }

  async courseCounts(courseId?: string): Promise<CourseCounts[]> {
    return this.#countsRows(courseId);
  }

  /** One course's counts, synchronously (usable inside a transaction). */
  #countsOf(courseId: string): CourseCounts {
    return this.#countsRows(courseId)[0]!;
  }

  #countsRows(courseId?: string): CourseCounts[] {
    // Without a course id: every course that has at least one active enrolment.
    const rows = this.c.q(
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
      const capacity = this.#courseCapacity(courseId);
      if (capacity !== undefined) c.capacity = capacity;
      out.push(c);
    }
    return out;
  }

  async erasePersonalData(key: UserKey): Promise<number> {
    return this.c.write(() => {
      const info = this.c.q(
        `UPDATE enrollments SET full_name = @erased, phone = '', updated_at = @now
         WHERE channel = @channel AND user_id = @userId AND NOT (full_name = @erased AND phone = '')`,
      ).run({ erased: ERASED_NAME, now: this.c.clock.now().toISOString(), channel: key.channel, userId: key.userId });
      // A half-finished enrolment dialog may hold the name or phone typed so far, and so may the
      // recent conversation the web chat shows again after a reload.
      this.c.q('DELETE FROM conversations WHERE channel = ? AND user_id = ?').run(key.channel, key.userId);
      this.c.q('DELETE FROM key_values WHERE name = ?').run(chatHistoryKey(key));
      // What they asked the bot and wrote to officers (src/unanswered, src/handoff).
      eraseQuestionsOf(this.c, key);
      eraseTicketsOf(this.c, key, new Date());
      // A phone given for template messages goes too (reach.ts).
      this.c.q('UPDATE user_reach SET phone = NULL, phone_source = NULL, phone_consent_at = NULL WHERE channel = ? AND user_id = ?').run(key.channel, key.userId);
      return info.changes;
    });
  }
}
