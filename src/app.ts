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
import { keepArrayKindsSteady } from './server/jit-tuning.js';
import type { Handler, Notifier } from './conversation/handler.js';
import { createConversationService } from './conversation/router.js';
import { webChannelSettings } from './channels/web/settings.js';
import type { ConversationService } from './conversation/service.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { openStore } from './store/index.js';
import { systemClock, type Clock } from './time/clock.js';
import type { Store } from './store/ports.js';
import { defaultHandlers } from '../handlers/index.js';
import { createHandoffGate } from './handoff/gate.js';
import { composeHooks } from './conversation/hooks.js';
import { createQuestionCounter } from './question-stats/tally.js';
import { OutboxNotifier } from './broadcast/notifier.js';
import { OutboxWorker } from './broadcast/outbox.js';
import { quietPolicy } from './broadcast/quiet-hours.js';
import { outboxTuningFromConfig, validateBroadcastConfig, type BroadcastRuntimeOptions } from './broadcast/runtime.js';
import { AnnouncementJob } from '../jobs/announcements.js';
import { initDigestWatermark, runDigest } from '../jobs/digest.js';
import { runReminders } from '../jobs/reminders.js';
import { Scheduler } from '../jobs/scheduler.js';
import { HandoffService } from './handoff/service.js';
import { UnansweredService } from './unanswered/service.js';
import { inboxSection } from './console/sections/inbox.js';
import { unansweredSection } from './console/sections/unanswered.js';

/** How often open hand-off tickets are checked for the timeout (HANDOFF_TIMEOUT_MINUTES). */
const HANDOFF_SWEEP_MS = 60_000;

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
  /** What "now" is for the store and the conversation (default: the system clock in TIMEZONE). */
  clock?: Clock;
}

export async function createCore(config: AppConfig, options: CoreOptions = {}): Promise<Core> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const metrics = new Metrics();
  const clock = options.clock ?? systemClock(config.TIMEZONE);
  const store = await openStore({
    dataDir: config.DATA_DIR,
    mongodbUri: config.MONGODB_URI,
    log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
    clock,
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
      now: () => clock.now(),
      hooks: composeHooks(createHandoffGate({ logger }), createQuestionCounter({ logger })),
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
  keepArrayKindsSteady();
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
  // The console's inbox and unanswered questions: the same services as the officers' chat commands and the CLI.
  const consoleSections = [
    inboxSection(new HandoffService({ store: core.store, config, notifier: core.notifier })),
    unansweredSection(new UnansweredService({ store: core.store, engine: core.engine })),
  ];
  const clock = options.clock;
  const server = await buildServer({ ...deps, channels, channelHealth, engine: core.engine, consoleSections, ...(clock ? { now: () => clock.now() } : {}) });
  let stopped = false;
  let broadcast: Background | undefined;
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
      broadcast = await startBackground({ config, store: core.store, channels: started, logger: core.logger, metrics: core.metrics }, options.broadcast);
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

interface Background {
  stop(): Promise<void>;
}

/**
 * What `serve` runs beside the conversations, started after the channels and stopped before them:
 * the outbox worker sending through the live channels, and the scheduler (digest and reminders at
 * DIGEST_CRON, the announcement poller every second, the hand-off timeout sweep every minute).
 */
async function startBackground(
  deps: { config: AppConfig; store: Store; channels: Channel[]; logger: Logger; metrics: Metrics },
  options: BroadcastRuntimeOptions = {},
): Promise<Background> {
  const { config, store } = deps;
  const logger = deps.logger.child({ component: 'broadcast' });
  const quiet = quietPolicy(config);
  const worker = new OutboxWorker({ store, channels: deps.channels, logger, quiet, metrics: deps.metrics, tuning: outboxTuningFromConfig(config, options.outbox) });
  const scheduler = new Scheduler({ store, logger, timeZone: config.TIMEZONE, owner: worker.workerId });
  const announcements = new AnnouncementJob({ store, logger, quiet, owner: worker.workerId, onFanOut: () => worker.poke() });
  const handoff = new HandoffService({ store, config, notifier: new OutboxNotifier(store, logger) });
  scheduler
    .add({ name: 'digest', cron: config.DIGEST_CRON, run: (at) => runDigest({ store, logger, timeZone: config.TIMEZONE }, at) })
    .add({ name: 'reminders', cron: config.DIGEST_CRON, run: (at) => runReminders({ store, logger, timeZone: config.TIMEZONE, days: config.REMINDER_DAYS }, at) })
    .every('announcements', options.pollMs ?? 1000, () => announcements.tick(new Date()))
    .every('handoff-timeouts', HANDOFF_SWEEP_MS, () => handoff.closeExpired(new Date()));
  await initDigestWatermark(store);
  scheduler.start();
  worker.start();
  return {
    async stop() {
      await scheduler.stop();
      await worker.stop();
    },
  };
}

/** The chat page's address for the start log: a wildcard bind is reached through localhost. */
function chatAddress(address: string): string {
  return address.replace('://0.0.0.0', '://localhost').replace('://[::]', '://localhost') + '/chat';
}
