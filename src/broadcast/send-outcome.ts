/**
 * What a failed send means for its delivery row, from the channel's own classification (SendError):
 * retried later, slowed down, given up, or recorded as of unknown outcome and never repeated.
 */
import { SendError } from '../channels/channel.js';
import type { Logger } from '../observability/logger.js';
import { logUser } from '../observability/logger.js';
import type { ChannelName, DeliveryOutcome } from '../store/types.js';
import type { RateLimiter } from './rate-limiter.js';
import type { OutboxTuning } from './tuning.js';

export interface FailureContext {
  /** Transient failures this row had before this one. */
  transientSoFar: number;
  limiter: RateLimiter;
  user: { channel: ChannelName; userId: string };
  nowMs: number;
  tuning: OutboxTuning;
  logger: Logger;
}

export function classifySendFailure(err: unknown, c: FailureContext): DeliveryOutcome {
  if (!(err instanceof SendError)) {
    // Not the channel's own classification: the request may have left. Do not repeat it.
    return { state: 'unknown', error: `unexpected: ${(err as Error | undefined)?.name ?? 'error'}` };
  }
  const code = err.options.code !== undefined ? ` ${err.options.code}` : '';
  switch (err.failure) {
    case 'rate-limited': {
      const wait = Math.max(1000, err.options.retryAfterMs ?? 1000);
      c.limiter.penalize(wait);
      c.logger.warn({ channel: c.user.channel, retryAfterMs: wait, rate: c.limiter.rate }, 'outbox: rate limited, slowing down');
      return { state: 'pending', error: `rate-limited:${code}`, notBefore: new Date(c.nowMs + wait).toISOString() };
    }
    case 'deferred': {
      // One recipient's cap (Zalo's daily limits): this row waits, the channel keeps its pace.
      // Counted like a transient failure, so a cap that never lifts ends in `failed`.
      const failures = c.transientSoFar + 1;
      if (failures >= c.tuning.maxTransientAttempts) return { state: 'failed', error: `deferred:${code} (gave up after ${failures})` };
      return { state: 'pending', error: `deferred:${code}`, notBefore: new Date(c.nowMs + Math.max(1000, err.options.retryAfterMs ?? 3600_000)).toISOString() };
    }
    case 'transient': {
      const failures = c.transientSoFar + 1;
      if (failures >= c.tuning.maxTransientAttempts) return { state: 'failed', error: `transient:${code} (gave up after ${failures})` };
      const backoff = Math.min(c.tuning.backoffMaxMs, c.tuning.backoffBaseMs * 2 ** (failures - 1));
      const jitter = backoff * 0.2 * Math.random();
      return { state: 'pending', error: `transient:${code}`, notBefore: new Date(c.nowMs + backoff + jitter).toISOString() };
    }
    case 'permanent':
      // The channel has already marked the user inactive when the failure was about the user.
      c.logger.info({ user: logUser(c.user.channel, c.user.userId), code: err.options.code }, 'outbox: permanent failure, not retrying');
      return { state: 'failed', error: `permanent:${code}` };
    case 'unknown':
    default:
      return { state: 'unknown', error: `unknown:${code}` };
  }
}
