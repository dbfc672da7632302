/**
 * Two small store sections for reaching people outside a conversation:
 * - ReachStore: what we know about whether and how a user can be messaged (last message from them,
 *   follower status, a phone they gave with consent), so a broadcast can pick the cheapest route
 *   that works (Zalo: consultation message in the window, template message outside it).
 * - SendRateStore: one send schedule per channel in the store, so several bot processes sending
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

export interface SlotLimit {
  /** Sends per second: slots are 1000/perSecond ms apart. */
  perSecond: number;
  /** Slots that may fall at once after an idle spell (a burst of at most this). */
  burst: number;
  /** Slots are handed out at most this far ahead of now. */
  horizonMs: number;
}

export interface SlotGrant {
  granted: number;
  /** The first slot (epoch ms; may be now or just past) and the gap to each next one. */
  firstMs: number;
  intervalMs: number;
  /** When nothing was granted: ms until a slot comes within the horizon (or the pause ends). */
  waitMs: number;
}

export interface SendRateStore {
  /**
   * Reserves up to `want` send times on channel `name`, atomically across processes: slots
   * 1000/perSecond ms apart, after the last slot anyone reserved (a virtual schedule, GCRA), at most
   * horizonMs ahead. The caller sends at its slot. `nowMs` is the caller's clock (epoch ms).
   */
  reserveSendSlots(name: string, want: number, limit: SlotLimit, nowMs: number): Promise<SlotGrant>;
  /** The API said "too many requests": no slot on `name` before `untilMs`. */
  pauseSends(name: string, untilMs: number): Promise<void>;
}

/** `zalo:123` — the key of a user in maps returned by getReaches. */
export const reachKey = (k: UserKey) => `${k.channel}:${k.userId}`;

export interface SlotState {
  /** The next free slot (theoretical arrival time), epoch ms. */
  tatMs: number;
  pausedUntilMs: number;
}

/**
 * The schedule arithmetic shared by both implementations, so they cannot drift apart. A slot is
 * never lost to a late caller (unlike a token bucket that is full while nobody asks), and never
 * earlier than the last reserved one plus the interval, except for the burst allowed after idling.
 * Clocks of different processes only shift the schedule; they cannot put two slots closer.
 */
export function reserveSlots(state: SlotState | undefined, want: number, limit: SlotLimit, nowMs: number): { next: SlotState; grant: SlotGrant } {
  const intervalMs = 1000 / limit.perSecond;
  const s = state ?? { tatMs: 0, pausedUntilMs: 0 };
  const earliest = Math.max(nowMs - (Math.max(1, limit.burst) - 1) * intervalMs, s.pausedUntilMs);
  const firstMs = Math.max(s.tatMs, earliest);
  const horizonEnd = nowMs + limit.horizonMs;
  let granted = 0;
  while (granted < want && firstMs + granted * intervalMs <= horizonEnd) granted++;
  if (granted === 0) {
    return { next: s, grant: { granted: 0, firstMs: 0, intervalMs, waitMs: Math.max(1, Math.ceil(firstMs - horizonEnd)) } };
  }
  return { next: { tatMs: firstMs + granted * intervalMs, pausedUntilMs: s.pausedUntilMs }, grant: { granted, firstMs, intervalMs, waitMs: 0 } };
}
