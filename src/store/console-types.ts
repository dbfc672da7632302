/**
 * The officers' web console's own storage: sign-in accounts, browser sessions, the login throttle,
 * the audit log and the follow-up marks officers put on enrolments. A narrow port of its own, with
 * an SQLite and a MongoDB implementation (sqlite/console.ts, mongo/console.ts), reached as
 * `store.console`.
 *
 * An account is the web identity of an officer. Linked to a Telegram or Zalo user, the same officer
 * is also the chat officer record (OfficerRecord) for that user: written and removed together with
 * the account, so chat commands and enrolment alerts reach them for the same province.
 */
import type { UserKey } from './types.js';

export interface OfficerAccount {
  /** Lower-case `[a-z0-9._-]`, 3–32 characters. */
  username: string;
  /** scrypt hash in the self-describing form of src/console/password.ts. */
  passwordHash: string;
  /** The province this officer looks after; undefined for an admin who looks after all. */
  provinceCode?: string;
  /** Sees every province and manages officers. */
  admin: boolean;
  /** Their Telegram or Zalo user: the chat officer record with the same province. */
  linked?: UserKey;
  createdAt: string;
  updatedAt: string;
}

/** A change written with the account change it describes, in the same transaction. */
export interface AuditInput {
  /** Username of who did it; `cli` for the command line. */
  actor: string;
  /** Short machine name: `officer.add`, `item.update`, `enrollment.drop`, … */
  action: string;
  /** What it was done to: an id or a username. */
  target: string;
  /** A short human description; never a password, and no personal data beyond what officers see. */
  detail?: string;
  /** Province the change concerns (undefined: national or global). */
  provinceCode?: string;
}
export interface AuditEntry extends AuditInput {
  id: string;
  at: string;
}

export interface ConsoleSession {
  /** sha256 of the cookie's token: a copy of the store gives no usable session. */
  tokenHash: string;
  username: string;
  createdAt: string;
  lastSeenAt: string;
}

export type EnrollmentMark = 'contacted' | 'attended';
export interface EnrollmentMarks {
  enrollmentId: string;
  contactedAt?: string;
  attendedAt?: string;
  /** Username of the last officer who marked it. */
  by: string;
}

export interface ConsoleStore {
  // ---- accounts (each change written with its audit entry) ----
  /** False (nothing written) when the username is taken. */
  createAccount(account: OfficerAccount, audit: AuditInput): Promise<boolean>;
  getAccount(username: string): Promise<OfficerAccount | undefined>;
  listAccounts(): Promise<OfficerAccount[]>;
  /**
   * Sets the password hash and/or the link (null: unlink). The chat officer record follows the link.
   * A new password signs the account out everywhere. False when there is no such account.
   */
  updateAccount(username: string, patch: { passwordHash?: string; linked?: UserKey | null }, audit: AuditInput, now: Date): Promise<boolean>;
  /** Removes the account, its sessions and its chat officer record. False when there is no such account. */
  removeAccount(username: string, audit: AuditInput, now: Date): Promise<boolean>;

  // ---- sessions ----
  createSession(session: ConsoleSession): Promise<void>;
  /** The session if it was used after `idleSince`; an older one is deleted and undefined returned. */
  getSession(tokenHash: string, idleSince: Date): Promise<ConsoleSession | undefined>;
  touchSession(tokenHash: string, now: Date): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Deletes sessions last used before `idleSince`; returns how many. */
  purgeSessions(idleSince: Date): Promise<number>;

  // ---- login throttle (keys such as `user:name`, `addr:1.2.3.4`) ----
  recordLoginFailure(keys: string[], now: Date): Promise<void>;
  /** Failures of the key since `since`, and the oldest of them (when the wait ends). */
  loginFailures(key: string, since: Date): Promise<{ count: number; oldest?: string }>;
  clearLoginFailures(key: string): Promise<void>;

  // ---- audit ----
  appendAudit(entry: AuditInput, now: Date): Promise<void>;
  /** Newest first. */
  listAudit(filter?: { limit?: number; provinceCode?: string }): Promise<AuditEntry[]>;

  // ---- enrolment follow-up ----
  /** Sets a mark (now) on an enrolment, written with its audit entry. */
  markEnrollment(enrollmentId: string, mark: EnrollmentMark, by: string, now: Date, audit: AuditInput): Promise<void>;
  enrollmentMarks(enrollmentIds: string[]): Promise<EnrollmentMarks[]>;

  // ---- announcement progress ----
  /** The failed deliveries of an announcement counted by their error text (as the outbox wrote it). */
  failedDeliveryErrors(announcementId: string): Promise<Array<{ error: string; count: number }>>;
}
