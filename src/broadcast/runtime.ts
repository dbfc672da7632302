/**
 * Everything `serve` runs for broadcasts, started after the channels and stopped before them:
 * the scheduler (digest and reminders at DIGEST_CRON, the announcement poller every second) and
 * the outbox worker that sends through the live channels.
 */
import { AnnouncementJob } from '../../jobs/announcements.js';
import { initDigestWatermark, runDigest } from '../../jobs/digest.js';
import { runReminders } from '../../jobs/reminders.js';
import { Scheduler } from '../../jobs/scheduler.js';
import type { Channel } from '../channels/channel.js';
import { ConfigError, type AppConfig } from '../config.js';
import { validateCron } from './cron.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/types.js';
import { DEFAULT_OUTBOX_TUNING, OutboxWorker, type OutboxTuningOverrides } from './outbox.js';
import { quietPolicy } from './quiet-hours.js';
import { assertTimeZone } from './zoned-time.js';

export interface BroadcastRuntimeOptions {
  outbox?: OutboxTuningOverrides;
  /** Announcement poll interval (default 1 s). */
  pollMs?: number;
}

export interface BroadcastRuntime {
  worker: OutboxWorker;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/** Checks DIGEST_CRON, QUIET_HOURS and TIMEZONE; throws a message naming the bad one. Cheap, so `serve` calls it before starting anything. */
export function validateBroadcastConfig(config: AppConfig): void {
  const problems: string[] = [];
  try {
    assertTimeZone(config.TIMEZONE);
  } catch (err) {
    problems.push(`TIMEZONE: ${(err as Error).message}`);
  }
  try {
    quietPolicy(config);
  } catch (err) {
    problems.push(`QUIET_HOURS: ${(err as Error).message}`);
  }
  try {
    validateCron(config.DIGEST_CRON, { allowSeconds: true });
  } catch (err) {
    problems.push(`DIGEST_CRON: ${(err as Error).message}`);
  }
  if (problems.length) throw new ConfigError(problems);
}

/** The configured send rates under any tuning given in code (tests and benchmarks), which wins. */
export function outboxTuningFromConfig(config: AppConfig, overrides: OutboxTuningOverrides = {}): OutboxTuningOverrides {
  // Enough Telegram lanes for the rate at about 100 ms a call (paid broadcasts go far beyond 30/s).
  const telegramLanes = Math.max(DEFAULT_OUTBOX_TUNING.concurrency.telegram, Math.ceil(config.TELEGRAM_SEND_RATE / 10));
  return {
    ...overrides,
    concurrency: { telegram: telegramLanes, ...overrides.concurrency },
    limits: {
      ...overrides.limits,
      telegram: { perSecond: config.TELEGRAM_SEND_RATE, ...overrides.limits?.telegram },
      zalo: { perSecond: config.ZALO_SEND_RATE, ...overrides.limits?.zalo },
    },
  };
}

/** Builds and starts the runtime. Throws (before starting anything) on a bad DIGEST_CRON, QUIET_HOURS or TIMEZONE. */
export async function startBroadcastRuntime(
  deps: { config: AppConfig; store: Store; channels: Channel[]; logger: Logger; metrics?: Metrics },
  options: BroadcastRuntimeOptions = {},
): Promise<BroadcastRuntime> {
  const { config, store } = deps;
  const logger = deps.logger.child({ component: 'broadcast' });
  validateBroadcastConfig(config);
  const quiet = quietPolicy(config);
  const worker = new OutboxWorker({
    store,
    channels: deps.channels,
    logger,
    quiet,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    tuning: outboxTuningFromConfig(config, options.outbox),
  });
  const scheduler = new Scheduler({ store, logger, timeZone: config.TIMEZONE, owner: worker.workerId });
  const announcements = new AnnouncementJob({ store, logger, quiet, owner: worker.workerId, onFanOut: () => worker.poke() });
  scheduler
    .add({ name: 'digest', cron: config.DIGEST_CRON, run: (at) => runDigest({ store, logger, timeZone: config.TIMEZONE }, at) })
    .add({
      name: 'reminders',
      cron: config.DIGEST_CRON,
      run: (at) => runReminders({ store, logger, timeZone: config.TIMEZONE, days: config.REMINDER_DAYS }, at),
    })
    .every('announcements', options.pollMs ?? 1000, () => announcements.tick(new Date()));
  await initDigestWatermark(store);
  scheduler.start();
  worker.start();
  return {
    worker,
    scheduler,
    async stop() {
      await scheduler.stop();
      await worker.stop();
    },
  };
}
