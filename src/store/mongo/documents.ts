/** The MongoDB store's documents, one interface per collection (items and imports: import.ts). */
import type mongoose from 'mongoose';
import type { AnnouncementStatus, DeliveryState, EnrollmentStatus } from '../types.js';

export interface UserDoc {
  channel: string;
  userId: string;
  active: boolean;
  inactiveReason?: string;
  lastSeenAt?: string;
  lastSendError?: string;
  firstSeenAt: string;
}
export interface ConversationDoc {
  channel: string;
  userId: string;
  /** JSON text: dialog state may hold keys Mongo would not accept (dots, $) and must come back as written. */
  state: string;
  updatedAt: string;
}
export interface ProcessedDoc {
  scope: string;
  key: string;
  expiresAt: Date;
}
export interface LeaseDoc {
  _id: string;
  owner: string;
  until: Date;
}
export interface SecretDoc {
  _id: string;
  value: string;
  updatedAt: string;
}
/** Plain key-value state (SettingsStore.getValue); older installs kept it among the secrets. */
export interface KeyValueDoc {
  _id: string;
  value: string;
  updatedAt: string;
}
export interface EnrollmentDoc {
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
export interface SeatDoc {
  _id: string;
  enrolled: number;
  writes?: number;
}
export interface OfficerDoc {
  channel: string;
  userId: string;
  provinceCodes: string[];
  name?: string;
}
export interface SubscriptionDoc {
  channel: string;
  userId: string;
  topic: string;
  provinceCode: string;
  createdAt: string;
}
export interface AnnouncementDoc {
  _id: string;
  seq: number;
  status: AnnouncementStatus;
  dedupeKey?: string;
  /** The AnnouncementInput as JSON, so it reads back exactly as written. */
  input: string;
  createdAt: string;
  nextRunAt?: string;
}
export interface DeliveryDoc {
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
  /** Missing on rows written before the ledger had fields: then read from the error text. */
  transientFailures?: number;
  settledClaims?: number;
}
