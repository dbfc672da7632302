/**
 * The store interface every part of nghebot talks to. Two implementations:
 * the embedded SQLite store (default, no server, safe for several processes) and MongoDB via mongoose.
 * Both must pass test/store.contract.test.ts.
 */
import type { ContentItem, ContentKind, StoredItem } from '../content/model.js';
import type { ConsoleStore } from './console-types.js';

export type ChannelName = 'telegram' | 'zalo' | 'web' | 'cli';

/** A user is identified per channel; the same person on two channels is two users. */
export interface UserKey {
  channel: ChannelName;
  userId: string;
}

export interface UserRecord extends UserKey {
  /** false once the channel told us the user blocked/unfollowed/deactivated; true again on /start or follow. */
  active: boolean;
  inactiveReason?: string;
  /** Last time the user wrote to us (ISO); Zalo's consultation window is counted from it. */
  lastSeenAt?: string;
  /** Last send error that the channel says must not be retried (e.g. Zalo -230). */
  lastSendError?: string;
  firstSeenAt: string;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Highest revision written by this import. */
  rev: number;
}

/** How an import is run; none of it changes what is written. */
export interface ImportOptions {
  /** Stops the import before it is published; a stopped import leaves the store exactly as before. */
  signal?: AbortSignal;
  /** Told after each chunk of changed items is written (not yet visible to readers). */
  onProgress?: (progress: { written: number; total: number }) => void;
  /** Changed items per write (default 1000). */
  chunkSize?: number;
}

export interface ContentFilter {
  kind?: ContentKind;
  provinceCode?: string;
  ids?: string[];
  /** Only items written after this revision (for incremental index refresh). */
  sinceRev?: number;
  limit?: number;
}

/** Enrolment in a course. `status` moves enrolled/waiting → cancelled; waiting → enrolled on promotion. */
export type EnrollmentStatus = 'enrolled' | 'waiting' | 'cancelled';
export interface EnrollmentInput extends UserKey {
  courseId: string;
  fullName: string;
  /** Normalised, e.g. 0912345678. */
  phone: string;
  provinceCode: string;
  commune?: string;
}
export interface Enrollment extends EnrollmentInput {
  id: string;
  status: EnrollmentStatus;
  createdAt: string;
  updatedAt: string;
  /** Position among waiting people at creation, for the message only. */
  waitingPosition?: number;
}
export interface EnrollOutcome {
  enrollment: Enrollment;
  /** false when an active enrolment already existed and is returned instead. */
  created: boolean;
  /**
   * Refused: this phone already holds an active enrolment in the course under another user (one
   * person, several ids). `enrollment` is then that other user's row: never show it to the asker.
   */
  phoneTaken?: boolean;
}
/** An enrolment change as the notifications announcing it see it, read inside the change's transaction. */
export interface EnrollmentChange {
  /** The new enrolment, or the cancelled one. */
  enrollment: Enrollment;
  /** The first waiting person, moved up by a cancellation. */
  promoted?: Enrollment;
  /** The course's counts after the change. */
  counts: CourseCounts;
}
/**
 * Builds the notifications (officers' alerts, the promoted person's message) for a change. The store
 * writes them in the same transaction as the change (a transactional outbox): a crash keeps both or
 * neither. Must be synchronous and pure: it runs inside the transaction.
 */
export type ChangeNotices = (change: EnrollmentChange) => AnnouncementInput[];
export interface CancelOutcome {
  cancelled?: Enrollment;
  /** The first waiting person, moved up to enrolled by this cancellation. */
  promoted?: Enrollment;
}
export interface CourseCounts {
  courseId: string;
  enrolled: number;
  waiting: number;
  capacity?: number;
}

export type Topic = 'course' | 'policy' | 'fair' | 'plan';
export interface Subscription extends UserKey {
  topic: Topic;
  /** Province code after the merger; '*' for all provinces. */
  provinceCode: string;
  createdAt: string;
}

