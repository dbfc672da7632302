/**
 * The outbox's knobs and their defaults, apart from the worker so that configuration (src/config.ts)
 * can check OUTBOX_* variables against the same defaults without loading the channels.
 */
import type { ChannelName } from '../store/types.js';
import type { RateLimit } from './rate-limiter.js';

export interface OutboxTuning {
  /** How often an idle worker looks for due deliveries (the CLI's announcements appear this fast). */
  pollMs: number;
  /** Claim lease. Must exceed sendDeadlineMs: a live worker settles every row before its lease ends. */
  leaseMs: number;
  /** After this long without an answer the outcome is `unknown` (the channel may still be retrying inside). */
  sendDeadlineMs: number;
  /** Transient failures before a delivery is given up as `failed`. */
  maxTransientAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  limits: Record<ChannelName, RateLimit>;
  /** Sends in flight per channel (claimed rows never exceed this, so a crash strands few). */
  concurrency: Record<ChannelName, number>;
  /**
   * Channels whose rate is shared through the store by every process on it (one bot token or OA,
   * one limit). The web inbox and the terminal are local.
   */
  sharedRates: ChannelName[];
}

export const DEFAULT_OUTBOX_TUNING: OutboxTuning = {
  pollMs: 1000,
  leaseMs: 120_000,
  sendDeadlineMs: 90_000,
  maxTransientAttempts: 5,
  backoffBaseMs: 30_000,
  backoffMaxMs: 30 * 60_000,
  limits: {
    // Telegram: ~30/s for bulk sends and 1/s per chat (reference A1–A2); stay under both.
    telegram: { perSecond: 25, burst: 5, perChatGapMs: 1000 },
    // Zalo publishes no number; -32 comes per minute per app/OA. A few per second is safe.
    zalo: { perSecond: 4, burst: 2, perChatGapMs: 1000 },
    // The web inbox is our own table.
    web: { perSecond: 200, burst: 50, perChatGapMs: 0 },
    cli: { perSecond: 50, burst: 10, perChatGapMs: 0 },
  },
  concurrency: { telegram: 8, zalo: 2, web: 8, cli: 1 },
  sharedRates: ['telegram', 'zalo'],
};

export interface OutboxTuningOverrides extends Partial<Omit<OutboxTuning, 'limits' | 'concurrency'>> {
  limits?: Partial<Record<ChannelName, Partial<RateLimit>>>;
  concurrency?: Partial<Record<ChannelName, number>>;
}

/** Defaults with `overrides` applied, per field and per channel. Throws if the result is unsafe. */
export function outboxTuning(overrides: OutboxTuningOverrides = {}): OutboxTuning {
  const { limits, concurrency, ...rest } = overrides;
  const merged: OutboxTuning = {
    ...DEFAULT_OUTBOX_TUNING,
    ...rest,
    limits: { ...DEFAULT_OUTBOX_TUNING.limits },
    concurrency: { ...DEFAULT_OUTBOX_TUNING.concurrency, ...concurrency },
  };
  for (const [name, limit] of Object.entries(limits ?? {}) as Array<[ChannelName, Partial<RateLimit>]>) {
    merged.limits[name] = { ...DEFAULT_OUTBOX_TUNING.limits[name], ...limit };
  }
  if (merged.sendDeadlineMs >= merged.leaseMs) {
    throw new Error('outbox: sendDeadlineMs must be shorter than leaseMs, or a slow send could be claimed twice');
  }
  return merged;
}
