/**
 * The store, one port per section. A consumer declares the narrow port(s) it uses (a channel takes
 * `UserStore & DedupeStore`, not the whole store); `Store` is their composition, for wiring only.
 * Two implementations, one folder each: src/store/sqlite/ (embedded, default) and src/store/mongo/,
 * one file per section over a shared connection. Both must pass test/store/contract.test.ts.
 *
 * Adding a section: declare its port here and add it to `Store`; implement it in
 * sqlite/<section>.ts and mongo/<section>.ts (tables in sqlite/migrations.ts, collections in
 * mongo/schemas.ts); list the new class in sqlite/index.ts and mongo/index.ts; cover it in the contract suite.
 */
import type { TicketStore } from '../handoff/ports.js';
import type { UnansweredStore } from '../unanswered/ports.js';
import type { QuestionCountStore } from '../question-stats/ports.js';
import type { ConsoleStore } from './console-types.js';
import type { ContentItem, ContentKind, StoredItem } from '../content/model.js';
import type {
  Announcement,
  AnnouncementExpectation,
  AnnouncementInput,
  AnnouncementStatus,
  CancelOutcome,
  ChangeNotices,
  ChannelName,
  ContentFilter,
  CourseCounts,
  Delivery,
  DeliveryOutcome,
  DeliverySettlement,
  DeliveryStats,
  EnrollOutcome,
  Enrollment,
  EnrollmentInput,
  ImportOptions,
  ImportResult,
  ItemRemoval,
  OfficerRecord,
  RemoveOutcome,
  SubscriberCount,
  Subscription,
  Topic,
  UserKey,
  UserRecord,
} from './types.js';
import type { ReachStore, SendRateStore } from './reach.js';

export type { ReachStore, SendRateStore } from './reach.js';

/** Content items (courses, policies, fairs, …) and the revision readers poll for imports. */
export interface ContentStore {
  /**
   * All-or-nothing upsert by id. Unchanged items keep their revision. Readers see the new revision's
   * items only once contentRevision() has moved to it.
   */
  importItems(
    items: ContentItem[],
    provinceCodeOf: (item: ContentItem) => string | undefined,
    options?: ImportOptions,
  ): Promise<ImportResult>;
  getItem(id: string): Promise<StoredItem | undefined>;
  getItems(ids: string[]): Promise<StoredItem[]>;
  listItems(filter?: ContentFilter): Promise<StoredItem[]>;
  /**
   * Streams every item (or those after `sinceRev`) in revision order, for building the search index;
   * never an item above the published revision (contentRevision() read as the stream starts), so a
   * reader that then remembers the highest revision it saw cannot skip items of an unfinished import.
   */
  iterateItems(sinceRev?: number): AsyncIterable<StoredItem>;
  countItems(): Promise<number>;
  /** Highest content revision; cheap, polled by running processes to pick up imports. */
  contentRevision(): Promise<number>;
  /**
   * Deletes an item under a revision of its own and records the removal, so that processes following
   * revisions drop it too (removedSince). A course anyone ever enrolled in is refused: its enrolments
   * would lose their course, and with it the province that decides who may read them.
   */
  removeItem(id: string): Promise<RemoveOutcome>;
  /**
   * Removals after `sinceRev`, never above the published revision. An id may be written again after
   * its removal: a reader drops its copy only if that copy's revision is below the removal's.
   */
  removedSince(sinceRev: number): Promise<ItemRemoval[]>;
}

/** Which catalogue items are current, found through indexes rather than by reading them all. */
export interface CurrentItemsQuery {
  kind: ContentKind;
  /** yyyy-mm-dd in the service's time zone. */
  today: string;
  /**
   * 'listed' (default): still worth listing (src/courses/schedule.ts listedUntil);
   * 'registration': a course still taking registrations (registrationUntil).
   */
  until?: 'listed' | 'registration';
  /** And that day (listed or registration, as `until`) is at most this one, yyyy-mm-dd: "ends within a week". */
  endingBy?: string;
  /** Only these provinces (none: all). */
  provinceCodes?: string[];
  /** With provinceCodes: also items that name no province (they concern everyone). */
  includeWithoutProvince?: boolean;
  /** Only this trade (tradeKey()). */
  tradeKey?: string;
  excludeId?: string;
  /** 'start' (default): soonest start first, undated last; 'title': alphabetical. */
  order?: 'start' | 'title';
  /** At most this many, the first in `order` (none: all). */
  limit?: number;
}

export interface CatalogueStore {
  listCurrentItems(query: CurrentItemsQuery): Promise<StoredItem[]>;
}

/** Users as channels know them, and each user's open dialog state. */
export interface UserStore {
  touchUser(key: UserKey, now: Date): Promise<UserRecord>;
  getUser(key: UserKey): Promise<UserRecord | undefined>;
  setUserActive(key: UserKey, active: boolean, reason?: string): Promise<void>;
  setUserSendError(key: UserKey, error: string | undefined): Promise<void>;
  getConversation<T = unknown>(key: UserKey): Promise<T | undefined>;
  /** Store (or clear with undefined) the per-user dialog state. */
  setConversation<T = unknown>(key: UserKey, state: T | undefined): Promise<void>;
}

/** Exactly-once helpers: processed-update keys and cross-process leases. */
export interface DedupeStore {
  /** Records a key; true the first time, false if already seen (update_id, msg_id...). */
  markProcessed(scope: string, key: string, ttlMs: number): Promise<boolean>;
  /** A lease across processes: true if `owner` holds `name` until now+ttl. Re-acquiring extends it. */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
}

/**
 * Secrets (tokens, signing keys) apart from plain key-value state (web inboxes, chat history,
 * watermarks, the search index's store id), so a dump of one never carries the other.
 */
