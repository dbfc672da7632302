/**
 * One Telegram update from arrival to the last reply: de-duplicate on update_id, answer the
 * callback spinner, keep the user's active flag in step with blocks and /start, ask the
 * ConversationService, and send what it returns. Shared by long polling and the webhook route.
 */
import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { ConversationService } from '../../conversation/service.js';
import type { Logger } from '../../observability/logger.js';
import { logUser } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Reply } from '../../replies/model.js';
import type { DedupeStore, UserStore } from '../../store/ports.js';
import { SendError } from '../channel.js';
import { adaptUpdate } from './adapter.js';
import { TELEGRAM_LABELS, withTimeoutSignal, type TelegramSender } from './sender.js';

/** Telegram keeps undelivered updates for 24 h, so a longer memory of update_ids gains nothing. */
export const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** Shown when the service fails, so the user is not left without an answer. */
export const FAILURE_REPLY: Reply = { text: 'Xin lỗi, hệ thống đang gặp sự cố. Bạn vui lòng thử lại sau ít phút.' };

/** The store could not record the update_id: the webhook answers 503 so Telegram sends it again. */
export class DedupeUnavailableError extends Error {
  constructor(cause: unknown) {
    super('telegram: dedupe store unavailable', { cause });
    this.name = 'DedupeUnavailableError';
  }
}

export type TurnOutcome = 'handled' | 'duplicate' | 'ignored';

export interface TurnDeps {
  api: Api;
  store: UserStore & DedupeStore;
  service: ConversationService;
  sender: TelegramSender;
  logger: Logger;
  metrics: Metrics;
}

export interface TurnOptions {
  /**
   * When the dedupe store fails: 'throw' (webhook: answer 503, Telegram retries) or 'proceed'
   * (long polling: the offset is already confirmed, so handling without dedupe beats losing the message).
   */
  onDedupeFailure: 'throw' | 'proceed';
}

export async function handleTelegramUpdate(deps: TurnDeps, update: Update, options: TurnOptions): Promise<TurnOutcome> {
  const started = Date.now();
  const { logger, metrics } = deps;
  metrics.inc('nghebot_updates_in_total', TELEGRAM_LABELS);
  const updateId = update.update_id;

  try {
    const first = await deps.store.markProcessed('telegram:update', String(updateId), DEDUPE_TTL_MS);
    if (!first) {
      logger.debug({ updateId }, 'telegram: duplicate update skipped');
      return 'duplicate';
    }
  } catch (err) {
    metrics.inc('nghebot_errors_total', { channel: 'telegram', kind: 'dedupe' });
    logger.error({ updateId, err: (err as Error).message }, 'telegram: dedupe store failed');
    if (options.onDedupeFailure === 'throw') throw new DedupeUnavailableError(err);
  }

  try {
    // Answer first, before anything can fail: the user's button stops spinning whatever happens next.
    const callbackQueryId = update.callback_query?.id;
    if (typeof callbackQueryId === 'string') await answerCallback(deps, callbackQueryId, updateId);

    const adapted = adaptUpdate(update);

    if (adapted.type === 'ignore') {
      logger.debug({ updateId, reason: adapted.reason }, 'telegram: update ignored');
      return 'ignored';
    }
    if (adapted.type === 'membership') {
      await deps.store.setUserActive({ channel: 'telegram', userId: adapted.userId }, adapted.active, adapted.reason);
      logger.info({ updateId, user: logUser('telegram', adapted.userId), active: adapted.active }, 'telegram: membership changed');
      // The service may tidy up after a block; nothing it answers can reach a user who blocked us.
      if (adapted.msg) await deps.service.handle(adapted.msg);
      return 'handled';
    }

    const { msg } = adapted;
    // /start after a block means the user is back: deliveries may reach them again.
    if (msg.kind === 'start') await deps.store.setUserActive({ channel: 'telegram', userId: msg.userId }, true);

    let replies: Reply[];
    try {
      replies = await deps.service.handle(msg);
    } catch (err) {
      metrics.inc('nghebot_errors_total', { channel: 'telegram', kind: 'service' });
      logger.error({ updateId, user: logUser('telegram', msg.userId), kind: msg.kind, err: (err as Error).message }, 'telegram: service failed');
      replies = [FAILURE_REPLY];
    }

    for (const [i, reply] of replies.entries()) {
      try {
        await deps.sender.deliver(msg.userId, reply, { removeReplyKeyboard: msg.kind === 'contact' && i === 0 });
      } catch (err) {
        // The sender already counted and logged it, and marked a blocked user inactive.
        if (err instanceof SendError) break;
        throw err;
      }
    }
    if (logger.isLevelEnabled('info')) logger.info({ updateId, user: logUser('telegram', msg.userId), kind: msg.kind, replies: replies.length, ms: Date.now() - started }, 'telegram: update handled');
    return 'handled';
  } catch (err) {
    // Never let one bad update stop polling or fail the webhook into an endless redelivery.
    metrics.inc('nghebot_errors_total', { channel: 'telegram', kind: 'update' });
    logger.error({ updateId, err: (err as Error).message }, 'telegram: update failed');
    return 'handled';
  } finally {
    metrics.observeMs('nghebot_update_latency_seconds', Date.now() - started, TELEGRAM_LABELS);
  }
}

async function answerCallback(deps: TurnDeps, id: string, updateId: number): Promise<void> {
  try {
    await withTimeoutSignal(10_000, (signal) => deps.api.answerCallbackQuery(id, undefined, signal));
  } catch (err) {
    // An old or already answered query gives 400; the turn still goes on.
    deps.logger.warn({ updateId, err: (err as Error).message }, 'telegram: answerCallbackQuery failed');
  }
}
