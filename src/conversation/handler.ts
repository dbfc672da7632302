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
  Store,
  SubscriptionStore,
  UserStore,
} from '../store/ports.js';
import type { UserKey } from '../store/types.js';
import type { ReachStore } from '../store/reach.js';
import type { IncomingMessage } from './incoming.js';
import type { Intent } from '../engine/intents.js';
import type { Answer, Understanding } from '../engine/engine.js';

/** Per-user dialog state kept in the store between turns (a restart resumes it). */
export interface DialogState {
  /** Which handler owns the dialog, e.g. 'enroll'. */
  dialog: string;
  step: string;
  data: Record<string, unknown>;
  /** ISO; an abandoned dialog expires. */
  updatedAt: string;
}

export interface NotifyOptions {
  /** An answer in a conversation the user started (an officer's reply): not held by quiet hours. */
  inConversation?: boolean;
}

/** Pushes a reply to another user (officers, a person promoted from a waiting list). */
export interface Notifier {
  notify(to: UserKey, reply: Reply, options?: NotifyOptions): Promise<void>;
}

/** The store sections handlers work with (no dedupe, leases, secrets or imports). */
export type HandlerStore = ContentStore &
  CatalogueStore &
  UserStore &
  EnrollmentStore &
  SubscriptionStore &
  OfficerStore &
  AnnouncementStore &
  Pick<OutboxStore, 'deliveryStats'> &
  Pick<Store, 'unanswered' | 'tickets' | 'questionCounts'> &
  Pick<ReachStore, 'recordConsentedPhone'>;

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
  /** The text message read once by the router (intent, folded text, tokens, places); handlers reuse it. */
  understanding?: Understanding;
  /** Current dialog state, if any. Handlers change it through setDialog. */
  dialog?: DialogState;
  setDialog(state: Omit<DialogState, 'updatedAt'> | undefined): void;
  /** Whether the sender is an officer; looked up only when a handler asks, at most once per turn. */
  checkOfficer(): Promise<boolean>;
  notifier: Notifier;
  /** The engine's answer, when a handler asked it: what the steps after the handlers look at. */
  answer?: Answer;
  /** The user's last few messages before this one (this process only), for a hand-off ticket. */
  recent?: readonly { text: string; at: string }[];
}

export interface Handler {
  /** Short name, used in logs and metrics. */
  name: string;
  /**
   * Names of the button actions this handler owns (its codecs' names, see src/replies/actions.ts):
   * the router asks it first for those, whatever its place in the list (after an open dialog's owner).
   */
  actions?: readonly string[];
  /** Returns replies if this handler took the message, undefined to let the next one try. */
  handle(ctx: TurnContext): Promise<Reply[] | undefined>;
}
