/**
 * Wiring only: builds the core (store, engine, conversation service) and, for `serve`, the channels
 * and the HTTP server around it. No logic lives here.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from './config.js';
import { telegramEnabled, zaloEnabled } from './config.js';
import type { Channel } from './channels/channel.js';
import { importPaths } from './content/import.js';
import type { AnswerEngine } from './engine/engine.js';
import { loadCheckedEngine } from './search-check.js';
import type { Handler, Notifier } from './conversation/handler.js';
import { createConversationService } from './conversation/router.js';
import { webChannelSettings } from './channels/web/settings.js';
import type { ConversationService } from './conversation/service.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { openStore } from './store/index.js';
import type { Store } from './store/types.js';
import { defaultHandlers } from '../handlers/index.js';
import { OutboxNotifier } from './broadcast/notifier.js';
import { startBroadcastRuntime, validateBroadcastConfig, type BroadcastRuntime, type BroadcastRuntimeOptions } from './broadcast/runtime.js';

export interface Core {
  config: AppConfig;
  logger: Logger;
  metrics: Metrics;
  store: Store;
  engine: AnswerEngine;
  service: ConversationService;
  /** Where replies to users other than the sender go: queued in the store's outbox, sent by `serve`. */
  notifier: Notifier;
  close(): Promise<void>;
}

export interface CoreOptions {
  logger?: Logger;
  handlers?: Handler[];
  /** Import the shipped content pack into an empty store (the bot does; one-off CLI commands do not). */
  seed?: boolean;
  /** Outbox and announcement-poller tuning for `serve` (tests and benchmarks shorten them). */
  broadcast?: BroadcastRuntimeOptions;
}

export async function createCore(config: AppConfig, options: CoreOptions = {}): Promise<Core> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const metrics = new Metrics();
  const store = await openStore({
    dataDir: config.DATA_DIR,
    mongodbUri: config.MONGODB_URI,
    log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
  });
  try {
    if (options.seed && config.SEED_CONTENT && (await store.countItems()) === 0) {
      const result = await importPaths(store, [config.CONTENT_DIR]);
      logger.info({ inserted: result.inserted, dir: config.CONTENT_DIR }, 'empty store: loaded the shipped content pack');
    }
    const engine = await loadCheckedEngine(store, { snapshotPath: join(config.DATA_DIR, 'search-index.snapshot'), logger }, logger);
    const notifier = new OutboxNotifier(store, logger);
    const service = createConversationService({
      store,
      engine,
      config,
      logger,
      metrics,
      notifier,
      handlers: options.handlers ?? defaultHandlers(),
    });
    const close = async () => {
      await engine.close();
      await store.close();
    };
    return { config, logger, metrics, store, engine, service, notifier, close };
  } catch (err) {
    await store.close();
    throw err;
  }
}

export interface ServerApp extends Core {
  server: FastifyInstance;
  channels: Channel[];
  /** Starts channels (polling, webhooks) and listens on PORT. */
  listen(): Promise<string>;
  /** Stops taking updates, lets in-flight ones finish, closes the store. */
  stop(): Promise<void>;
}

export async function createServerApp(config: AppConfig, options: CoreOptions = {}): Promise<ServerApp> {
  validateBroadcastConfig(config);
  const core = await createCore(config, { seed: true, ...options });
  const deps = { config, store: core.store, service: core.service, logger: core.logger, metrics: core.metrics };
  const channels: Channel[] = [];
  const { createWebChannel } = await import('./channels/web/index.js');
  channels.push(createWebChannel({ ...deps, ...webChannelSettings(config) }));
  if (telegramEnabled(config)) {
    const { createTelegramChannel } = await import('./channels/telegram/index.js');
    channels.push(createTelegramChannel(deps));
  }
  if (zaloEnabled(config)) {
    const { createZaloChannel } = await import('./channels/zalo/index.js');
    channels.push(createZaloChannel(deps));
  }
  const { buildServer } = await import('./server/app.js');
  const { ChannelHealth } = await import('./server/channel-health.js');
  const channelHealth = new ChannelHealth(channels.map((c) => c.name));
  const server = await buildServer({ ...deps, channels, channelHealth, engine: core.engine });
  let stopped = false;
  let broadcast: BroadcastRuntime | undefined;
  return {
    ...core,
    server,
    channels,
    async listen() {
      await core.engine.warmUp();
      const address = await server.listen({ port: config.PORT, host: config.HOST });
      const started: Channel[] = [];
      for (const c of channels) {
        try {
          await c.start();
          started.push(c);
        } catch (err) {
          // One clear line and the channel reported down in /healthz; the other channels keep serving.
          channelHealth.markDown(c.name, 'could not start');
          core.logger.error(
            { channel: c.name, reason: (err as Error).message },
            `${c.name}: could not start, check its settings (README, "Channels"); the other channels keep running`,
          );
        }
      }
      broadcast = await startBroadcastRuntime({ config, store: core.store, channels: started, logger: core.logger, metrics: core.metrics }, options.broadcast);
      const chatUrl = chatAddress(address);
      core.logger.info({ address, chat: chatUrl, channels: started.map((c) => c.name), store: core.store.kind }, `nghebot listening: web chat at ${chatUrl}`);
      return address;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Broadcasts first: in-flight sends finish through channels that are still up.
      await broadcast?.stop().catch((err) => core.logger.error({ err }, 'broadcast stop failed'));
      for (const c of channels) await c.stop().catch((err) => core.logger.error({ err }, 'channel stop failed'));
      await server.close();
      await core.close();
    },
  };
}

/** The chat page's address for the start log: a wildcard bind is reached through localhost. */
function chatAddress(address: string): string {
  return address.replace('://0.0.0.0', '://localhost').replace('://[::]', '://localhost') + '/chat';
}
