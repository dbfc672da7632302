/**
 * A process's side of a channel's shared send schedule (SendRateStore): lanes wanting to send queue
 * here, and one loop reserves send times from the store for as many of them as are waiting, in one
 * call, handing them out in order; each lane then sends at its own time. So the store sees one
 * reservation per batch rather than one poll per lane and message, and no capacity is lost to a
 * late wake-up (a reserved time waits for its lane; a lane that gives up leaves its time unused).
 */
import type { SendRateStore, SlotLimit } from '../store/reach.js';

export interface SharedScheduleRef {
  store: SendRateStore;
  /** Schedule name in the store, e.g. `send:telegram`. */
  name: string;
}

interface Ticket {
  /** Epoch ms of the reserved send time, once granted. */
  slotMs?: number;
  intervalMs?: number;
  grant(slotMs: number, intervalMs: number): void;
  granted: Promise<void>;
}

/** How often a waiting lane checks whether it should give up (shutdown, lease running out). */
const LANE_CHECK_MS = 250;
/** A send time missed by more than this is given up (see take). */
const LATE_MS = 10;
/** The store failed: ask again after this long. */
const STORE_RETRY_MS = 200;

export class SharedSchedule {
  private readonly queue: Ticket[] = [];
  private pumping = false;

  constructor(
    private readonly bucket: SharedScheduleRef,
    private readonly limit: () => SlotLimit,
    private readonly now: () => number,
  ) {}

  /**
   * Waits for this lane's send time. `sleep` is the lane's own: when it rejects, the lane gives up.
   * A lane that wakes more than LATE_MS after its time (a busy event loop) lets it go and asks for a
   * new one: sending then would bunch with the sends after it and push a second over the rate.
   */
  async take(sleep: (ms: number) => Promise<void>): Promise<void> {
    for (;;) {
      const { slotMs, intervalMs } = await this.reserve(sleep);
      for (let wait = slotMs - this.now(); wait > 0; wait = slotMs - this.now()) await sleep(wait);
      // Up to one interval late adds at most one send to any second; later would bunch sends.
      if (this.now() - slotMs <= Math.max(LATE_MS, intervalMs)) return;
    }
  }

  private async reserve(sleep: (ms: number) => Promise<void>): Promise<{ slotMs: number; intervalMs: number }> {
    let resolve!: () => void;
    const ticket: Ticket = {
      granted: new Promise<void>((r) => (resolve = r)),
      grant: (slotMs, intervalMs) => {
        ticket.slotMs = slotMs;
        ticket.intervalMs = intervalMs;
        resolve();
      },
    };
    this.queue.push(ticket);
    void this.pump();
    try {
      while (ticket.slotMs === undefined) await Promise.race([ticket.granted, sleep(LANE_CHECK_MS)]);
      return { slotMs: ticket.slotMs, intervalMs: ticket.intervalMs ?? 0 };
    } catch (err) {
      const i = this.queue.indexOf(ticket);
      if (i >= 0) this.queue.splice(i, 1);
      throw err;
    }
  }

  /** Best effort: if the store cannot be told, the other processes meet the 429 themselves. */
  pause(untilMs: number): void {
    this.bucket.store.pauseSends(this.bucket.name, untilMs).catch(() => undefined);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        let grant = { granted: 0, firstMs: 0, intervalMs: 0, waitMs: STORE_RETRY_MS };
        const now = this.now();
        try {
          grant = await this.bucket.store.reserveSendSlots(this.bucket.name, this.queue.length, this.limit(), now);
        } catch {
          // The store is unreachable: lanes keep waiting (or give up on their own lease).
        }
        for (let i = 0; i < grant.granted; i++) {
          // A lane that gave up meanwhile leaves its time unused: sending slower, never faster.
          // The burst's slots lie in the past: they are due now, not late.
          this.queue.shift()?.grant(Math.max(now, grant.firstMs + i * grant.intervalMs), grant.intervalMs);
        }
        if (grant.granted === 0) await delay(grant.waitMs);
      }
    } finally {
      this.pumping = false;
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
