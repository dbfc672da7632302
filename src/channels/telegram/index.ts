/**
 * The Telegram channel: a grammY Bot fed by long polling (default) or by the webhook route
 * (when TELEGRAM_WEBHOOK_URL is set), turning updates into conversation turns and Replies into
 * Bot API calls. It knows nothing of content; see turn.ts for what happens to one update.
 */
import { Bot, type ApiClientOptions } from 'grammy';
import { botApiFetch } from './bot-api-fetch.js';
import { directCall, directJsonCalls } from './json-calls.js';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import type { AppConfig } from '../../config.js';
import type { ConversationService } from '../../conversation/service.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Reply } from '../../replies/model.js';
import type { DedupeStore, UserStore } from '../../store/ports.js';
import type { Channel } from '../channel.js';
import type { SendContext } from '../send-context.js';
import { KeyedSerialQueue } from './dispatch.js';
import { DEFAULT_SENDER_TUNING, TelegramSender, timeoutSignal, type GrammySignal, type SenderTuning } from './sender.js';
import { handleTelegramUpdate, type TurnDeps } from './turn.js';
import { registerWebhookRoute, WEBHOOK_PATH } from './webhook.js';

export { WEBHOOK_PATH } from './webhook.js';

/** Only these update types are used; asking for fewer saves traffic and work. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface TelegramTuning extends SenderTuning {
  /** getUpdates long-poll timeout in seconds. */
  pollTimeoutSec: number;
  /** Users handled at once in long polling (each user's updates stay in order). */
  pollConcurrency: number;
  /** How long start() waits for getMe / setWebhook before failing. */
  startTimeoutMs: number;
}

export const DEFAULT_TELEGRAM_TUNING: TelegramTuning = {
  ...DEFAULT_SENDER_TUNING,
  pollTimeoutSec: 30,
  pollConcurrency: 8,
  startTimeoutMs: 30_000,
};

export interface TelegramChannelDeps {
  config: AppConfig;
  store: UserStore & DedupeStore;
  service: ConversationService;
  logger: Logger;
  metrics: Metrics;
  /** Timings and limits; tests shorten them. */
  tuning?: Partial<TelegramTuning>;
}

/** The user an update belongs to, so polling keeps each user's turns in order. */
function userKeyOf(update: Update): string {
  const from = update.message?.from ?? update.callback_query?.from ?? update.my_chat_member?.from;
  return from ? `u:${from.id}` : `upd:${update.update_id}`;
}

