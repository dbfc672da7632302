/** The MongoDB store's collections: mongoose schemas with their indexes, compiled on one connection. */
import { Schema, type Connection, type Model } from 'mongoose';
import type {
  AnnouncementDoc,
  ConversationDoc,
  DeliveryDoc,
  EnrollmentDoc,
  KeyValueDoc,
  LeaseDoc,
  OfficerDoc,
  ProcessedDoc,
  SeatDoc,
  SecretDoc,
  SubscriptionDoc,
  UserDoc,
} from './documents.js';
import type { CounterDoc, ImportMarkerDoc, ItemDoc, ItemRemovalDoc, StagedItemDoc } from './import.js';

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
      schedule: { type: Schema.Types.Mixed },
    },
    { ...opts, collection: 'items', minimize: false },
  );
  // The catalogue's current-item queries (catalogue.ts): walk one kind in the order shown and stop
  // at the page's end, whatever the store's size.
  item.index({ kind: 1, 'schedule.startKey': 1, _id: 1 });
  item.index({ kind: 1, provinceCode: 1, 'schedule.startKey': 1, _id: 1 });
  item.index({ kind: 1, 'schedule.tradeKey': 1, 'schedule.startKey': 1, _id: 1 });
  item.index({ kind: 1, 'schedule.titleKey': 1, _id: 1 });
  item.index({ rev: 1, _id: 1 });
  item.index({ kind: 1, provinceCode: 1 });
  item.index({ provinceCode: 1 });

  // An import in progress (see import.ts) and the items it has staged.
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

  const itemRemoval = new Schema<ItemRemovalDoc>(
    { _id: { type: String, required: true }, rev: { type: Number, required: true }, removedAt: { type: String, required: true } },
    { ...opts, collection: 'item_removals' },
  );
  itemRemoval.index({ rev: 1, _id: 1 });

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

  const keyValue = new Schema<KeyValueDoc>(
    { _id: { type: String, required: true }, value: { type: String, required: true }, updatedAt: { type: String, required: true } },
    { ...opts, collection: 'key_values' },
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
      transientFailures: Number,
      settledClaims: Number,
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

  return { item, itemRemoval, importMarker, stagedItem, counter, user, conversation, processed, lease, secret, keyValue, enrollment, seat, officer, subscription, announcement, delivery };
}

export interface Models {
  Item: Model<ItemDoc>;
  ItemRemoval: Model<ItemRemovalDoc>;
  ImportMarker: Model<ImportMarkerDoc>;
  StagedItem: Model<StagedItemDoc>;
  Counter: Model<CounterDoc>;
  User: Model<UserDoc>;
  Conversation: Model<ConversationDoc>;
  Processed: Model<ProcessedDoc>;
  Lease: Model<LeaseDoc>;
  Secret: Model<SecretDoc>;
  KeyValue: Model<KeyValueDoc>;
  Enrollment: Model<EnrollmentDoc>;
  Seat: Model<SeatDoc>;
  Officer: Model<OfficerDoc>;
  Subscription: Model<SubscriptionDoc>;
  Announcement: Model<AnnouncementDoc>;
  Delivery: Model<DeliveryDoc>;
}

export function compile(conn: Connection): Models {
  const s = buildMongoSchemas();
  return {
    Item: conn.model<ItemDoc>('Item', s.item),
    ItemRemoval: conn.model<ItemRemovalDoc>('ItemRemoval', s.itemRemoval),
    ImportMarker: conn.model<ImportMarkerDoc>('ImportMarker', s.importMarker),
    StagedItem: conn.model<StagedItemDoc>('StagedItem', s.stagedItem),
    Counter: conn.model<CounterDoc>('Counter', s.counter),
    User: conn.model<UserDoc>('User', s.user),
    Conversation: conn.model<ConversationDoc>('Conversation', s.conversation),
    Processed: conn.model<ProcessedDoc>('Processed', s.processed),
    Lease: conn.model<LeaseDoc>('Lease', s.lease),
    Secret: conn.model<SecretDoc>('Secret', s.secret),
    KeyValue: conn.model<KeyValueDoc>('KeyValue', s.keyValue),
    Enrollment: conn.model<EnrollmentDoc>('Enrollment', s.enrollment),
    Seat: conn.model<SeatDoc>('Seat', s.seat),
    Officer: conn.model<OfficerDoc>('Officer', s.officer),
    Subscription: conn.model<SubscriptionDoc>('Subscription', s.subscription),
    Announcement: conn.model<AnnouncementDoc>('Announcement', s.announcement),
    Delivery: conn.model<DeliveryDoc>('Delivery', s.delivery),
  };
}
