/**
 * The contract between the core and a chat channel (Telegram, Zalo, web).
 * A channel turns its events into IncomingMessage, hands them to the ConversationService,
 * and renders Reply objects within its own limits. It knows nothing of content.
 */
import type { FastifyInstance } from 'fastify';
import type { Reply } from '../replies/model.js';
import type { ChannelName } from '../store/types.js';
import type { SendContext } from './send-context.js';

/** Why a send failed, in terms the outbox can act on. */
export type SendFailure =
  | 'permanent' // blocked, deactivated, not following, outside the Zalo window: mark the user, never retry
  | 'transient' // 5xx, network error before the request was sent: retry with backoff
  | 'rate-limited' // 429 / Zalo -32: wait retryAfterMs, then retry
  | 'deferred' // this recipient cannot get it yet (a daily cap): retry this one after retryAfterMs, the channel keeps going
  | 'unknown'; // the request may have reached the API (timeout after sending): do not blindly repeat

export class SendError extends Error {
  constructor(
    message: string,
    readonly failure: SendFailure,
    readonly options: { retryAfterMs?: number; code?: string | number } = {},
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface Channel {
  readonly name: ChannelName;
  /** Registers the channel's webhook routes. Called before the server listens. */
  registerRoutes?(app: FastifyInstance): void | Promise<void>;
  /** Starts polling, sets webhooks, loads tokens. */
  start(): Promise<void>;
  /** Stops taking updates and waits for in-flight ones to finish. */
  stop(): Promise<void>;
  /**
   * Sends a reply outside a conversation turn (notifications, broadcasts). Throws SendError.
   * `context` (the outbox gives it) lets a channel choose another route than a plain message.
   */
  send(userId: string, reply: Reply, context?: SendContext): Promise<void>;
}
