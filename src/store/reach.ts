/**
 * Two small store sections for reaching people outside a conversation:
 * - ReachStore: what we know about whether and how a user can be messaged (last message from them,
 *   follower status, a phone they gave with consent), so a broadcast can pick the cheapest route
 *   that works (Zalo: consultation message in the window, template message outside it).
 * - SendRateStore: one token bucket per channel in the store, so several bot processes sending
 *   for the same bot token or OA stay under one shared rate together.
 * Both have an SQLite and a MongoDB implementation (sqlite-reach.ts, mongo-reach.ts).
 */
import type { UserKey } from './types.js';

/** Where a consented phone came from: Zalo's share-info card, or the enrolment dialog. */
export type PhoneConsentSource = 'submit_info' | 'enrolment';

export interface UserReach extends UserKey {
  /** Last message or tap from the user (ISO); the Zalo consultation window is counted from it. */
  lastInboundAt?: string;
  /** Follows the Zalo OA; undefined when no follow/unfollow event was seen. */
  follower?: boolean;
  /** Normalised Vietnamese mobile (0912345678), only ever set from a consented source. */
  phone?: string;
  phoneSource?: PhoneConsentSource;
  phoneConsentAt?: string;
  /** When the channel last refused a consultation message as outside the window (Zalo -230). */
  windowClosedAt?: string;
}

export interface ReachStore {
  /** The user wrote or tapped at `at`; never moves the time backwards. */
  recordInbound(key: UserKey, at: Date): Promise<void>;
  setFollower(key: UserKey, follower: boolean, at: Date): Promise<void>;
  /** Records a phone the user gave with consent; the latest one wins. */
  recordConsentedPhone(key: UserKey, phone: string, source: PhoneConsentSource, at: Date): Promise<void>;
  /** The channel said the window is closed (kept until the user writes again). */
  markWindowClosed(key: UserKey, at: Date): Promise<void>;
  /** Forgets the phone (the user asked to erase their data or withdrew consent). */
  forgetPhone(key: UserKey): Promise<void>;
  getReach(key: UserKey): Promise<UserReach | undefined>;
  /** Several users at once (previews over a whole audience); missing users are left out. */
  getReaches(keys: UserKey[]): Promise<Map<string, UserReach>>;
}

export interface BucketLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Most tokens the bucket holds; a burst after idling is at most this. */
  burst: number;
}

export interface TokenGrant {
  granted: number;
  /** When nothing was granted: ms until a token is due (or the pause ends). */
  waitMs: number;
}

export interface SendRateStore {
  /**
   * Takes up to `want` tokens from bucket `name`, refilled at limit.perSecond from the time of the
   * last take, atomically across processes. `nowMs` is the caller's clock (epoch ms).
   */
  takeSendTokens(name: string, want: number, limit: BucketLimit, nowMs: number): Promise<TokenGrant>;
  /** The API said "too many requests": no process takes from `name` before `untilMs`. */
  pauseSends(name: string, untilMs: number): Promise<void>;
}

/** `zalo:123` — the key of a user in maps returned by getReaches. */
export const reachKey = (k: UserKey) => `${k.channel}:${k.userId}`;

/**
 * The token-bucket arithmetic shared by both implementations, so they cannot drift apart. Time
 * never runs backwards for a bucket: a process whose clock is behind refills nothing until its
 * clock passes the last take (a skew only slows sending, never speeds it up).
 */
export function refillAndTake(
  state: { tokens: number; updatedMs: number; pausedUntilMs: number } | undefined,
  want: number,
  limit: BucketLimit,
  nowMs: number,
): { next: { tokens: number; updatedMs: number; pausedUntilMs: number }; grant: TokenGrant } {
  const burst = Math.max(1, limit.burst);
  const s = state ?? { tokens: burst, updatedMs: nowMs, pausedUntilMs: 0 };
  const elapsed = Math.max(0, nowMs - s.updatedMs);
  let tokens = Math.min(burst, s.tokens + (elapsed * limit.perSecond) / 1000);
  const updatedMs = Math.max(s.updatedMs, nowMs);
  if (nowMs < s.pausedUntilMs) {
    return { next: { tokens: 0, updatedMs, pausedUntilMs: s.pausedUntilMs }, grant: { granted: 0, waitMs: s.pausedUntilMs - nowMs } };
  }
  const granted = Math.max(0, Math.min(want, Math.floor(tokens)));
  tokens -= granted;
  const waitMs = granted > 0 ? 0 : Math.max(1, Math.ceil(((1 - tokens) / limit.perSecond) * 1000));
  return { next: { tokens, updatedMs, pausedUntilMs: s.pausedUntilMs }, grant: { granted, waitMs } };
}