export type AnnouncementStatus = 'scheduled' | 'sending' | 'done' | 'cancelled';
export interface AnnouncementInput {
  text: string;
  itemId?: string;
  topics: Topic[];
  /** Empty means every province. */
  provinceCodes: string[];
  /** Empty means every channel. */
  channels: ChannelName[];
  /** When to send: ISO instant (now or later); or a cron expression for recurring ones. */
  sendAt?: string;
  cron?: string;
  createdBy: string;
  /** Automatic announcements (digest, reminders) carry a key so each fires once. */
  dedupeKey?: string;
  /** Zalo promotional type (never 22:00–06:00). */
  promotional?: boolean;
}
/** A compare-and-set condition for updateAnnouncement; fields left out are not checked. */
export interface AnnouncementExpectation {
  status?: AnnouncementStatus[];
  /** The nextRunAt the caller read (undefined: expected unset). Checked only when the key is present. */
  nextRunAt?: string | undefined;
}
export interface Announcement extends AnnouncementInput {
  id: string;
  status: AnnouncementStatus;
  createdAt: string;
  /** For cron announcements: the next occurrence to fan out. */
  nextRunAt?: string;
}

export type DeliveryState = 'pending' | 'claimed' | 'sent' | 'failed' | 'unknown';
export interface Delivery extends UserKey {
  id: string;
  announcementId: string;
  /** Occurrence of a recurring announcement; '' for one-off. */
  occurrence: string;
  state: DeliveryState;
  attempts: number;
  notBefore: string;
  claimedBy?: string;
  claimedUntil?: string;
  /**
   * Set by startDelivery right before the request goes out, cleared when the claim is settled. A row
   * re-claimed with it set was in flight when its worker stopped: it may have arrived.
   */
  startedAt?: string;
  error?: string;
  sentAt?: string;
}
export type DeliveryOutcome = { state: 'sent' | 'failed' | 'unknown' | 'pending'; error?: string; notBefore?: string };
export interface DeliverySettlement {
  id: string;
  outcome: DeliveryOutcome;
}
export interface DeliveryStats {
  total: number;
  pending: number;
  claimed: number;
  sent: number;
  failed: number;
  unknown: number;
}

export interface OfficerRecord extends UserKey {
  /** Province codes this officer looks after; empty means all. */
  provinceCodes: string[];
  name?: string;
}

export interface Store {
  readonly kind: 'embedded' | 'mongodb';
  /** Health for /healthz: ok plus a short description. */
  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;

  // ---- content ----
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

  // ---- users and conversation state ----
  touchUser(key: UserKey, now: Date): Promise<UserRecord>;
  getUser(key: UserKey): Promise<UserRecord | undefined>;
  setUserActive(key: UserKey, active: boolean, reason?: string): Promise<void>;
  setUserSendError(key: UserKey, error: string | undefined): Promise<void>;
  getConversation<T = unknown>(key: UserKey): Promise<T | undefined>;
  /** Store (or clear with undefined) the per-user dialog state. */
  setConversation<T = unknown>(key: UserKey, state: T | undefined): Promise<void>;

  // ---- exactly-once helpers ----
  /** Records a key; true the first time, false if already seen (update_id, msg_id...). */
  markProcessed(scope: string, key: string, ttlMs: number): Promise<boolean>;
  /** A lease across processes: true if `owner` holds `name` until now+ttl. Re-acquiring extends it. */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  getSecret(name: string): Promise<string | undefined>;
  setSecret(name: string, value: string): Promise<void>;

  // ---- enrolments ----
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

  // ---- officers ----
  /** The web console's accounts, sessions, audit log and enrolment marks (console-types.ts). */
  readonly console: ConsoleStore;
  listOfficers(): Promise<OfficerRecord[]>;
  upsertOfficer(officer: OfficerRecord): Promise<void>;

  // ---- subscriptions ----
  subscribe(sub: Omit<Subscription, 'createdAt'>, now: Date): Promise<boolean>;
  /** Removes matching subscriptions; topic/province undefined means all. Returns how many were removed. */
  unsubscribe(key: UserKey, topic?: Topic, provinceCode?: string): Promise<number>;
  listSubscriptions(key: UserKey): Promise<Subscription[]>;
  /** Active users subscribed to any of the topics in any of the provinces ('*' subscribers always match). */
  findSubscribers(q: { topics: Topic[]; provinceCodes: string[]; channels: ChannelName[] }): AsyncIterable<UserKey>;

  // ---- announcements and the outbox ----
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
