/**
 * Outgoing rate limits for one channel: a token bucket for the channel as a whole (Telegram
 * about 30 msg/s, Zalo a few per second) and a minimum gap per chat (Telegram: 1 msg/s to one
 * user). A 429 / Zalo -32 pauses the bucket for retry_after and lowers its rate for a while,
 * because the real limits are undocumented and a second 429 costs a longer cool-down.
 *
 * With a `shared` schedule (send times reserved in the store, see SendRateStore and
 * shared-schedule.ts) every send waits for its reserved time instead of the in-process bucket, so
 * several bot processes on one store stay under the rate together. A 429 pauses the shared
 * schedule too, so every process waits it out; the per-chat gap stays in-process.
 */
import { SharedSchedule, type SharedScheduleRef } from './shared-schedule.js';

export interface RateLimit {
  /** Sustained messages per second for the channel. */
  perSecond: number;
  /** Tokens that may accumulate while idle; keep small so a burst cannot exceed the real limit. */
  burst: number;
  /** Minimum gap between two messages to the same chat, ms (0 = none). */
  perChatGapMs: number;
}

export interface Clock {
  now(): number;
}

const systemClock: Clock = { now: () => Date.now() };
/** After a 429 the rate drops to this share, then recovers in steps. */
const PENALTY_FACTOR = 0.7;
const MIN_SHARE = 0.1;
const RECOVERY_STEP = 0.1;
const RECOVERY_EVERY_MS = 10_000;
/** Shared send times are reserved at most this far ahead. */
const HORIZON_MS = 250;

export class RateLimiter {
  private tokens: number;
  private last: number;
  private share = 1;
  private pausedUntil = 0;
  private lastRecovery = 0;
  /** Last send per chat, kept only while it still matters (one gap), so a 100k broadcast stays small. */
  private readonly chats = new Map<string, number>();
  private lastSweep = 0;
  private readonly shared: SharedSchedule | undefined;

  constructor(
    readonly limit: RateLimit,
    private readonly clock: Clock = systemClock,
    shared?: SharedScheduleRef,
  ) {
    // The shared schedule's burst is kept to a twentieth of a second's sends: a lane wakes for its
    // slot a few ms late at times, and that spread adds to any burst. Slots are reserved at most
    // HORIZON_MS ahead, for the lanes waiting now.
    const sharedLimit = () => ({
      perSecond: this.rate,
      burst: Math.min(this.limit.burst, Math.max(1, Math.ceil(this.rate / 20))),
      horizonMs: HORIZON_MS,
    });
    this.shared = shared ? new SharedSchedule(shared, sharedLimit, () => this.clock.now()) : undefined;
    if (!(limit.perSecond > 0)) throw new Error('rate limit must be positive');
    this.tokens = Math.max(1, limit.burst);
    this.last = clock.now();
  }

  /** Current sustained rate, lowered after a 429. */
  get rate(): number {
    return this.limit.perSecond * this.share;
  }

  private refill(now: number): void {
    if (this.share < 1 && now - this.lastRecovery >= RECOVERY_EVERY_MS) {
      this.share = Math.min(1, this.share + RECOVERY_STEP);
      this.lastRecovery = now;
    }
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(Math.max(1, this.limit.burst), this.tokens + elapsed * this.rate);
    this.last = now;
  }

  /** How many sends could start right now (for sizing a claim); never negative. */
  available(): number {
    const now = this.clock.now();
    if (now < this.pausedUntil) return 0;
    this.refill(now);
    return Math.floor(this.tokens);
  }

  /** How long (ms) until the in-process limits allow a send to `chatKey`; 0 = now. Takes nothing. */
  private waitMs(chatKey: string | undefined, now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    this.refill(now);
    if (chatKey !== undefined && this.limit.perChatGapMs > 0) {
      const lastSend = this.chats.get(chatKey);
      if (lastSend !== undefined && now - lastSend < this.limit.perChatGapMs) return this.limit.perChatGapMs - (now - lastSend);
    }
    // With a shared schedule, that alone paces the sends (a second bucket would only lose capacity).
    if (!this.shared && this.tokens < 1) return Math.ceil(((1 - this.tokens) / this.rate) * 1000);
    return 0;
  }

  private commit(chatKey: string | undefined, now: number): void {
    if (!this.shared) this.tokens -= 1;
    if (chatKey !== undefined && this.limit.perChatGapMs > 0) {
      this.chats.set(chatKey, now);
      if (now - this.lastSweep >= this.limit.perChatGapMs) this.forgetOldChats(now);
    }
  }

  /**
   * Takes an in-process token for `chatKey` if both limits allow now, returning 0; otherwise returns
   * how long to wait (ms) and takes nothing. Ignores the shared schedule (take() uses it).
   */
  tryTake(chatKey?: string): number {
    const now = this.clock.now();
    const wait = this.waitMs(chatKey, now);
    if (wait === 0) this.commit(chatKey, now);
    return wait;
  }

  /**
   * Waits until a token for `chatKey` is available and takes it: first the in-process limits (so a
   * shared send time is never held while this chat's gap runs), then its time on the shared schedule.
   */
  async take(chatKey?: string, sleep: (ms: number) => Promise<void> = defaultSleep): Promise<void> {
    for (;;) {
      const wait = this.waitMs(chatKey, this.clock.now());
      if (wait > 0) {
        await sleep(Math.max(1, wait));
        continue;
      }
      if (this.shared) await this.shared.take(sleep);
      this.commit(chatKey, this.clock.now());
      return;
    }
  }

  /** The API said "too many requests": stop for `retryAfterMs`, then go slower for a while. */
  penalize(retryAfterMs: number): void {
    const now = this.clock.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, retryAfterMs));
    this.share = Math.max(MIN_SHARE, this.share * PENALTY_FACTOR);
    this.lastRecovery = this.pausedUntil;
    this.tokens = 0;
    this.shared?.pause(this.pausedUntil);
  }

  /** When the channel is paused by a 429, until when (epoch ms); 0 if not paused. */
  get pausedUntilMs(): number {
    return this.pausedUntil > this.clock.now() ? this.pausedUntil : 0;
  }

  private forgetOldChats(now: number): void {
    this.lastSweep = now;
    for (const [k, t] of this.chats) if (now - t >= this.limit.perChatGapMs) this.chats.delete(k);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
