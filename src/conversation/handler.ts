/**
 * What a conversation handler sees and returns. Handlers live in handlers/ (one feature per file),
 * know nothing of Telegram or Zalo, and answer with channel-neutral replies.
 */
import type { AppConfig } from '../config.js';
import type { AnswerEngine } from '../engine/engine.js';
import type { Reply } from '../replies/model.js';
import type {
  AnnouncementStore,
  CatalogueStore,
  ContentStore,
  EnrollmentStore,
  OfficerStore,
  OutboxStore,
  SubscriptionStore,
  UserStore,
} from '../store/ports.js';
import type { UserKey } from '../store/types.js';
import type { IncomingMessage } from './incoming.js';
import type { Intent } from '../engine/intents.js';

/** Per-user dialog state kept in the store between turns (a restart resumes it). */
export interface DialogState {
  /** Which handler owns the dialog, e.g. 'enroll'. */
  dialog: string;
  step: string;
  data: Record<string, unknown>;
  /** ISO; an abandoned dialog expires. */
  updatedAt: string;
}

/** Pushes a reply to another user (officers, a person promoted from a waiting list). */
export interface Notifier {
  notify(to: UserKey, reply: Reply): Promise<void>;
}

/** The store sections handlers work with (no dedupe, leases, secrets or imports). */
export type HandlerStore = ContentStore &
  CatalogueStore &
  UserStore &
  EnrollmentStore &
  SubscriptionStore &
  OfficerStore &
  AnnouncementStore &
  Pick<OutboxStore, 'deliveryStats'>;

export interface TurnContext {
  msg: IncomingMessage;
  user: UserKey;
  store: HandlerStore;
  engine: AnswerEngine;
  config: AppConfig;
  now: Date;
  /** `now` as a local day (yyyy-mm-dd) in TIMEZONE, to compare with content dates. */
  today: string;
  /** Intent of a text message, computed once by the router (undefined for actions). */
  intent?: Intent;
  /** Current dialog state, if any. Handlers change it through setDialog. */
  dialog?: DialogState;
  setDialog(state: Omit<DialogState, 'updatedAt'> | undefined): void;
  isOfficer: boolean;
  notifier: Notifier;
}

export interface Handler {
  /** Short name, used in logs and metrics. */
  name: string;
  /** Returns replies if this handler took the message, undefined to let the next one try. */
  handle(ctx: TurnContext): Promise<Reply[] | undefined>;
}