export function createTelegramChannel(deps: TelegramChannelDeps): Channel {
  const { config, logger } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const tuning: TelegramTuning = { ...DEFAULT_TELEGRAM_TUNING, ...deps.tuning };
  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  const webhookSecret = webhookUrl ? config.TELEGRAM_WEBHOOK_SECRET : undefined;
  const log = logger.child({ channel: 'telegram' });

  const apiRoot = config.TELEGRAM_API_ROOT?.replace(/\/+$/, '');
  // Polling: above the long-poll timeout, so only a truly stuck request is cut off (sends then
  // carry their own, shorter timeout). Webhook: no call waits long, so every call gets the send
  // timeout here (start-up calls too, under their own longer limit), and sends need no timer and
  // signal of their own.
  const timeoutSeconds = webhookUrl ? tuning.sendTimeoutMs / 1000 : tuning.pollTimeoutSec + 15;
  const bot = new Bot(token, {
    client: {
      ...(apiRoot ? { apiRoot } : {}),
      timeoutSeconds,
      // grammY types its fetch as node-fetch's; it uses only what bot-api-fetch.ts provides.
      fetch: botApiFetch as unknown as NonNullable<ApiClientOptions['fetch']>,
    },
  });
  // The calls of every turn skip grammY's client (json-calls.ts); the rest go through it.
  const direct = { apiRoot: apiRoot ?? 'https://api.telegram.org', token, timeoutMs: timeoutSeconds * 1000 };
  bot.api.config.use(directJsonCalls(direct));
  const sender = new TelegramSender(bot.api, { store: deps.store, logger: log, metrics: deps.metrics }, tuning, Boolean(webhookUrl), directCall(direct, { needResult: false }));
  const turnDeps: TurnDeps = { api: bot.api, store: deps.store, service: deps.service, sender, logger: log, metrics: deps.metrics };

  const inflight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  };
  const queue = new KeyedSerialQueue(tuning.pollConcurrency);
  let accepting = false;
  let polling: Promise<void> | undefined;

  // Long polling enters here; the webhook route calls handleTelegramUpdate directly.
  bot.use(async (ctx) => {
    const update = ctx.update;
    await queue.push(userKeyOf(update), () => track(handleTelegramUpdate(turnDeps, update, { onDedupeFailure: 'proceed' })));
  });
  // turn.ts catches everything; this only guards grammY's loop against the unexpected.
  bot.catch((err) => {
    deps.metrics.inc('nghebot_errors_total', { channel: 'telegram', kind: 'polling' });
    log.error({ err: (err.error as Error)?.message }, 'telegram: middleware error');
  });

  const withTimeout = async <T>(what: string, run: (signal: GrammySignal) => Promise<T>): Promise<T> => {
    const signal = timeoutSignal(tuning.startTimeoutMs);
    try {
      return await run(signal);
    } catch (err) {
      throw new Error(`telegram: ${what} failed: ${(err as Error).message}`);
    }
  };

  return {
    name: 'telegram',

    registerRoutes(app: FastifyInstance) {
      registerWebhookRoute(app, {
        secret: webhookSecret,
        accepting: () => accepting,
        process: (update) => track(handleTelegramUpdate(turnDeps, update, { onDedupeFailure: 'throw' })),
        onRejected: (reason) => {
          deps.metrics.inc('nghebot_errors_total', { channel: 'telegram', kind: `webhook-${reason}` });
          log.warn({ reason, path: WEBHOOK_PATH }, 'telegram: webhook request rejected');
        },
      });
    },

    async start() {
      // getMe checks the token and fills botInfo, which grammY needs before handling updates.
      await withTimeout('getMe', (signal) => bot.init(signal));
      log.info({ botId: bot.botInfo.id, mode: webhookUrl ? 'webhook' : 'polling' }, 'telegram: starting');
      if (webhookUrl) {
        await withTimeout('setWebhook', (signal) =>
          bot.api.setWebhook(
            webhookUrl,
            { secret_token: webhookSecret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false },
            signal,
          ),
        );
        accepting = true;
        return;
      }
      accepting = true;
      await new Promise<void>((resolve, reject) => {
        // grammY retries deleteWebhook forever while Telegram is unreachable; do not hold up the app for it.
        const slow = setTimeout(() => {
          log.warn('telegram: long polling not up yet, still retrying in the background');
          resolve();
        }, tuning.startTimeoutMs);
        slow.unref();
        polling = bot
          .start({
            drop_pending_updates: false,
            allowed_updates: [...ALLOWED_UPDATES],
            timeout: tuning.pollTimeoutSec,
            onStart: () => {
              clearTimeout(slow);
              resolve();
            },
          })
          .catch((err: unknown) => {
            // 401 (token revoked) or 409 (another instance polls): polling has stopped for good.
            deps.metrics.inc('nghebot_errors_total', { channel: 'telegram', kind: 'polling' });
            log.error({ err: (err as Error).message }, 'telegram: long polling stopped');
            clearTimeout(slow);
            reject(err as Error);
          });
      });
    },

    async stop() {
      accepting = false;
      if (bot.isRunning()) {
        try {
          // Aborts the pending getUpdates and confirms the offset of what was fetched.
          await bot.stop();
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'telegram: stop could not confirm offset');
        }
      }
      await polling;
      await queue.drain();
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      log.info('telegram: stopped');
    },

    async send(userId: string, reply: Reply, context?: SendContext) {
      // Out-of-conversation sends are the broadcasts: paid when the operator chose so.
      await sender.deliver(userId, reply, {}, { paid: deps.config.TELEGRAM_PAID_BROADCAST, silent: context?.silent === true });
    },
  };
}
