/**
 * Storage of hand-off tickets: a user asked for a person, officers of their province answer.
 * The narrow port the hand-off feature needs; both store backends implement it. Tickets hold the
 * user's messages in clear (officers must read them), so they are never logged.
 */
import { randomId } from '../store/shared.js';
import type { UserKey } from '../store/types.js';

/** Ticket codes are typed by officers on a phone: short, upper case, no look-alikes. */
export const newTicketCode = () => randomId(6).toUpperCase();

export type TicketStatus = 'open' | 'closed';
export type CloseReason = 'officer' | 'user' | 'timeout';

export interface TicketMessage {
  from: 'user' | 'officer' | 'bot';
  text: string;
  at: string;
  /** `telegram:123` for officers' messages. */
  officer?: string;
}

export interface Ticket {
  /** Short code officers type (`/tl K3F9M2 …`). */
  id: string;
  user: UserKey;
  /** Province of the user, when known; officers of other provinces do not see the ticket. */
  provinceCode?: string;
  status: TicketStatus;
  messages: TicketMessage[];
  openedAt: string;
  /** Last message either way: the bot stays quiet until this plus the timeout. */
  lastActivityAt: string;
  /** When the first officer answered. */
  joinedAt?: string;
  closedAt?: string;
  closeReason?: CloseReason;
}

export interface TicketFilter {
  status?: TicketStatus;
  /** Tickets of these provinces only; tickets without a province are included when `withoutProvince`. */
  provinceCodes?: string[];
  withoutProvince?: boolean;
  limit?: number;
}

export interface TicketStore {
  /**
   * Opens a ticket for the user, or returns the one already open (one open ticket per user),
   * with `created` telling which.
   */
  openTicket(input: Pick<Ticket, 'user' | 'provinceCode' | 'messages'>, at: Date): Promise<{ ticket: Ticket; created: boolean }>;
  getTicket(id: string): Promise<Ticket | undefined>;
  openTicketOf(user: UserKey): Promise<Ticket | undefined>;
  /**
   * Appends a message and moves lastActivityAt. An officer's message reopens a closed ticket and
   * sets joinedAt if unset; `joined` says this was the first officer message since it (re)opened.
   */
  addMessage(id: string, message: TicketMessage): Promise<{ ticket: Ticket; joined: boolean } | undefined>;
  /** Compare-and-set from 'open': false if it was already closed. */
  closeTicket(id: string, reason: CloseReason, at: Date): Promise<boolean>;
  listTickets(filter?: TicketFilter): Promise<Ticket[]>;
  /** "Xóa thông tin của tôi": the user's words are blanked in their tickets, an open one is closed. */
  eraseUser(user: UserKey, at: Date): Promise<void>;
}

/** What a user's message becomes when they erase their data. */
export const ERASED_MESSAGE = '[đã xóa]';
