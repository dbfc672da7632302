/**
 * The outbox worker: claims due deliveries from the store and sends them through the channels,
 * within each channel's rate limits, recording every outcome in the store.
 *
 * What a recipient can expect, honestly:
 * - Rows are claimed atomically with a lease, so two workers (or two bot processes) never hold
 *   the same row. A worker claims only what it can send soon (free lanes, rate-limit tokens).
 * - Right before the request goes to Telegram/Zalo, the worker marks the row as started
 *   (store.startDelivery, which also checks the claim is still ours); right after the API
 *   accepts, the row is marked `sent`.
 * - If the process dies (SIGKILL, OOM, power), its claimed rows come back when the lease runs
 *   out. A row not marked started was never sent — it waited for a token — and is sent now. A
 *   row marked started was in flight: the API may have accepted it (the answer was still on its
 *   way) or not. Telegram and Zalo have no idempotency key to ask, so it is marked `unknown`,
 *   counted in the stats, and not repeated. We chose this side on purpose: the window in which a
 *   crash makes "accepted but not marked" is the API's answer travelling back (tens of
 *   milliseconds to the real Telegram, several ms on a loaded machine) plus the batching of
 *   outcomes (one event-loop turn), and resending would duplicate every message in it; the window
 *   in which a marked attempt never left the process is the few microseconds between the mark's
 *   commit and the request's bytes reaching the socket. So: no duplicates from crashes; at most a
 *   message inside that short window lost, and reported.
 * - The same holds when a live worker's send outlasts its lease (it cannot: sends are cut at
 *   sendDeadlineMs < leaseMs and marked `unknown`, and a row whose lease no longer leaves room for
 *   that is handed back unsent), and for a row whose worker keeps dying before it even starts (a
 *   poison row): after MAX_EXPIRED_CLAIMS it is marked `unknown`.
 * - A send the channel reports as of unknown outcome (timeout after the request left) is
 *   `unknown`, never repeated. Rate-limited (429 / Zalo -32): requeued after retry_after and the
 *   channel slows down. Permanent (blocked, not following): `failed`, never retried; the channel
 *   marks the user inactive. Transient (5xx, network error before sending): retried with
 *   exponential backoff, at most maxTransientAttempts times.
 * - Stopping (SIGTERM) lets in-flight sends finish and hands back rows not yet started, so a
 *   restart resumes at once instead of waiting for leases.
 *
 * Throughput: a lane that finishes wakes its channel's loop at once (no polling while busy), and
 * the outcomes settled in one event-loop turn are written in one transaction, so at a few
 * thousand messages a second the store does about one commit per message (the start mark).
 */
import { hostname } from 'node:os';
import type { Channel } from '../channels/channel.js';
import type { StoredItem } from '../content/model.js';
import type { Logger } from '../observability/logger.js';
import { logUser } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Announcement, ChannelName, Delivery, DeliveryLedger, DeliveryOutcome, DeliverySettlement } from '../store/types.js';
import type { AnnouncementStore, ContentStore, OutboxStore, SendRateStore, SubscriptionStore, UserStore } from '../store/ports.js';
import { randomId } from '../store/shared.js';
import { inConversation, stillWanted } from './audience.js';
import { announcementReply, sendContext } from './message.js';
import { policyFor, sendableAt, type QuietPolicy } from './quiet-hours.js';
import { RateLimiter } from './rate-limiter.js';
import { classifySendFailure } from './send-outcome.js';
import { sendWithDeadline, StartGate } from './start-gate.js';
import { TtlCache } from './ttl-cache.js';
import { outboxTuning, type OutboxTuning, type OutboxTuningOverrides } from './tuning.js';

export { DEFAULT_OUTBOX_TUNING, outboxTuning, type OutboxTuning, type OutboxTuningOverrides } from './tuning.js';

export interface OutboxDeps {
  store: OutboxStore & AnnouncementStore & ContentStore & SubscriptionStore & UserStore & SendRateStore;
  channels: Iterable<Channel>;
  logger: Logger;
  metrics?: Metrics;
  quiet: QuietPolicy;
  tuning?: OutboxTuningOverrides;
  /** Clock, for tests. */
  now?: () => Date;
  workerId?: string;
}

/** Re-claims of a row whose worker vanished before sending before it is given up as `unknown`. */
export const MAX_EXPIRED_CLAIMS = 3;
/** Cached announcements are re-read this often, so a cancel stops a broadcast within about a second. */
const ANNOUNCEMENT_TTL_MS = 1000;
const ITEM_TTL_MS = 60_000;



