/** Announcements: one-off and recurring, deduplicated by key, moved on by compare-and-set. */
import type { ClientSession } from 'mongoose';
import type { AnnouncementStore } from '../ports.js';
import { randomId, stableStringify } from '../shared.js';
import type { Announcement, AnnouncementExpectation, AnnouncementInput, AnnouncementStatus } from '../types.js';
import { isDuplicateKey, withSession, type MongoConnection } from './connection.js';
import type { AnnouncementDoc } from './documents.js';

function toAnnouncement(doc: AnnouncementDoc): Announcement {
  const a: Announcement = { ...(JSON.parse(doc.input) as AnnouncementInput), id: doc._id, status: doc.status, createdAt: doc.createdAt };
  if (doc.nextRunAt != null) a.nextRunAt = doc.nextRunAt;
  return a;
}

/** Inserts an announcement (or finds the one with its dedupe key), in `session` when given. */
export async function insertAnnouncement(
  c: MongoConnection,
  input: AnnouncementInput,
  now: Date,
  session?: ClientSession,
): Promise<{ announcement: Announcement; created: boolean }> {
  const existing = async (): Promise<AnnouncementDoc | null> =>
    input.dedupeKey === undefined
      ? null
      : c.m.Announcement.findOne({ dedupeKey: input.dedupeKey }, null, withSession(session)).lean<AnnouncementDoc>();
  const found = await existing();
  if (found) return { announcement: toAnnouncement(found), created: false };
  const doc: AnnouncementDoc = {
    _id: randomId(),
    seq: await c.nextSeq('announcement_seq', session),
    status: 'scheduled',
    ...(input.dedupeKey !== undefined ? { dedupeKey: input.dedupeKey } : {}),
    input: stableStringify(input),
    createdAt: now.toISOString(),
  };
  try {
    await c.m.Announcement.create([doc], withSession(session));
  } catch (err) {
    // Another process created the same automatic announcement a moment earlier.
    const raced = isDuplicateKey(err) ? await existing() : null;
    if (raced) return { announcement: toAnnouncement(raced), created: false };
    throw err;
  }
  return { announcement: toAnnouncement(doc), created: true };
}

export class MongoAnnouncements implements AnnouncementStore {
  constructor(private readonly c: MongoConnection) {}

  async createAnnouncement(input: AnnouncementInput, now: Date): Promise<{ announcement: Announcement; created: boolean }> {
    return insertAnnouncement(this.c, input, now);
  }

  async getAnnouncement(id: string): Promise<Announcement | undefined> {
    const doc = await this.c.m.Announcement.findById(id).lean<AnnouncementDoc>();
    return doc ? toAnnouncement(doc) : undefined;
  }

  async listAnnouncements(filter: { status?: AnnouncementStatus } = {}): Promise<Announcement[]> {
    const q = filter.status !== undefined ? { status: filter.status } : {};
    return (await this.c.m.Announcement.find(q).sort({ seq: 1 }).lean<AnnouncementDoc[]>()).map(toAnnouncement);
  }

  async updateAnnouncement(
    id: string,
    patch: Partial<Pick<Announcement, 'status' | 'nextRunAt'>>,
    expected: AnnouncementExpectation = {},
  ): Promise<boolean> {
    // The condition is part of the filter of one updateOne, which is atomic on its document.
    const filter: Record<string, unknown> = { _id: id };
    if (expected.status) filter.status = { $in: expected.status };
    // `null` matches a missing field too, which is how an unset nextRunAt is stored.
    if ('nextRunAt' in expected) filter.nextRunAt = expected.nextRunAt ?? null;
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, 1> = {};
    if (patch.status !== undefined) $set.status = patch.status;
    if ('nextRunAt' in patch) {
      if (patch.nextRunAt === undefined) $unset.nextRunAt = 1;
      else $set.nextRunAt = patch.nextRunAt;
    }
    const update: Record<string, unknown> = {};
    if (Object.keys($set).length) update.$set = $set;
    if (Object.keys($unset).length) update.$unset = $unset;
    // Mongoose skips an empty update, so a bare check is a read.
    if (!Object.keys(update).length) return (await this.c.m.Announcement.exists(filter)) !== null;
    return (await this.c.m.Announcement.updateOne(filter, update)).matchedCount === 1;
  }
}
