/**
 * The records the store keeps, shared by every port (ports.ts) and both implementations.
 */
import type { ContentKind, StoredItem } from '../content/model.js';

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

/** What deleting an item did: removed, not there, or refused because people are enrolled in it. */
export type RemoveOutcome =
  | { removed: true; rev: number; item: StoredItem }
  | { removed: false; reason: 'missing' }
  | { removed: false; reason: 'enrolments'; enrolments: number };

/** An item deleted at a revision: readers that follow revisions drop it from what they hold. */
export interface ItemRemoval {
  id: string;
  rev: number;
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

/** Active users subscribed to a topic for a province ('*': all provinces). */
export interface SubscriberCount {
  topic: Topic;
  provinceCode: string;
  subscribers: number;
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
  ledger: DeliveryLedger;
}
export type DeliveryOutcome = {
  state: 'sent' | 'failed' | 'unknown' | 'pending';
  error?: string;
  notBefore?: string;
  /** The row's retry ledger after this outcome (see Delivery); left as it was when omitted. */
  ledger?: DeliveryLedger;
};
/**
 * What the outbox counts across claims of one delivery. `attempts` counts claims, including ones
 * whose worker died before settling, so it cannot count retries by itself.
 */
export interface DeliveryLedger {
  /** Transient failures (network, 5xx) so far; the outbox gives up after its maximum. */
  transientFailures: number;
  /** Claims that ended with an outcome written; attempts − settled = claims whose worker vanished. */
  settledClaims: number;
}
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

