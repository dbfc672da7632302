/**
 * Sends a rendered Reply to one chat through grammY's Api, waiting out 429s and repeating
 * requests that never reached Telegram, within bounded attempts. Used both for in-turn replies
 * and for Channel.send() (notifications, broadcasts). A user who blocked the bot is marked
 * inactive here, so every path that discovers it records it the same way.
 */
import { InputFile, type Api } from 'grammy';
import type { Logger } from '../../observability/logger.js';
import { logUser } from '../../observability/logger.js';
import { labelsOf, type Metrics } from '../../observability/metrics.js';
import type { Reply } from '../../replies/model.js';
import type { UserStore } from '../../store/ports.js';
import { SendError } from '../channel.js';
import { classifyTelegramError } from './errors.js';
import { callOrThrow, type DirectCall } from './json-calls.js';
import { renderReply, type RenderOptions, type TelegramOp } from './render.js';

export interface SenderTuning {
  /** Attempts per Telegram call, the first included. */
  maxAttempts: number;
  /** A retry_after longer than this is not waited out in-process; the caller gets 'rate-limited'. */
  maxRetryAfterMs: number;
  /** Per-call timeout; after it the message may or may not have arrived ('unknown'). */
  sendTimeoutMs: number;
  /** Pause before repeating a request that failed before reaching Telegram. */
  transientDelayMs: number;
}

export const DEFAULT_SENDER_TUNING: SenderTuning = {
  maxAttempts: 4,
  maxRetryAfterMs: 30_000,
  sendTimeoutMs: 20_000,
  transientDelayMs: 500,
};

/** grammY types signals with the abort-controller polyfill; the native one works the same at runtime. */
export type GrammySignal = NonNullable<Parameters<Api['getMe']>[0]>;
export const timeoutSignal = (ms: number) => AbortSignal.timeout(ms) as unknown as GrammySignal;

/**
 * Runs `call` with a signal that aborts after `ms`, as AbortSignal.timeout would (same TimeoutError
 * reason), but drops the timer as soon as the call settles: AbortSignal.timeout's timer always runs
 * out later and builds its error then, a cost every reply paid seconds after it was sent.
 */
