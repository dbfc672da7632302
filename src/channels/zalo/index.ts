/**
 * The Zalo OA channel: wires the token manager, API client, reply sender and webhook together
 * behind the Channel interface. Knows nothing of content; the ConversationService decides replies.
 */
import type { AppConfig } from '../../config.js';
import type { ConversationService } from '../../conversation/service.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Reply } from '../../replies/model.js';
import type { DedupeStore, SettingsStore, UserStore } from '../../store/ports.js';
import { SendError, type Channel } from '../channel.js';
import { ZaloClient } from './client.js';
import { ZaloSender } from './sender.js';
import { ZaloTokenManager } from './tokens.js';
import { ZaloWebhook } from './webhook.js';

export interface ZaloChannelDeps {
  config: AppConfig;
  store: UserStore & DedupeStore & SettingsStore;
  service: ConversationService;
  logger: Logger;
  metrics: Metrics;
  /** Timing knobs, for tests; production uses the defaults. */
  options?: {
    rateLimitBackoffMs?: number[];
    rateLimitRetryAfterMs?: number;
    timeoutMs?: number;
    now?: () => number;
  };
}

export function createZaloChannel(deps: ZaloChannelDeps): Channel {
  const { config, store, metrics, options = {} } = deps;
  const { ZALO_APP_ID: appId, ZALO_APP_SECRET: appSecret, ZALO_OA_SECRET_KEY: oaSecretKey, ZALO_REFRESH_TOKEN: seed } = config;
  if (!appId || !appSecret || !oaSecretKey || !seed) {
    throw new Error('Zalo channel needs ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY and ZALO_REFRESH_TOKEN');
  }
  const logger = deps.logger.child({ channel: 'zalo' });
  const tokens = new ZaloTokenManager({
    store,
    logger,
    appId,
    appSecret,
    seedRefreshToken: seed,
    oauthBase: config.ZALO_OAUTH_BASE,
    ...(options.now ? { now: options.now } : {}),
  });
  const client = new ZaloClient({
    apiBase: config.ZALO_API_BASE,
    tokens,
    store,
    logger,
    metrics,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.rateLimitBackoffMs ? { rateLimitBackoffMs: options.rateLimitBackoffMs } : {}),
    ...(options.rateLimitRetryAfterMs !== undefined ? { rateLimitRetryAfterMs: options.rateLimitRetryAfterMs } : {}),
  });
  const sender = new ZaloSender(client, logger);
  const webhook = new ZaloWebhook({
    appId,
    oaSecretKey,
    store,
    service: deps.service,
    sender,
    logger,
    metrics,
    ...(options.now ? { now: options.now } : {}),
  });
  let warmUp: Promise<void> | undefined;

  return {
    name: 'zalo',
    registerRoutes(app) {
      webhook.register(app);
    },
    async start() {
      // Load (or first seed) the token in the background: a slow or down Zalo must not hold up start-up.
      warmUp = tokens.getAccessToken().then(
        () => logger.info('zalo channel ready'),
        () => logger.error('zalo channel has no usable access token yet; sends will fail until it refreshes'),
      );
    },
    async stop() {
      await webhook.stop();
      await warmUp;
    },
    async send(userId: string, reply: Reply) {
      try {
        await sender.deliver(userId, reply, { inTurn: false });
      } catch (err) {
        if (err instanceof SendError) throw err;
        // Not from the API path (a bug or a store failure): the message may or may not have left.
        throw new SendError('zalo send failed unexpectedly', 'unknown');
      }
    },
  };
}
