/**
 * The MongoDB store (mongoose), for installs that already run MongoDB. Same contract as the
 * embedded store (test/store/contract.test.ts runs against it when MONGODB_URI is set).
 *
 * Atomicity: single-document operations are atomic everywhere, so claims, leases and processed
 * keys are conditional single-document updates. Multi-document changes (enrolment, cancellation +
 * promotion) run in transactions, so the store opens only on a replica set or sharded cluster: a
 * standalone mongod is refused (mongo-connect.ts). Imports are staged and committed in one small
 * transaction, whatever their size (mongo-import.ts).
 */
import mongoose, { Schema, type ClientSession, type Connection, type Model } from 'mongoose';
import { StoreOpenError } from './errors.js';
import {
  closeQuietly,
  connectWithRetry,
  mongoHost,
  reconcileIndexes,
  requireReplicaSet,
  scrub,
  type MongoStoreOptions,
} from './mongo-connect.js';
import type { ContentItem, StoredItem } from '../content/model.js';
import {
  MongoItemImporter,
  chunks,
  type CounterDoc,
  type ImportMarkerDoc,
  type ItemDoc,
  type StagedItemDoc,
} from './mongo-import.js';
import { ERASED_NAME, STREAM_BATCH, chatHistoryKey, randomId, stableStringify, toMs } from './shared.js';
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

import { MongoConsoleStore } from './console-mongo.js';

export { mongoHost, type MongoStoreOptions, type StoreLog } from './mongo-connect.js';

// ---------- documents ----------

interface UserDoc {
  channel: string;
  userId: string;
  active: boolean;
  inactiveReason?: string;
  lastSeenAt?: string;
  lastSendError?: string;
  firstSeenAt: string;
}
interface ConversationDoc {
  channel: string;
  userId: string;
  /** JSON text: dialog state may hold keys Mongo would not accept (dots, $) and must come back as written. */
  state: string;
  updatedAt: string;
}
interface ProcessedDoc {
  scope: string;
  key: string;
  expiresAt: Date;
}
interface LeaseDoc {
  _id: string;
  owner: string;
  until: Date;
}
interface SecretDoc {
  _id: string;
  value: string;
  updatedAt: string;
}
interface EnrollmentDoc {
  _id: string;
  seq: number;
  channel: string;
  userId: string;
  courseId: string;
  fullName: string;
  phone: string;
  provinceCode: string;
  commune?: string;
  status: EnrollmentStatus;
  waitingPosition?: number;
  createdAt: string;
  updatedAt: string;
}
/**
 * One per course: every enrolment and cancellation on the course writes it first, which serialises
 * them (see lockCourse). `enrolled` is a copy of the count of enrolled rows, rewritten each time.
 */
interface SeatDoc {
  _id: string;
  enrolled: number;
  writes?: number;
}
interface OfficerDoc {
  channel: string;
  userId: string;
  provinceCodes: string[];
  name?: string;
}
interface SubscriptionDoc {
  channel: string;
  userId: string;
  topic: string;
  provinceCode: string;
  createdAt: string;
}
interface AnnouncementDoc {
  _id: string;
  seq: number;
  status: AnnouncementStatus;
  dedupeKey?: string;
  /** The AnnouncementInput as JSON, so it reads back exactly as written. */
  input: string;
  createdAt: string;
  nextRunAt?: string;
}
interface DeliveryDoc {
  _id: mongoose.Types.ObjectId;
  announcementId: string;
  occurrence: string;
  channel: string;
  userId: string;
  state: DeliveryState;
  attempts: number;
  notBefore: Date;
  claimedBy?: string;
  claimedUntil?: Date;
  startedAt?: Date;
  error?: string;
  sentAt?: string;
}

const opts = { versionKey: false, strict: true } as const;