/** What one claim round did, so the loop knows what to wait for. */
interface ClaimRound {
  claimed: number;
  /** Rows asked for; more than claimed means nothing else is due now. */
  asked: number;
  /** Lanes that were free before the claim. */
  free: number;
  paused: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class OutboxWorker {
  readonly workerId: string;
  readonly tuning: OutboxTuning;
  private readonly channels = new Map<ChannelName, Channel>();
  private readonly limiters = new Map<ChannelName, RateLimiter>();
  /** Sends under way, per channel, by delivery id: their count is the channel's busy lanes. */
  private readonly inflight = new Map<ChannelName, Map<string, Promise<void>>>();
  /** One lane of a channel at a time between the start mark and the request leaving (see StartGate). */
  private readonly startGates = new Map<ChannelName, StartGate>();
  private readonly announcements: TtlCache<Announcement | undefined>;
  private readonly items: TtlCache<StoredItem | undefined>;
  private readonly now: () => Date;
  private running = false;
  private loops: Promise<void>[] = [];
  /** Waiting loops, woken by poke(). */
  private wake = new Set<() => void>();
  /** Waiting loops of a channel, woken when one of its lanes frees. */
  private readonly laneWaiters = new Map<ChannelName, Set<() => void>>();
  private readonly laneWakeQueued = new Set<ChannelName>();
  /** Outcomes waiting to be written together (see settle). */
  private settling: Array<{ s: DeliverySettlement; done: (err?: unknown) => void }> = [];

  constructor(private readonly deps: OutboxDeps) {
    this.tuning = outboxTuning(deps.tuning);
    this.now = deps.now ?? (() => new Date());
    this.workerId = deps.workerId ?? `${hostname()}:${process.pid}:${randomId(6)}`;
    this.announcements = new TtlCache(ANNOUNCEMENT_TTL_MS, (id) => deps.store.getAnnouncement(id));
    this.items = new TtlCache(ITEM_TTL_MS, (id) => deps.store.getItem(id));
    const clock = { now: () => this.now().getTime() };
    for (const c of deps.channels) {
      this.channels.set(c.name, c);
      const shared = this.tuning.sharedRates.includes(c.name) ? { store: deps.store, name: `send:${c.name}` } : undefined;
      this.limiters.set(c.name, new RateLimiter(this.tuning.limits[c.name], clock, shared));
      this.laneWaiters.set(c.name, new Set());
      this.inflight.set(c.name, new Map());
      this.startGates.set(c.name, new StartGate());
    }
  }

  limiter(channel: ChannelName): RateLimiter | undefined {
    return this.limiters.get(channel);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [...this.channels.values()].map((c) =>
      this.loop(c).catch((err: unknown) => {
        this.deps.logger.error({ channel: c.name, err: (err as Error).message }, 'outbox: worker loop stopped');
      }),
    );
  }

  /** Stops claiming, waits for sends in flight (each bounded by sendDeadlineMs). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.poke();
    await Promise.allSettled(this.loops);
    await Promise.allSettled(this.allInflight());
  }

  /** Wakes idle loops now (a fan-out just happened in this process). */
  poke(): void {
    for (const w of [...this.wake]) w();
  }

  /** One claim-and-send round for every channel; for tests that drive the worker step by step. */
  async drainOnce(): Promise<number> {
    let n = 0;
    for (const c of this.channels.values()) n += (await this.claimAndStart(c)).claimed;
    await Promise.allSettled(this.allInflight());
    return n;
  }

  /** Sleeps up to `ms`; poke() ends it early, and so does a freed lane of `laneOf` when given. */
  private async nap(ms: number, laneOf?: ChannelName): Promise<void> {
    if (!this.running) return;
    const lanes = laneOf !== undefined ? this.laneWaiters.get(laneOf) : undefined;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.delete(done);
        lanes?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.add(done);
      lanes?.add(done);
    });
  }

  /**
   * A lane of `channel` is free: wake its loop once the current turn's settlements are done
   * (a nextTick runs after the pending promise callbacks), so lanes freed together are refilled
   * by one claim instead of one claim each.
   */
  private laneFreed(channel: ChannelName): void {
    if (this.laneWakeQueued.has(channel)) return;
    this.laneWakeQueued.add(channel);
    process.nextTick(() => {
      this.laneWakeQueued.delete(channel);
      for (const w of [...this.laneWaiters.get(channel)!]) w();
    });
  }

  private async loop(channel: Channel): Promise<void> {
    const limiter = this.limiters.get(channel.name)!;
    while (this.running) {
      let round: ClaimRound;
      try {
        round = await this.claimAndStart(channel);
      } catch (err) {
        this.deps.logger.error({ channel: channel.name, err: (err as Error).message }, 'outbox: claim failed');
        await this.nap(this.tuning.pollMs);
        continue;
      }
      if (round.paused) {
        // A 429 paused the channel: nothing to claim until it ends.
        await this.nap(Math.max(1, Math.min(this.tuning.pollMs, limiter.pausedUntilMs - this.now().getTime())));
      } else if (round.claimed < round.asked) {
        // Nothing more is due: poll at the normal pace (a fan-out in this process pokes us sooner).
        await this.nap(this.tuning.pollMs);
      } else if (round.asked >= round.free) {
        // Every lane busy: claim again as soon as one frees.
        await this.nap(this.tuning.pollMs, channel.name);
      } else {
        // Lanes free but few tokens in hand: look again when the next token is due, or a lane frees.
        await this.nap(Math.max(1, Math.ceil(1000 / limiter.rate)), channel.name);
      }
    }
  }

  private allInflight(): Promise<void>[] {
    return [...this.inflight.values()].flatMap((sends) => [...sends.values()]);
  }

  /** Claims only what can be sent now: free lanes, capped by the tokens the rate limit will grant soon. */
  private async claimAndStart(channel: Channel): Promise<ClaimRound> {
    const limiter = this.limiters.get(channel.name)!;
    const sends = this.inflight.get(channel.name)!;
    const free = this.tuning.concurrency[channel.name] - sends.size;
    if (limiter.pausedUntilMs) return { claimed: 0, asked: 0, free, paused: true };
    if (free <= 0) return { claimed: 0, asked: 0, free: 0, paused: false };
    // A few rows beyond the tokens in hand keep lanes busy without holding rows for long.
    const asked = Math.min(free, Math.max(1, limiter.available() + Math.ceil(limiter.rate / 20)));
    const claimed = await this.deps.store.claimDeliveries(this.workerId, asked, this.now(), this.tuning.leaseMs, [channel.name]);
    for (const d of claimed) {
      // Our own row, still in flight, came back because its lease ran out (a stalled event loop):
      // the send in progress will settle it; sending again would be a duplicate.
      if (sends.has(d.id)) continue;
      const p = this.process(channel, d).finally(() => {
        sends.delete(d.id);
        this.laneFreed(channel.name);
      });
      sends.set(d.id, p);
    }
    return { claimed: claimed.length, asked, free, paused: false };
  }

  /**
   * Records an outcome. Outcomes reaching here in the same event-loop turn are written in one
   * store call (one transaction), which at high rates halves the commits per message; the lane
   * stays busy until its outcome is written, so claimed rows still never exceed the lanes.
   */
  private settle(s: DeliverySettlement): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settling.push({ s, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (this.settling.length === 1) setImmediate(() => void this.flushSettlements());
    });
  }

  private async flushSettlements(): Promise<void> {
    const batch = this.settling;
    this.settling = [];
    try {
      await this.deps.store.completeDeliveries(this.workerId, batch.map((b) => b.s));
    } catch (err) {
      for (const b of batch) b.done(err ?? new Error('store failed'));
      return;
    }
    for (const b of batch) b.done();
  }

  private async process(channel: Channel, d: Delivery): Promise<void> {
    const user = { channel: d.channel, userId: d.userId };
    const ledger = d.ledger;
    const complete = async (outcome: DeliveryOutcome) => {
      // A deferral (one recipient's daily cap) counts like a transient failure, so it cannot go on for ever.
      const retried = outcome.error?.startsWith('transient') || outcome.error?.startsWith('deferred');
      const next: DeliveryLedger = {
        transientFailures: ledger.transientFailures + (retried ? 1 : 0),
        settledClaims: ledger.settledClaims + 1,
      };
      try {
        await this.settle({ id: d.id, outcome: { ...outcome, ledger: next } });
      } catch (err) {
        // The lease will expire and the row be claimed again; for a `sent` row that means `unknown`
        // (it is marked started), so this is logged loudly.
        this.deps.logger.error({ user: logUser(user.channel, user.userId), state: outcome.state, err: (err as Error).message }, 'outbox: could not record outcome');
      }
      this.deps.metrics?.inc('nghebot_outbox_deliveries_total', { channel: d.channel, outcome: outcome.state }, 1, 'Outbox deliveries settled, by outcome');
    };

    try {
      const expired = d.attempts - 1 - ledger.settledClaims;
      if (expired > 0 || d.startedAt !== undefined) {
        // Earlier claims of this row ended without an outcome: their worker stopped.
        this.deps.metrics?.inc('nghebot_outbox_reclaimed_total', { channel: d.channel }, 1, 'Deliveries re-claimed after a worker stopped');
        if (d.startedAt !== undefined) {
          this.deps.logger.warn({ user: logUser(user.channel, user.userId), attempts: d.attempts }, 'outbox: a worker stopped mid-send; outcome unknown, not repeating');
          return await complete({ state: 'unknown', error: 'worker stopped while sending; not repeated' });
        }
        if (expired >= MAX_EXPIRED_CLAIMS) {
          return await complete({ state: 'unknown', error: `worker stopped ${expired} times before sending` });
        }
        this.deps.logger.info({ user: logUser(user.channel, user.userId), attempts: d.attempts }, 'outbox: sending a delivery whose worker stopped before sending it');
      }

      const a = await this.announcements.get(d.announcementId);
      if (!a) return await complete({ state: 'failed', error: 'announcement missing' });
      if (a.status === 'cancelled') return await complete({ state: 'failed', error: 'cancelled' });

      // Quiet hours again: a retry or a slow queue can push a row into the night.
      const now = this.now();
      const replying = inConversation(a);
      const allowed = sendableAt(now, policyFor(this.deps.quiet, replying), d.channel, Boolean(a.promotional));
      if (allowed.getTime() > now.getTime()) {
        return await complete({ state: 'pending', error: 'quiet hours', notBefore: allowed.toISOString() });
      }

      const wanted = await stillWanted(this.deps.store, a, user);
      if (wanted !== 'yes') return await complete({ state: 'failed', error: wanted });

      const item = a.itemId ? await this.items.get(a.itemId) : undefined;
      const reply = announcementReply(a, item);
      // A reply let through quiet hours arrives without sound.
      const silent = replying && sendableAt(now, this.deps.quiet, d.channel, Boolean(a.promotional)).getTime() > now.getTime();
      const context = { ...sendContext(a, item, d.id), ...(silent ? { silent } : {}) };
      const limiter = this.limiters.get(channel.name)!;
      // The latest moment a send may start and still end (sendDeadlineMs) within the lease. A wait for
      // a token (a 429 pause, the chat's 1 s gap) that would run past it gives up before taking the
      // token: a token taken for a row that is then handed back would hold the chat's gap against
      // the row's next claim, and with a short lease that repeats for ever.
      const startBy = (d.claimedUntil ? Date.parse(d.claimedUntil) : Infinity) - this.tuning.sendDeadlineMs;
      await limiter.take(`${d.userId}`, (ms) => {
        if (!this.running && !this.draining) return Promise.reject(new Stopped());
        if (this.now().getTime() + ms >= startBy) return Promise.reject(new LeaseTooShort());
        return sleep(Math.min(ms, 250));
      });
      // A timer that fired late can still leave too little; rare, and the token is then spent.
      if (this.now().getTime() >= startBy) throw new LeaseTooShort();

      const result = await this.startGates.get(channel.name)!.start(
        // Write-ahead: from here on a crash leaves this attempt "maybe sent", never blindly repeated.
        () => this.deps.store.startDelivery(d.id, this.workerId),
        () => sendWithDeadline(channel.send(d.userId, reply, context), this.tuning.sendDeadlineMs),
      );
      if (result === 'lost') {
        // The claim is someone else's now (our lease ran out); nothing was sent, nothing to record.
        this.deps.logger.warn({ user: logUser(user.channel, user.userId) }, 'outbox: claim lost before sending; left to its new holder');
        return;
      }
      if (result === 'ok') return await complete({ state: 'sent' });
      if (result === 'deadline') return await complete({ state: 'unknown', error: 'no answer before the deadline' });
      await complete(
        classifySendFailure(result, { transientSoFar: ledger.transientFailures, limiter, user, nowMs: this.now().getTime(), tuning: this.tuning, logger: this.deps.logger }),
      );
    } catch (err) {
      if (err instanceof Stopped) {
        // Shutting down before this row was sent: hand it back now rather than after the lease.
        await complete({ state: 'pending', error: 'worker stopped before sending', notBefore: this.now().toISOString() });
        return;
      }
      if (err instanceof LeaseTooShort) {
        // Not sent; claimed afresh (with a whole lease) on a later round.
        await complete({ state: 'pending', error: 'lease too short to send; handed back', notBefore: this.now().toISOString() });
        return;
      }
      // A bug or a store failure before the send: nothing left the process, the lease will retry it.
      this.deps.logger.error({ user: logUser(user.channel, user.userId), err: (err as Error).message }, 'outbox: delivery failed before sending');
    }
  }

  /** Only drainOnce keeps sending while not started. */
  private get draining(): boolean {
    return !this.running && this.loops.length === 0;
  }
}

class Stopped extends Error {}
/** The claim's lease would end before a send started now could finish. */
class LeaseTooShort extends Error {}
