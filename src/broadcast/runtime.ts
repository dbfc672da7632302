/**
 * The settings of what `serve` runs for broadcasts (the outbox worker and the scheduled jobs, wired
 * in src/app.ts): checked before anything starts, and the outbox's send rates from the configuration.
 */
import { ConfigError, type AppConfig } from '../config.js';
import { validateCron } from './cron.js';
import { DEFAULT_OUTBOX_TUNING, type OutboxTuningOverrides } from './outbox.js';
import { quietPolicy } from './quiet-hours.js';
import { assertTimeZone } from './zoned-time.js';

export interface BroadcastRuntimeOptions {
  outbox?: OutboxTuningOverrides;
  /** Announcement poll interval (default 1 s). */
  pollMs?: number;
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
