/** Enrolments: seats, waiting lists and the notices written with each change, in one transaction. */
import type { ClientSession } from 'mongoose';
import type { EnrollmentStore } from '../ports.js';
import { ERASED_NAME, chatHistoryKey, randomId } from '../shared.js';
import type {
  AnnouncementInput,
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
import { isDuplicateKey, withSession, type MongoConnection } from './connection.js';
import type { EnrollmentDoc } from './documents.js';

function toEnrollment(doc: EnrollmentDoc): Enrollment {
  const e: Enrollment = {
    id: doc._id,
    channel: doc.channel as ChannelName,
    userId: doc.userId,
    courseId: doc.courseId,
    fullName: doc.fullName,
    phone: doc.phone,
    provinceCode: doc.provinceCode,
    status: doc.status,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
  if (doc.commune != null) e.commune = doc.commune;
  if (doc.waitingPosition != null) e.waitingPosition = doc.waitingPosition;
  return e;
}

export class MongoEnrollments implements EnrollmentStore {
  constructor(private readonly c: MongoConnection) {}

  /** Notices of an enrolment change, in the change's session (see ChangeNotices). */
  async #writeNotices(inputs: AnnouncementInput[], now: Date, session: ClientSession): Promise<void> {
    for (const input of inputs) await insertAnnouncement(this.c, input, now, session);
  }

  async #capacityOf(courseId: string, session?: ClientSession): Promise<number | undefined> {
    const doc = await this.c.m.Item.findById(courseId, { capacity: 1 }, withSession(session)).lean<{ capacity?: number }>();
    // No item or no capacity: unlimited, as in the embedded store (never refuse a person's request).
    return doc?.capacity ?? undefined;
  }

  /**
   * Creates the course's seat document if missing. Outside any transaction on purpose: inside one,
   * the duplicate-key error of two concurrent first enrolments would abort the whole transaction.
   */
  async #ensureSeatDoc(courseId: string): Promise<void> {
    await this.c.m.Seat.updateOne({ _id: courseId }, { $setOnInsert: { enrolled: 0 } }, { upsert: true }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err; // a concurrent first enrolment created it
    });
  }

  /**
   * Serialises every seat decision on one course: the first write of each enrolment or cancellation
   * transaction goes to the course's seat document, so two of them on the same course write-conflict
   * and one is retried after the other commits. The counts read after it are then exact, and so are
   * waiting positions (two concurrent waiting enrolments can no longer both be "1").
   */
  async #lockCourse(courseId: string, session: ClientSession): Promise<void> {
    await this.c.m.Seat.updateOne({ _id: courseId }, { $inc: { writes: 1 } }, { session });
  }

  /**
   * Seats taken, counted from the enrolment rows rather than kept in a counter beside them: nothing
   * can leave the two disagreeing. The seat document keeps a copy for people reading the database.
   */
  async #enrolledCount(courseId: string, session: ClientSession): Promise<number> {
    return this.c.m.Enrollment.countDocuments({ courseId, status: 'enrolled' }, { session });
  }

  async #recordSeats(courseId: string, enrolled: number, session: ClientSession): Promise<void> {
    await this.c.m.Seat.updateOne({ _id: courseId }, { $set: { enrolled } }, { session });
  }

  #findActive(input: UserKey & { courseId: string }, session?: ClientSession) {
    return this.c.m.Enrollment.findOne(
      { channel: input.channel, userId: input.userId, courseId: input.courseId, status: { $in: ['enrolled', 'waiting'] } },
      null,
      withSession(session),
    ).lean<EnrollmentDoc>();
  }

  async enroll(input: EnrollmentInput, now: Date, notices?: ChangeNotices): Promise<EnrollOutcome> {
    await this.#ensureSeatDoc(input.courseId);
    try {
      // Seat, row and notices in one transaction: a crash keeps all of them or none.
      return await this.c.atomically(async (session) => {
        await this.#lockCourse(input.courseId, session);
        const existing = await this.#findActive(input, session);
        if (existing) return { enrollment: toEnrollment(existing), created: false };
        // One person rotating ids must not take several seats: one active enrolment per phone and course.
        const samePhone = input.phone
          ? await this.c.m.Enrollment.findOne(
              { courseId: input.courseId, phone: input.phone, status: { $in: ['enrolled', 'waiting'] } },
              null,
              withSession(session),
            ).lean<EnrollmentDoc>()
          : null;
        if (samePhone) return { enrollment: toEnrollment(samePhone), created: false, phoneTaken: true };
        const capacity = await this.#capacityOf(input.courseId, session);
        const enrolled = await this.#enrolledCount(input.courseId, session);
        const seated = capacity === undefined || enrolled < capacity;
        const status: EnrollmentStatus = seated ? 'enrolled' : 'waiting';
        const waitingPosition = seated
          ? undefined
          : (await this.c.m.Enrollment.countDocuments({ courseId: input.courseId, status: 'waiting' }, { session })) + 1;
        const at = now.toISOString();
        const doc: EnrollmentDoc = {
          _id: randomId(),
          seq: await this.c.nextSeq('enrollment_seq', session),
          channel: input.channel,
          userId: input.userId,
          courseId: input.courseId,
          fullName: input.fullName,
          phone: input.phone,
          provinceCode: input.provinceCode,
          ...(input.commune !== undefined ? { commune: input.commune } : {}),
          status,
          ...(waitingPosition !== undefined ? { waitingPosition } : {}),
          createdAt: at,
          updatedAt: at,
        };
        await this.c.m.Enrollment.create([doc], { session });
        if (seated) await this.#recordSeats(input.courseId, enrolled + 1, session);
        const enrollment = toEnrollment(doc);
        if (notices) await this.#writeNotices(notices({ enrollment, counts: await this.#countsOf(input.courseId, session) }), now, session);
        return { enrollment, created: true };
      });
    } catch (err) {
      // A concurrent double-submit won the unique index: answer with the enrolment it created.
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.#findActive(input);
      if (!existing) throw err;
      return { enrollment: toEnrollment(existing), created: false };
    }
  }

  async cancelEnrollment(enrollmentId: string, now: Date, notices?: ChangeNotices): Promise<CancelOutcome> {
    return this.c.atomically(async (session) => {
      const { changed, ...outcome } = await this.#cancelWithin(enrollmentId, now, session);
      if (changed && notices && outcome.cancelled) {
        const counts = await this.#countsOf(outcome.cancelled.courseId, session);
        const change: EnrollmentChange = { enrollment: outcome.cancelled, counts };
        if (outcome.promoted) change.promoted = outcome.promoted;
        await this.#writeNotices(notices(change), now, session);
      }
      return outcome;
    });
  }

  /** The cancellation itself; `changed` is false when there was nothing to cancel (so nothing to announce). */
  async #cancelWithin(enrollmentId: string, now: Date, session: ClientSession): Promise<CancelOutcome & { changed: boolean }> {
    {
      const current = await this.c.m.Enrollment.findById(enrollmentId, null, withSession(session)).lean<EnrollmentDoc>();
      if (!current) return { changed: false };
      if (current.status === 'cancelled') return { cancelled: toEnrollment(current), changed: false };
      await this.#lockCourse(current.courseId, session);
      const at = now.toISOString();
      // Conditional on the status we read, so two concurrent cancels free the seat only once.
      const cancelled = await this.c.m.Enrollment.findOneAndUpdate(
        { _id: enrollmentId, status: current.status },
        { $set: { status: 'cancelled', updatedAt: at } },
        { returnDocument: 'after', ...withSession(session) },
      ).lean<EnrollmentDoc>();
      if (!cancelled) {
        const again = await this.c.m.Enrollment.findById(enrollmentId, null, withSession(session)).lean<EnrollmentDoc>();
        return again ? { cancelled: toEnrollment(again), changed: false } : { changed: false };
      }
      if (current.status !== 'enrolled') return { cancelled: toEnrollment(cancelled), changed: true };

      // The freed seat goes to the first waiting person in this same transaction: no newcomer's
      // enrolment can take it in between (it waits on the course's seat document).
      const capacity = await this.#capacityOf(current.courseId, session);
      const enrolled = await this.#enrolledCount(current.courseId, session);
      const promoted =
        capacity === undefined || enrolled < capacity
          ? await this.c.m.Enrollment.findOneAndUpdate(
              { courseId: current.courseId, status: 'waiting' },
              { $set: { status: 'enrolled', updatedAt: at } },
              { sort: { seq: 1 }, returnDocument: 'after', session },
            ).lean<EnrollmentDoc>()
          : null;
      await this.#recordSeats(current.courseId, enrolled + (promoted ? 1 : 0), session);
      return promoted
        ? { cancelled: toEnrollment(cancelled), promoted: toEnrollment(promoted), changed: true }
        : { cancelled: toEnrollment(cancelled), changed: true };
    }
  }

  async listEnrollments(
    filter: { courseId?: string; user?: UserKey; includeCancelled?: boolean } = {},
  ): Promise<Enrollment[]> {
    const q: Record<string, unknown> = {};
    if (filter.courseId !== undefined) q.courseId = filter.courseId;
    if (filter.user !== undefined) {
      q.channel = filter.user.channel;
      q.userId = filter.user.userId;
    }
    if (!filter.includeCancelled) q.status = { $in: ['enrolled', 'waiting'] };
    const docs = await this.c.m.Enrollment.find(q).sort({ createdAt: 1, seq: 1 }).lean<EnrollmentDoc[]>();
    return docs.map(toEnrollment);
  }

  /** One course's counts, read in the session of the change that needs them. */
  async #countsOf(courseId: string, session: ClientSession | undefined): Promise<CourseCounts> {
    return (await this.courseCounts(courseId, session))[0]!;
  }

  async courseCounts(courseId?: string, session?: ClientSession): Promise<CourseCounts[]> {
    const match: Record<string, unknown> = { status: { $in: ['enrolled', 'waiting'] } };
    if (courseId !== undefined) match.courseId = courseId;
    const groups = await this.c.m.Enrollment.aggregate<{ _id: string; enrolled: number; waiting: number }>([
      { $match: match },
      {
        $group: {
          _id: '$courseId',
          enrolled: { $sum: { $cond: [{ $eq: ['$status', 'enrolled'] }, 1, 0] } },
          waiting: { $sum: { $cond: [{ $eq: ['$status', 'waiting'] }, 1, 0] } },
        },
      },
      { $sort: { _id: 1 } },
    ]).session(session ?? null);
    if (courseId !== undefined && groups.length === 0) groups.push({ _id: courseId, enrolled: 0, waiting: 0 });
    const caps = await this.c.m.Item.find({ _id: { $in: groups.map((g) => g._id) } }, { capacity: 1 }, withSession(session)).lean<
      Array<{ _id: string; capacity?: number }>
    >();
    const capacity = new Map(caps.map((c) => [c._id, c.capacity]));
    return groups.map((g) => {
      const c: CourseCounts = { courseId: g._id, enrolled: g.enrolled, waiting: g.waiting };
      const cap = capacity.get(g._id);
      if (cap != null) c.capacity = cap;
      return c;
    });
  }

  async erasePersonalData(key: UserKey): Promise<number> {
    const res = await this.c.m.Enrollment.updateMany(
      { channel: key.channel, userId: key.userId, $or: [{ fullName: { $ne: ERASED_NAME } }, { phone: { $ne: '' } }] },
      { $set: { fullName: ERASED_NAME, phone: '', updatedAt: new Date().toISOString() } },
    );
    // A half-finished enrolment dialog may hold the name or phone typed so far, and so may the
    // recent conversation the web chat shows again after a reload.
    await this.c.m.Conversation.deleteOne({ channel: key.channel, userId: key.userId });
    await this.c.m.KeyValue.deleteOne({ _id: chatHistoryKey(key) });
    // Written before key-value state had its own collection.
    await this.c.m.Secret.deleteOne({ _id: chatHistoryKey(key) });
    return res.modifiedCount;
  }
}