export async function withTimeoutSignal<T>(ms: number, call: (signal: GrammySignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  timer.unref();
  try {
    return await call(controller.signal as unknown as GrammySignal);
  } finally {
    clearTimeout(timer);
  }
}

/** The channel's metric labels, made once: every update and every reply is counted with them. */
export const TELEGRAM_LABELS = labelsOf({ channel: 'telegram' });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Telegram takes chat ids as numbers; our user ids are their decimal strings. */
export function chatIdOf(userId: string): number | undefined {
  if (!/^-?\d{1,20}$/.test(userId)) return undefined;
  const n = Number(userId);
  return Number.isSafeInteger(n) ? n : undefined;
}

export class TelegramSender {
  constructor(
    private readonly api: Api,
    private readonly deps: { store: UserStore; logger: Logger; metrics: Metrics },
    private readonly tuning: SenderTuning = DEFAULT_SENDER_TUNING,
    /**
     * True when `api`'s own per-call timeout (grammY's timeoutSeconds) is sendTimeoutMs: a call then
     * needs no signal of its own. A timer, an AbortController and grammY's listener on its signal
     * cost several µs a call, on every reply.
     */
    private readonly apiTimesOut = false,
    /**
     * Sends messages without grammY's Api and without reading back the message Telegram returns
     * (json-calls.ts), which nothing here uses; the same request, the same errors. Files and, when
     * unset, messages too go through `api`.
     */
    private readonly direct?: DirectCall,
  ) {}

  /**
   * Sends every message of `reply` in order. Throws SendError on the first one that fails for good.
   * `paid`: as a paid broadcast (allow_paid_broadcast: beyond 30/s, charged in Stars; the 1/s per
   * chat still holds, and the outbox keeps it). `silent`: without sound (disable_notification).
   */
  async deliver(userId: string, reply: Reply, options: RenderOptions = {}, broadcast: { paid?: boolean; silent?: boolean } = {}): Promise<void> {
    const chatId = chatIdOf(userId);
    if (chatId === undefined) throw new SendError('not a Telegram chat id', 'permanent', { code: 'bad-user-id' });
    const { ops, dropped } = renderReply(reply, options);
    if (dropped > 0) {
      this.deps.logger.warn({ user: logUser('telegram', userId), dropped }, 'telegram: buttons dropped (empty label or action over 64 bytes)');
    }
    for (const op of ops) {
      await this.call(userId, chatId, op, broadcast);
      this.deps.metrics.inc('nghebot_replies_out_total', TELEGRAM_LABELS);
    }
  }

  private async call(userId: string, chatId: number, op: TelegramOp, broadcast: { paid?: boolean; silent?: boolean }): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.once(chatId, op, broadcast);
        return;
      } catch (err) {
        const c = classifyTelegramError(err);
        const user = logUser('telegram', userId);
        const last = attempt >= this.tuning.maxAttempts;
        if (c.failure === 'rate-limited' && !last && (c.retryAfterMs ?? 0) <= this.tuning.maxRetryAfterMs) {
          this.deps.logger.info({ user, method: op.method, retryAfterMs: c.retryAfterMs, attempt }, 'telegram: 429, waiting');
          await sleep(c.retryAfterMs ?? 1000);
          continue;
        }
        if (c.failure === 'transient' && !last) {
          await sleep(this.tuning.transientDelayMs * attempt);
          continue;
        }
        this.deps.metrics.inc('nghebot_errors_total', { channel: 'telegram', kind: `send-${c.failure}` });
        this.deps.logger.warn({ user, method: op.method, failure: c.failure, code: c.code, attempt }, 'telegram: send failed');
        if (c.userGone) await this.markGone(userId, c.userGone);
        throw new SendError(`telegram ${op.method} failed: ${c.failure} (${c.code})`, c.failure, {
          code: c.code,
          ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}),
        });
      }
    }
  }

  private async once(chatId: number, op: TelegramOp, broadcast: { paid?: boolean; silent?: boolean }): Promise<void> {
    // Either way a call cut off by the timeout fails as an HttpError without a network code: 'unknown'.
    if (this.apiTimesOut) await this.send(chatId, op, broadcast);
    else await withTimeoutSignal(this.tuning.sendTimeoutMs, (signal) => this.send(chatId, op, broadcast, signal));
  }

  private async send(chatId: number, op: TelegramOp, broadcast: { paid?: boolean; silent?: boolean }, signal?: GrammySignal): Promise<void> {
    if (op.method === 'sendMessage' && this.direct) {
      // The payload grammY's sendMessage would build: chat_id, text, then the options in this order.
      const payload: Record<string, unknown> = { chat_id: chatId, text: op.text };
      if (op.reply_markup) payload.reply_markup = op.reply_markup;
      if (broadcast.paid) payload.allow_paid_broadcast = true;
      if (broadcast.silent) payload.disable_notification = true;
      return callOrThrow(this.direct, 'sendMessage', payload, signal);
    }
    const markup = {
      ...(op.reply_markup ? { reply_markup: op.reply_markup } : {}),
      ...(broadcast.paid ? { allow_paid_broadcast: true } : {}),
      ...(broadcast.silent ? { disable_notification: true } : {}),
    };
    if (op.method === 'sendMessage') await this.api.sendMessage(chatId, op.text, markup, signal);
    else await this.api.sendDocument(chatId, new InputFile(op.file.data, op.file.filename), markup, signal);
  }

  private async markGone(userId: string, reason: string): Promise<void> {
    try {
      await this.deps.store.setUserActive({ channel: 'telegram', userId }, false, reason);
    } catch (err) {
      // The send outcome matters more than the flag; the next send will find out again.
      this.deps.logger.error({ user: logUser('telegram', userId), err: (err as Error).message }, 'telegram: could not mark user inactive');
    }
  }
}