export interface SettingsStore {
  getSecret(name: string): Promise<string | undefined>;
  setSecret(name: string, value: string): Promise<void>;
  getValue(name: string): Promise<string | undefined>;
  setValue(name: string, value: string): Promise<void>;
}

export interface EnrollmentStore {
  /**
   * Atomic: enrolled while seats remain (capacity from the course item), else waiting. One active
   * enrolment per user and per phone in a course. `notices` are written with a new enrolment.
   */
  enroll(input: EnrollmentInput, now: Date, notices?: ChangeNotices): Promise<EnrollOutcome>;
  /** Cancels and promotes the first waiting person; `notices` are written with the change (not for a repeat cancel). */
  cancelEnrollment(enrollmentId: string, now: Date, notices?: ChangeNotices): Promise<CancelOutcome>;
  listEnrollments(filter?: { courseId?: string; user?: UserKey; includeCancelled?: boolean }): Promise<Enrollment[]>;
  courseCounts(courseId?: string): Promise<CourseCounts[]>;
  /**
   * Erases name and phone of every enrolment of the user (kept as anonymised rows for counts), their
   * open dialog and their recent chat history (chatHistoryKey).
   */
  erasePersonalData(key: UserKey): Promise<number>;
}

export interface OfficerStore {
  listOfficers(): Promise<OfficerRecord[]>;
  upsertOfficer(officer: OfficerRecord): Promise<void>;
}

export interface SubscriptionStore {
  subscribe(sub: Omit<Subscription, 'createdAt'>, now: Date): Promise<boolean>;
  /** Removes matching subscriptions; topic/province undefined means all. Returns how many were removed. */
  unsubscribe(key: UserKey, topic?: Topic, provinceCode?: string): Promise<number>;
  listSubscriptions(key: UserKey): Promise<Subscription[]>;
  /** Active users subscribed to any of the topics in any of the provinces ('*' subscribers always match). */
  findSubscribers(q: { topics: Topic[]; provinceCodes: string[]; channels: ChannelName[] }): AsyncIterable<UserKey>;
  /** Active users per topic and province subscribed; only these provinces (and '*') when given. */
  countSubscribers(provinceCodes?: string[]): Promise<SubscriberCount[]>;
}

export interface AnnouncementStore {
  createAnnouncement(input: AnnouncementInput, now: Date): Promise<{ announcement: Announcement; created: boolean }>;
  getAnnouncement(id: string): Promise<Announcement | undefined>;
  listAnnouncements(filter?: { status?: AnnouncementStatus }): Promise<Announcement[]>;
  /**
   * Applies `patch` only if the announcement still matches `expected` (compare-and-set: status one of
   * the listed ones, nextRunAt equal, undefined meaning unset). True if it matched and was updated, so
   * of two processes racing the same transition (fan-out vs cancel, done vs cancel) exactly one wins.
   */
  updateAnnouncement(
    id: string,
    patch: Partial<Pick<Announcement, 'status' | 'nextRunAt'>>,
    expected?: AnnouncementExpectation,
  ): Promise<boolean>;
}

/** The outbox: one delivery row per announcement occurrence and recipient. */
export interface OutboxStore {
  /** Inserts deliveries, ignoring ones that already exist (unique per announcement, occurrence, channel, user). */
  enqueueDeliveries(rows: Array<Pick<Delivery, 'announcementId' | 'occurrence' | 'channel' | 'userId' | 'notBefore'>>): Promise<number>;
  /** Atomically claims up to `limit` due deliveries for `worker` until `leaseMs` from now. */
  claimDeliveries(worker: string, limit: number, now: Date, leaseMs: number, channels?: ChannelName[]): Promise<Delivery[]>;
  /**
   * Write-ahead mark that `worker` is about to send this claim: durable before it returns. False (and
   * nothing written) if `worker` no longer holds the claim; then it must not send.
   */
  startDelivery(id: string, worker: string): Promise<boolean>;
  /** Settles a claim held by `worker` (a row claimed by someone else since is left alone); clears startedAt. */
  completeDelivery(id: string, worker: string, outcome: DeliveryOutcome): Promise<void>;
  /** completeDelivery for several rows in one write; returns how many were still held by `worker`. */
  completeDeliveries(worker: string, settlements: DeliverySettlement[]): Promise<number>;
  deliveryStats(announcementId: string): Promise<DeliveryStats>;
  /** Whether any delivery of the announcement is still pending or claimed; cheap, polled to close finished ones. */
  hasUnsettledDeliveries(announcementId: string): Promise<boolean>;
}

export interface StoreLifecycle {
  readonly kind: 'embedded' | 'mongodb';
  /** Health for /healthz: ok plus a short description. */
  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}

/** Every section together: what openStore returns and the composition root hands out in narrow slices. */
export interface Store
  extends StoreLifecycle,
    ContentStore,
    CatalogueStore,
    UserStore,
    DedupeStore,
    SettingsStore,
    EnrollmentStore,
    OfficerStore,
    SubscriptionStore,
    AnnouncementStore,
    OutboxStore,
    ReachStore,
    SendRateStore {
  /** Questions without an answer and learned phrasings (src/unanswered/ports.ts). */
  readonly unanswered: UnansweredStore;
  /** Hand-off tickets (src/handoff/ports.ts). */
  readonly tickets: TicketStore;
  /** Questions asked per day, answered or not: counts only (src/question-stats/ports.ts). */
  readonly questionCounts: QuestionCountStore;
  /** The officers' web console's accounts, sessions, audit log and enrolment marks (console-types.ts). */
  readonly console: ConsoleStore;
}