/** The mongoose schemas with their indexes; exported so tests can check them without a server. */
export function buildMongoSchemas() {
  const item = new Schema<ItemDoc>(
    {
      _id: { type: String, required: true },
      kind: { type: String, required: true },
      provinceCode: String,
      capacity: Number,
      rev: { type: Number, required: true },
      hash: { type: String, required: true },
      data: { type: Schema.Types.Mixed, required: true },
      importedAt: { type: String, required: true },
    },
    { ...opts, collection: 'items', minimize: false },
  );
  item.index({ rev: 1, _id: 1 });
  item.index({ kind: 1, provinceCode: 1 });
  item.index({ provinceCode: 1 });

  // An import in progress (see mongo-import.ts) and the items it has staged.
  const importMarker = new Schema<ImportMarkerDoc>(
    {
      _id: { type: String, required: true },
      state: { type: String, required: true, enum: ['staging', 'committed'] },
      rev: Number,
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { ...opts, collection: 'item_imports' },
  );
  importMarker.index({ state: 1, rev: 1 });
  const stagedItem = new Schema<StagedItemDoc>(
    {
      _id: { type: String, required: true },
      importId: { type: String, required: true },
      item: { type: Schema.Types.Mixed, required: true },
    },
    { ...opts, collection: 'item_staging', minimize: false },
  );
  stagedItem.index({ importId: 1, _id: 1 });

  const counter = new Schema<CounterDoc>(
    { _id: { type: String, required: true }, value: { type: Number, required: true } },
    { ...opts, collection: 'counters' },
  );

  const user = new Schema<UserDoc>(
    {
      channel: { type: String, required: true },
      userId: { type: String, required: true },
      active: { type: Boolean, required: true },
      inactiveReason: String,
      lastSeenAt: String,
      lastSendError: String,
      firstSeenAt: { type: String, required: true },
    },
    { ...opts, collection: 'users' },
  );
  user.index({ channel: 1, userId: 1 }, { unique: true });

  const conversation = new Schema<ConversationDoc>(
    {
      channel: { type: String, required: true },
      userId: { type: String, required: true },
      state: { type: String, required: true },
      updatedAt: { type: String, required: true },
    },
    { ...opts, collection: 'conversations' },
  );
  conversation.index({ channel: 1, userId: 1 }, { unique: true });

  const processed = new Schema<ProcessedDoc>(
    {
      scope: { type: String, required: true },
      key: { type: String, required: true },
      expiresAt: { type: Date, required: true },
    },
    { ...opts, collection: 'processed' },
  );
  processed.index({ scope: 1, key: 1 }, { unique: true });
  // Mongo's TTL monitor sweeps expired keys (about once a minute); markProcessed does not rely on it.
  processed.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

  const lease = new Schema<LeaseDoc>(
    { _id: { type: String, required: true }, owner: { type: String, required: true }, until: { type: Date, required: true } },
    { ...opts, collection: 'leases' },
  );

  const secret = new Schema<SecretDoc>(
    { _id: { type: String, required: true }, value: { type: String, required: true }, updatedAt: { type: String, required: true } },
    { ...opts, collection: 'secrets' },
  );

  const enrollment = new Schema<EnrollmentDoc>(
    {
      _id: { type: String, required: true },
      seq: { type: Number, required: true },
      channel: { type: String, required: true },
      userId: { type: String, required: true },
      courseId: { type: String, required: true },
      // Not `required`: an erased phone is the empty string, which mongoose's required rejects.
      fullName: { type: String, default: '' },
      phone: { type: String, default: '' },
      provinceCode: { type: String, required: true },
      commune: String,
      status: { type: String, required: true, enum: ['enrolled', 'waiting', 'cancelled'] },
      waitingPosition: Number,
      createdAt: { type: String, required: true },
      updatedAt: { type: String, required: true },
    },
    { ...opts, collection: 'enrollments' },
  );
  // One active enrolment per person and course ($in in a partial filter needs MongoDB 6.0+).
  enrollment.index(
    { channel: 1, userId: 1, courseId: 1 },
    { unique: true, partialFilterExpression: { status: { $in: ['enrolled', 'waiting'] } }, name: 'active_enrollment' },
  );
  enrollment.index({ courseId: 1, status: 1, seq: 1 });
  enrollment.index({ channel: 1, userId: 1, seq: 1 });

  const seat = new Schema<SeatDoc>(
    { _id: { type: String, required: true }, enrolled: { type: Number, required: true }, writes: { type: Number, default: 0 } },
    { ...opts, collection: 'course_seats' },
  );

  const officer = new Schema<OfficerDoc>(
    {
      channel: { type: String, required: true },
      userId: { type: String, required: true },
      provinceCodes: { type: [String], default: [] },
      name: String,
    },
    { ...opts, collection: 'officers' },
  );
  officer.index({ channel: 1, userId: 1 }, { unique: true });

  const subscription = new Schema<SubscriptionDoc>(
    {
      channel: { type: String, required: true },
      userId: { type: String, required: true },
      topic: { type: String, required: true },
      provinceCode: { type: String, required: true },
      createdAt: { type: String, required: true },
    },
    { ...opts, collection: 'subscriptions' },
  );
  subscription.index({ channel: 1, userId: 1, topic: 1, provinceCode: 1 }, { unique: true });
  subscription.index({ topic: 1, provinceCode: 1 });

  const announcement = new Schema<AnnouncementDoc>(
    {
      _id: { type: String, required: true },
      seq: { type: Number, required: true },
      status: { type: String, required: true },
      dedupeKey: String,
      input: { type: String, required: true },
      createdAt: { type: String, required: true },
      nextRunAt: String,
    },
    { ...opts, collection: 'announcements' },
  );
  announcement.index({ dedupeKey: 1 }, { unique: true, partialFilterExpression: { dedupeKey: { $type: 'string' } } });
  announcement.index({ status: 1, seq: 1 });

  const delivery = new Schema<DeliveryDoc>(
    {
      announcementId: { type: String, required: true },
      occurrence: { type: String, default: '' },
      channel: { type: String, required: true },
      userId: { type: String, required: true },
      state: { type: String, required: true },
      attempts: { type: Number, required: true },
      notBefore: { type: Date, required: true },
      claimedBy: String,
      claimedUntil: Date,
      startedAt: Date,
      error: String,
      sentAt: String,
    },
    { ...opts, collection: 'deliveries' },
  );
  delivery.index({ announcementId: 1, occurrence: 1, channel: 1, userId: 1 }, { unique: true });
  // Claims take due rows in (notBefore, _id) order: with _id in the index the sort is the index's
  // order, so each claim reads one entry instead of sorting the whole due backlog.
  delivery.index({ state: 1, notBefore: 1, _id: 1 });
  // Channel workers claim only their channel; lets the planner seek instead of filtering the backlog.
  delivery.index({ state: 1, channel: 1, notBefore: 1, _id: 1 });
  delivery.index({ state: 1, claimedUntil: 1 });
  // "Is this broadcast finished?" without reading its settled deliveries.
  delivery.index({ announcementId: 1, state: 1 });

  return { item, importMarker, stagedItem, counter, user, conversation, processed, lease, secret, enrollment, seat, officer, subscription, announcement, delivery };
}

interface Models {
  Item: Model<ItemDoc>;
  ImportMarker: Model<ImportMarkerDoc>;
  StagedItem: Model<StagedItemDoc>;
  Counter: Model<CounterDoc>;
  User: Model<UserDoc>;
  Conversation: Model<ConversationDoc>;
  Processed: Model<ProcessedDoc>;
  Lease: Model<LeaseDoc>;
  Secret: Model<SecretDoc>;
  Enrollment: Model<EnrollmentDoc>;
  Seat: Model<SeatDoc>;
  Officer: Model<OfficerDoc>;
  Subscription: Model<SubscriptionDoc>;
  Announcement: Model<AnnouncementDoc>;
  Delivery: Model<DeliveryDoc>;
}

function compile(conn: Connection): Models {
  const s = buildMongoSchemas();
  return {
    Item: conn.model<ItemDoc>('Item', s.item),
    ImportMarker: conn.model<ImportMarkerDoc>('ImportMarker', s.importMarker),
    StagedItem: conn.model<StagedItemDoc>('StagedItem', s.stagedItem),
    Counter: conn.model<CounterDoc>('Counter', s.counter),
    User: conn.model<UserDoc>('User', s.user),
    Conversation: conn.model<ConversationDoc>('Conversation', s.conversation),
    Processed: conn.model<ProcessedDoc>('Processed', s.processed),
    Lease: conn.model<LeaseDoc>('Lease', s.lease),
    Secret: conn.model<SecretDoc>('Secret', s.secret),
    Enrollment: conn.model<EnrollmentDoc>('Enrollment', s.enrollment),
    Seat: conn.model<SeatDoc>('Seat', s.seat),
    Officer: conn.model<OfficerDoc>('Officer', s.officer),
    Subscription: conn.model<SubscriptionDoc>('Subscription', s.subscription),
    Announcement: conn.model<AnnouncementDoc>('Announcement', s.announcement),
    Delivery: conn.model<DeliveryDoc>('Delivery', s.delivery),
  };
}

// ---------- opening ----------

export async function openMongoStore(uri: string, options: MongoStoreOptions = {}): Promise<Store> {
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
    options.log?.info(`MongoDB at ${host}: ${topology}`);
    return new MongoStore(conn, models, host, topology, importer);
  } catch (err) {
    await closeQuietly(conn).catch(() => {});
    throw new StoreOpenError(`MongoDB at ${host}: ${scrub((err as Error).message, uri)}`);
  }
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

// ---------- mapping ----------

function toStoredItem(doc: ItemDoc): StoredItem {
  const stored: StoredItem = { ...doc.data, rev: doc.rev, importedAt: doc.importedAt };
  if (doc.provinceCode !== undefined && doc.provinceCode !== null) stored.provinceCode = doc.provinceCode;
  return stored;
}

function toUser(doc: UserDoc): UserRecord {
  const u: UserRecord = { channel: doc.channel as ChannelName, userId: doc.userId, active: doc.active, firstSeenAt: doc.firstSeenAt };
  if (doc.inactiveReason != null) u.inactiveReason = doc.inactiveReason;
  if (doc.lastSeenAt != null) u.lastSeenAt = doc.lastSeenAt;
  if (doc.lastSendError != null) u.lastSendError = doc.lastSendError;
  return u;
}

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

function toAnnouncement(doc: AnnouncementDoc): Announcement {
  const a: Announcement = { ...(JSON.parse(doc.input) as AnnouncementInput), id: doc._id, status: doc.status, createdAt: doc.createdAt };
  if (doc.nextRunAt != null) a.nextRunAt = doc.nextRunAt;
  return a;
}

function toDelivery(doc: DeliveryDoc): Delivery {
  const d: Delivery = {
    id: String(doc._id),
    announcementId: doc.announcementId,
    occurrence: doc.occurrence,
    channel: doc.channel as ChannelName,
    userId: doc.userId,
    state: doc.state,
    attempts: doc.attempts,
    notBefore: doc.notBefore.toISOString(),
  };
  if (doc.claimedBy != null) d.claimedBy = doc.claimedBy;
  if (doc.claimedUntil != null) d.claimedUntil = doc.claimedUntil.toISOString();
  if (doc.startedAt != null) d.startedAt = doc.startedAt.toISOString();
  if (doc.error != null) d.error = doc.error;
  if (doc.sentAt != null) d.sentAt = doc.sentAt;
  return d;
}

/** `{ session }` when there is one: every call inside a transaction must carry it. */
const withSession = (session: ClientSession | undefined): { session?: ClientSession } => (session ? { session } : {});

const WRITE_CHUNK = 1000;


// ---------- the store ----------

class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  readonly console: MongoConsoleStore;

  constructor(
    private readonly conn: Connection,
    private readonly m: Models,
    private readonly host: string,
    /** "replica set rs0, transactions on", for /healthz. */
    private readonly topology: string,
    private readonly importer: MongoItemImporter,
  ) {
    this.console = new MongoConsoleStore(conn);
  }

  /**
   * Runs `fn` in a transaction (the store opens only on a replica set or sharded cluster, so there
   * always is one). mongoose retries it on transient write conflicts, so `fn` must be safe to run again.
   */
  private async atomically<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.conn.transaction((session) => fn(session));
  }

  private async nextSeq(name: string, session?: ClientSession): Promise<number> {
    const doc = await this.m.Counter.findOneAndUpdate(
      { _id: name },
      { $inc: { value: 1 } },
      { upsert: true, returnDocument: 'after', ...withSession(session) },
    ).lean<CounterDoc>();
    return doc!.value;
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      await this.conn.db!.admin().ping();
      const n = await this.m.Item.estimatedDocumentCount();
      return { ok: true, detail: `mongodb ${this.host}/${this.conn.name} (${this.topology}), ${n} items` };
    } catch (err) {
      return { ok: false, detail: `mongodb ${this.host}: ${(err as Error).name}` };
    }
  }

  async close(): Promise<void> {
    await closeQuietly(this.conn);
  }

  // ---- content ----

  async importItems(
    items: ContentItem[],
    provinceCodeOf: (item: ContentItem) => string | undefined,
    options?: ImportOptions,
  ): Promise<ImportResult> {
    // Staged, committed in one small transaction, then applied and published: mongo-import.ts.
    return this.importer.importItems(items, provinceCodeOf, options);
  }

  async getItem(id: string): Promise<StoredItem | undefined> {
    const doc = await this.m.Item.findById(id).lean<ItemDoc>();
    return doc ? toStoredItem(doc) : undefined;
  }

  async getItems(ids: string[]): Promise<StoredItem[]> {
    if (ids.length === 0) return [];
    const docs = await this.m.Item.find({ _id: { $in: ids } }).lean<ItemDoc[]>();
    const byId = new Map(docs.map((d) => [d._id, d]));
    const out: StoredItem[] = [];
    for (const id of new Set(ids)) {
      const d = byId.get(id);
      if (d) out.push(toStoredItem(d));
    }
    return out;
  }

  async listItems(filter: ContentFilter = {}): Promise<StoredItem[]> {
    const q: Record<string, unknown> = {};
    if (filter.kind !== undefined) q.kind = filter.kind;
    if (filter.provinceCode !== undefined) q.provinceCode = filter.provinceCode;
    if (filter.ids !== undefined) q._id = { $in: filter.ids };
    if (filter.sinceRev !== undefined) q.rev = { $gt: filter.sinceRev };
    let query = this.m.Item.find(q).sort({ rev: 1, _id: 1 });
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return (await query.lean<ItemDoc[]>()).map(toStoredItem);
  }

  async *iterateItems(sinceRev = 0): AsyncGenerator<StoredItem> {
    // Items of an import being applied already sit in `items` above the published revision: a reader
    // that took them and moved its revision past them would never see the rest of that import.
    const untilRev = await this.contentRevision();
    // Keyset pages rather than one cursor: a consumer slower than the server's idle-cursor timeout is fine.
    let last: { rev: number; id: string } | undefined;
    for (;;) {
      const q: Record<string, unknown> = { rev: { $gt: sinceRev, $lte: untilRev } };
      if (last) q.$or = [{ rev: { $gt: last.rev } }, { rev: last.rev, _id: { $gt: last.id } }];
      const docs = await this.m.Item.find(q).sort({ rev: 1, _id: 1 }).limit(STREAM_BATCH).lean<ItemDoc[]>();
      for (const d of docs) yield toStoredItem(d);
      const tail = docs.at(-1);
      if (!tail || docs.length < STREAM_BATCH) return;
      last = { rev: tail.rev, id: tail._id };
    }
  }

  async countItems(): Promise<number> {
    return this.m.Item.countDocuments();
  }

  async contentRevision(): Promise<number> {
    return this.importer.publishedRevision();
  }

  // ---- users and conversation state ----

  async touchUser(key: UserKey, now: Date): Promise<UserRecord> {
    const at = now.toISOString();
    const doc = await this.m.User.findOneAndUpdate(
      { channel: key.channel, userId: key.userId },
      { $set: { lastSeenAt: at }, $setOnInsert: { active: true, firstSeenAt: at } },
      { upsert: true, returnDocument: 'after' },
    ).lean<UserDoc>();
    return toUser(doc!);
  }

  async getUser(key: UserKey): Promise<UserRecord | undefined> {
    const doc = await this.m.User.findOne({ channel: key.channel, userId: key.userId }).lean<UserDoc>();
    return doc ? toUser(doc) : undefined;
  }

  async setUserActive(key: UserKey, active: boolean, reason?: string): Promise<void> {
    const update =
      active || reason === undefined
        ? { $set: { active }, $unset: { inactiveReason: 1 as const }, $setOnInsert: { firstSeenAt: new Date().toISOString() } }
        : { $set: { active, inactiveReason: reason }, $setOnInsert: { firstSeenAt: new Date().toISOString() } };
    await this.m.User.updateOne({ channel: key.channel, userId: key.userId }, update, { upsert: true });
  }

  async setUserSendError(key: UserKey, error: string | undefined): Promise<void> {
    const update =
      error === undefined
        ? { $unset: { lastSendError: 1 as const }, $setOnInsert: { active: true, firstSeenAt: new Date().toISOString() } }
        : { $set: { lastSendError: error }, $setOnInsert: { active: true, firstSeenAt: new Date().toISOString() } };
    await this.m.User.updateOne({ channel: key.channel, userId: key.userId }, update, { upsert: true });
  }

  async getConversation<T = unknown>(key: UserKey): Promise<T | undefined> {
    const doc = await this.m.Conversation.findOne({ channel: key.channel, userId: key.userId }).lean<ConversationDoc>();
    return doc ? (JSON.parse(doc.state) as T) : undefined;
  }

  async setConversation<T = unknown>(key: UserKey, state: T | undefined): Promise<void> {
    const filter = { channel: key.channel, userId: key.userId };
    if (state === undefined) {
      await this.m.Conversation.deleteOne(filter);
      return;
    }
    await this.m.Conversation.updateOne(
      filter,
      { $set: { state: JSON.stringify(state), updatedAt: new Date().toISOString() } },
      { upsert: true },
    );
  }

  // ---- exactly-once helpers ----

  async markProcessed(scope: string, key: string, ttlMs: number): Promise<boolean> {
    // A retryable write (retryWrites, on a replica set): if the reply to an applied mark is lost,
    // the driver's retry gets the original answer back instead of "already seen", so an update is
    // never dropped as a duplicate of itself.
    const now = new Date();
    try {
      // Matches only an expired record; a live one makes the upsert try to insert and hit the unique index.
      const res = await this.m.Processed.updateOne(
        { scope, key, expiresAt: { $lte: now } },
        { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return res.upsertedCount + res.modifiedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      await this.m.Lease.updateOne(
        { _id: name, $or: [{ owner }, { until: { $lte: now } }] },
        { $set: { owner, until: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      // Held by someone else and not expired: the upsert collided with their lease document.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.m.Lease.deleteOne({ _id: name, owner });
  }

  async getSecret(name: string): Promise<string | undefined> {
    const doc = await this.m.Secret.findById(name).lean<SecretDoc>();
    return doc?.value;
  }

  async setSecret(name: string, value: string): Promise<void> {
    await this.m.Secret.updateOne({ _id: name }, { $set: { value, updatedAt: new Date().toISOString() } }, { upsert: true });
  }

  // ---- enrolments ----

  private async capacityOf(courseId: string, session?: ClientSession): Promise<number | undefined> {
    const doc = await this.m.Item.findById(courseId, { capacity: 1 }, withSession(session)).lean<{ capacity?: number }>();
    // No item or no capacity: unlimited, as in the embedded store (never refuse a person's request).
    return doc?.capacity ?? undefined;
  }

  /**
   * Creates the course's seat document if missing. Outside any transaction on purpose: inside one,
   * the duplicate-key error of two concurrent first enrolments would abort the whole transaction.
   */
  private async ensureSeatDoc(courseId: string): Promise<void> {
    await this.m.Seat.updateOne({ _id: courseId }, { $setOnInsert: { enrolled: 0 } }, { upsert: true }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err; // a concurrent first enrolment created it
    });
  }

  /**
   * Serialises every seat decision on one course: the first write of each enrolment or cancellation
   * transaction goes to the course's seat document, so two of them on the same course write-conflict
   * and one is retried after the other commits. The counts read after it are then exact, and so are
   * waiting positions (two concurrent waiting enrolments can no longer both be "1").
   */
  private async lockCourse(courseId: string, session: ClientSession): Promise<void> {
    await this.m.Seat.updateOne({ _id: courseId }, { $inc: { writes: 1 } }, { session });
  }

  /**
   * Seats taken, counted from the enrolment rows rather than kept in a counter beside them: nothing
   * can leave the two disagreeing. The seat document keeps a copy for people reading the database.
   */
  private async enrolledCount(courseId: string, session: ClientSession): Promise<number> {
    return this.m.Enrollment.countDocuments({ courseId, status: 'enrolled' }, { session });
  }

  private async recordSeats(courseId: string, enrolled: number, session: ClientSession): Promise<void> {
    await this.m.Seat.updateOne({ _id: courseId }, { $set: { enrolled } }, { session });
  }

  private findActive(input: UserKey & { courseId: string }, session?: ClientSession) {
    return this.m.Enrollment.findOne(
      { channel: input.channel, userId: input.userId, courseId: input.courseId, status: { $in: ['enrolled', 'waiting'] } },
      null,
      withSession(session),
    ).lean<EnrollmentDoc>();
  }

  async enroll(input: EnrollmentInput, now: Date, notices?: ChangeNotices): Promise<EnrollOutcome> {
    await this.ensureSeatDoc(input.courseId);
    try {
      // Seat, row and notices in one transaction: a crash keeps all of them or none.
      return await this.atomically(async (session) => {
        await this.lockCourse(input.courseId, session);
        const existing = await this.findActive(input, session);
        if (existing) return { enrollment: toEnrollment(existing), created: false };
        // One person rotating ids must not take several seats: one active enrolment per phone and course.
        const samePhone = input.phone
          ? await this.m.Enrollment.findOne(
              { courseId: input.courseId, phone: input.phone, status: { $in: ['enrolled', 'waiting'] } },
              null,
              withSession(session),
            ).lean<EnrollmentDoc>()
          : null;
        if (samePhone) return { enrollment: toEnrollment(samePhone), created: false, phoneTaken: true };
        const capacity = await this.capacityOf(input.courseId, session);
        const enrolled = await this.enrolledCount(input.courseId, session);
        const seated = capacity === undefined || enrolled < capacity;
        const status: EnrollmentStatus = seated ? 'enrolled' : 'waiting';
        const waitingPosition = seated
          ? undefined
          : (await this.m.Enrollment.countDocuments({ courseId: input.courseId, status: 'waiting' }, { session })) + 1;
        const at = now.toISOString();
        const doc: EnrollmentDoc = {
          _id: randomId(),
          seq: await this.nextSeq('enrollment_seq', session),
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
        await this.m.Enrollment.create([doc], { session });
        if (seated) await this.recordSeats(input.courseId, enrolled + 1, session);
        const enrollment = toEnrollment(doc);
        if (notices) await this.writeNotices(notices({ enrollment, counts: await this.countsOf(input.courseId, session) }), now, session);
        return { enrollment, created: true };
      });
    } catch (err) {
      // A concurrent double-submit won the unique index: answer with the enrolment it created.
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findActive(input);
      if (!existing) throw err;
      return { enrollment: toEnrollment(existing), created: false };
    }
  }

  async cancelEnrollment(enrollmentId: string, now: Date, notices?: ChangeNotices): Promise<CancelOutcome> {
    return this.atomically(async (session) => {
      const { changed, ...outcome } = await this.cancelWithin(enrollmentId, now, session);
      if (changed && notices && outcome.cancelled) {
        const counts = await this.countsOf(outcome.cancelled.courseId, session);
        const change: EnrollmentChange = { enrollment: outcome.cancelled, counts };
        if (outcome.promoted) change.promoted = outcome.promoted;
        await this.writeNotices(notices(change), now, session);
      }
      return outcome;
    });
  }

  /** The cancellation itself; `changed` is false when there was nothing to cancel (so nothing to announce). */
  private async cancelWithin(enrollmentId: string, now: Date, session: ClientSession): Promise<CancelOutcome & { changed: boolean }> {
    {
      const current = await this.m.Enrollment.findById(enrollmentId, null, withSession(session)).lean<EnrollmentDoc>();
      if (!current) return { changed: false };
      if (current.status === 'cancelled') return { cancelled: toEnrollment(current), changed: false };
      await this.lockCourse(current.courseId, session);
      const at = now.toISOString();
      // Conditional on the status we read, so two concurrent cancels free the seat only once.
      const cancelled = await this.m.Enrollment.findOneAndUpdate(
        { _id: enrollmentId, status: current.status },
        { $set: { status: 'cancelled', updatedAt: at } },
        { returnDocument: 'after', ...withSession(session) },
      ).lean<EnrollmentDoc>();
      if (!cancelled) {
        const again = await this.m.Enrollment.findById(enrollmentId, null, withSession(session)).lean<EnrollmentDoc>();
        return again ? { cancelled: toEnrollment(again), changed: false } : { changed: false };
      }
      if (current.status !== 'enrolled') return { cancelled: toEnrollment(cancelled), changed: true };

      // The freed seat goes to the first waiting person in this same transaction: no newcomer's
      // enrolment can take it in between (it waits on the course's seat document).
      const capacity = await this.capacityOf(current.courseId, session);
      const enrolled = await this.enrolledCount(current.courseId, session);
      const promoted =
        capacity === undefined || enrolled < capacity
          ? await this.m.Enrollment.findOneAndUpdate(
              { courseId: current.courseId, status: 'waiting' },
              { $set: { status: 'enrolled', updatedAt: at } },
              { sort: { seq: 1 }, returnDocument: 'after', session },
            ).lean<EnrollmentDoc>()
          : null;
      await this.recordSeats(current.courseId, enrolled + (promoted ? 1 : 0), session);
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
    const docs = await this.m.Enrollment.find(q).sort({ createdAt: 1, seq: 1 }).lean<EnrollmentDoc[]>();
    return docs.map(toEnrollment);
  }

  /** One course's counts, read in the session of the change that needs them. */
  private async countsOf(courseId: string, session: ClientSession | undefined): Promise<CourseCounts> {
    return (await this.courseCounts(courseId, session))[0]!;
  }

  async courseCounts(courseId?: string, session?: ClientSession): Promise<CourseCounts[]> {
    const match: Record<string, unknown> = { status: { $in: ['enrolled', 'waiting'] } };
    if (courseId !== undefined) match.courseId = courseId;
    const groups = await this.m.Enrollment.aggregate<{ _id: string; enrolled: number; waiting: number }>([
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
    const caps = await this.m.Item.find({ _id: { $in: groups.map((g) => g._id) } }, { capacity: 1 }, withSession(session)).lean<
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
    const res = await this.m.Enrollment.updateMany(
      { channel: key.channel, userId: key.userId, $or: [{ fullName: { $ne: ERASED_NAME } }, { phone: { $ne: '' } }] },
      { $set: { fullName: ERASED_NAME, phone: '', updatedAt: new Date().toISOString() } },
    );
    // A half-finished enrolment dialog may hold the name or phone typed so far, and so may the
    // recent conversation the web chat shows again after a reload.
    await this.m.Conversation.deleteOne({ channel: key.channel, userId: key.userId });
    await this.m.Secret.deleteOne({ _id: chatHistoryKey(key) });
    return res.modifiedCount;
  }

  // ---- officers ----

  async listOfficers(): Promise<OfficerRecord[]> {
    const docs = await this.m.Officer.find().sort({ channel: 1, userId: 1 }).lean<OfficerDoc[]>();
    return docs.map((d) => {
      const o: OfficerRecord = { channel: d.channel as ChannelName, userId: d.userId, provinceCodes: [...d.provinceCodes] };
      if (d.name != null) o.name = d.name;
      return o;
    });
  }

  async upsertOfficer(officer: OfficerRecord): Promise<void> {
    const update =
      officer.name === undefined
        ? { $set: { provinceCodes: officer.provinceCodes }, $unset: { name: 1 as const } }
        : { $set: { provinceCodes: officer.provinceCodes, name: officer.name } };
    await this.m.Officer.updateOne({ channel: officer.channel, userId: officer.userId }, update, { upsert: true });
  }

  // ---- subscriptions ----

  async subscribe(sub: Omit<Subscription, 'createdAt'>, now: Date): Promise<boolean> {
    const at = now.toISOString();
    // findSubscribers only yields known active users; make sure this one is known.
    await this.m.User.updateOne(
      { channel: sub.channel, userId: sub.userId },
      { $setOnInsert: { active: true, firstSeenAt: at } },
      { upsert: true },
    ).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
    try {
      const res = await this.m.Subscription.updateOne(
        { channel: sub.channel, userId: sub.userId, topic: sub.topic, provinceCode: sub.provinceCode },
        { $setOnInsert: { createdAt: at } },
        { upsert: true },
      );
      return res.upsertedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async unsubscribe(key: UserKey, topic?: Topic, provinceCode?: string): Promise<number> {
    const q: Record<string, unknown> = { channel: key.channel, userId: key.userId };
    if (topic !== undefined) q.topic = topic;
    if (provinceCode !== undefined) q.provinceCode = provinceCode;
    return (await this.m.Subscription.deleteMany(q)).deletedCount;
  }

  async listSubscriptions(key: UserKey): Promise<Subscription[]> {
    const docs = await this.m.Subscription.find({ channel: key.channel, userId: key.userId })
      .sort({ createdAt: 1, topic: 1, provinceCode: 1 })
      .lean<SubscriptionDoc[]>();
    return docs.map((d) => ({
      channel: d.channel as ChannelName,
      userId: d.userId,
      topic: d.topic as Topic,
      provinceCode: d.provinceCode,
      createdAt: d.createdAt,
    }));
  }

  async *findSubscribers(q: { topics: Topic[]; provinceCodes: string[]; channels: ChannelName[] }): AsyncGenerator<UserKey> {
    // No topic means no audience, as in the embedded store.
    if (q.topics.length === 0) return;
    const base: Record<string, unknown>[] = [{ topic: { $in: q.topics } }];
    if (q.provinceCodes.length) base.push({ provinceCode: { $in: [...q.provinceCodes, '*'] } });
    if (q.channels.length) base.push({ channel: { $in: q.channels } });
    // Pages ordered by (channel, userId); the next page starts after the last user seen, whose
    // other subscriptions no longer matter since that user was already taken.
    let last: { channel: string; userId: string } | undefined;
    for (;;) {
      const and = [...base];
      if (last) and.push({ $or: [{ channel: { $gt: last.channel } }, { channel: last.channel, userId: { $gt: last.userId } }] });
      const subs = await this.m.Subscription.find({ $and: and }, { channel: 1, userId: 1, _id: 0 })
        .sort({ channel: 1, userId: 1 })
        .limit(STREAM_BATCH)
        .lean<Array<{ channel: string; userId: string }>>();
      if (subs.length === 0) return;
      const page = new Map<string, string[]>();
      let prev = '';
      for (const s of subs) {
        const k = `${s.channel}\u0000${s.userId}`;
        if (k === prev) continue;
        prev = k;
        const list = page.get(s.channel) ?? [];
        list.push(s.userId);
        page.set(s.channel, list);
      }
      for (const [channel, userIds] of page) {
        const active = await this.m.User.find({ channel, userId: { $in: userIds }, active: true }, { userId: 1, _id: 0 }).lean<
          Array<{ userId: string }>
        >();
        const ok = new Set(active.map((u) => u.userId));
        for (const userId of userIds) if (ok.has(userId)) yield { channel: channel as ChannelName, userId };
      }
      const tail = subs.at(-1)!;
      if (subs.length < STREAM_BATCH) return;
      last = { channel: tail.channel, userId: tail.userId };
    }
  }

  // ---- announcements and the outbox ----

  /** Notices of an enrolment change, in the change's session (see ChangeNotices). */
  private async writeNotices(inputs: AnnouncementInput[], now: Date, session: ClientSession | undefined): Promise<void> {
    for (const input of inputs) await this.createAnnouncement(input, now, session);
  }

  async createAnnouncement(
    input: AnnouncementInput,
    now: Date,
    session?: ClientSession,
  ): Promise<{ announcement: Announcement; created: boolean }> {
    const existing = async (): Promise<AnnouncementDoc | null> =>
      input.dedupeKey === undefined
        ? null
        : this.m.Announcement.findOne({ dedupeKey: input.dedupeKey }, null, withSession(session)).lean<AnnouncementDoc>();
    const found = await existing();
    if (found) return { announcement: toAnnouncement(found), created: false };
    const doc: AnnouncementDoc = {
      _id: randomId(),
      seq: await this.nextSeq('announcement_seq', session),
      status: 'scheduled',
      ...(input.dedupeKey !== undefined ? { dedupeKey: input.dedupeKey } : {}),
      input: stableStringify(input),
      createdAt: now.toISOString(),
    };
    try {
      await this.m.Announcement.create([doc], withSession(session));
    } catch (err) {
      // Another process created the same automatic announcement a moment earlier.
      const raced = isDuplicateKey(err) ? await existing() : null;
      if (raced) return { announcement: toAnnouncement(raced), created: false };
      throw err;
    }
    return { announcement: toAnnouncement(doc), created: true };
  }

  async getAnnouncement(id: string): Promise<Announcement | undefined> {
    const doc = await this.m.Announcement.findById(id).lean<AnnouncementDoc>();
    return doc ? toAnnouncement(doc) : undefined;
  }

  async listAnnouncements(filter: { status?: AnnouncementStatus } = {}): Promise<Announcement[]> {
    const q = filter.status !== undefined ? { status: filter.status } : {};
    return (await this.m.Announcement.find(q).sort({ seq: 1 }).lean<AnnouncementDoc[]>()).map(toAnnouncement);
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
    if (!Object.keys(update).length) return (await this.m.Announcement.exists(filter)) !== null;
    return (await this.m.Announcement.updateOne(filter, update)).matchedCount === 1;
  }

  async enqueueDeliveries(
    rows: Array<Pick<Delivery, 'announcementId' | 'occurrence' | 'channel' | 'userId' | 'notBefore'>>,
  ): Promise<number> {
    const parsed = rows.map((r) => ({ ...r, notBefore: new Date(toMs(r.notBefore, 'delivery notBefore')) }));
    let added = 0;
    // Upserts with $setOnInsert: an existing delivery is left untouched, so re-running a fan-out is
    // harmless and chunks need no transaction (a crash part-way is completed by the re-run).
    for (const part of chunks(parsed, WRITE_CHUNK)) {
      const res = await this.m.Delivery.bulkWrite(
        part.map((r) => ({
          updateOne: {
            filter: { announcementId: r.announcementId, occurrence: r.occurrence, channel: r.channel, userId: r.userId },
            update: { $setOnInsert: { state: 'pending' as const, attempts: 0, notBefore: r.notBefore } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      added += res.upsertedCount;
    }
    return added;
  }

  async claimDeliveries(
    worker: string,
    limit: number,
    now: Date,
    leaseMs: number,
    channels?: ChannelName[],
  ): Promise<Delivery[]> {
    const channelFilter = channels?.length ? { channel: { $in: channels } } : {};
    const update = {
      $set: { state: 'claimed' as const, claimedBy: worker, claimedUntil: new Date(now.getTime() + leaseMs) },
      $inc: { attempts: 1 },
    };
    // Each findOneAndUpdate atomically moves one document to claimed, so two workers never get the
    // same delivery. Abandoned claims (lease expired) first, then due pending ones, oldest first.
    const phases: Array<{ filter: Record<string, unknown>; sort: Record<string, 1> }> = [
      { filter: { state: 'claimed', claimedUntil: { $lt: now }, ...channelFilter }, sort: { claimedUntil: 1 } },
      { filter: { state: 'pending', notBefore: { $lte: now }, ...channelFilter }, sort: { notBefore: 1, _id: 1 } },
    ];
    const out: Delivery[] = [];
    for (const phase of phases) {
      while (out.length < limit) {
        const doc = await this.m.Delivery.findOneAndUpdate(phase.filter, update, {
          sort: phase.sort,
          returnDocument: 'after',
        }).lean<DeliveryDoc>();
        if (!doc) break;
        out.push(toDelivery(doc));
      }
    }
    return out;
  }

  async startDelivery(id: string, worker: string): Promise<boolean> {
    if (!mongoose.isValidObjectId(id)) return false;
    // Acknowledged under the connection's write concern, majority and journaled (mongo-connect.ts),
    // before the caller sends: a crash or failover after this cannot lose the mark.
    const res = await this.m.Delivery.updateOne({ _id: id, state: 'claimed', claimedBy: worker }, { $set: { startedAt: new Date() } });
    return res.matchedCount === 1;
  }

  async completeDelivery(id: string, worker: string, outcome: DeliveryOutcome): Promise<void> {
    await this.completeDeliveries(worker, [{ id, outcome }]);
  }

  async completeDeliveries(worker: string, settlements: DeliverySettlement[]): Promise<number> {
    const now = new Date();
    // Built (and dates parsed) before anything is written.
    const ops = settlements
      .filter(({ id }) => mongoose.isValidObjectId(id))
      .map(({ id, outcome }) => {
        const $set: Record<string, unknown> = { state: outcome.state };
        const $unset: Record<string, 1> = { claimedUntil: 1, startedAt: 1 };
        if (outcome.error !== undefined) $set.error = outcome.error;
        else $unset.error = 1;
        if (outcome.state === 'pending') $set.notBefore = outcome.notBefore ? new Date(toMs(outcome.notBefore, 'delivery notBefore')) : now;
        if (outcome.state === 'sent') $set.sentAt = now.toISOString();
        // Only the claim holder settles; a late answer after another worker re-claimed is dropped.
        return { updateOne: { filter: { _id: id, state: 'claimed' as const, claimedBy: worker }, update: { $set, $unset } } };
      });
    if (ops.length === 0) return 0;
    // One round trip; unordered, since each update stands alone.
    const res = await this.m.Delivery.bulkWrite(ops, { ordered: false });
    return res.matchedCount;
  }

  async hasUnsettledDeliveries(announcementId: string): Promise<boolean> {
    return (await this.m.Delivery.exists({ announcementId, state: { $in: ['pending', 'claimed'] } })) !== null;
  }

  async deliveryStats(announcementId: string): Promise<DeliveryStats> {
    const stats: DeliveryStats = { total: 0, pending: 0, claimed: 0, sent: 0, failed: 0, unknown: 0 };
    const groups = await this.m.Delivery.aggregate<{ _id: DeliveryState; n: number }>([
      { $match: { announcementId } },
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    for (const g of groups) {
      stats[g._id] = g.n;
      stats.total += g.n;
    }
    return stats;
  }
}
