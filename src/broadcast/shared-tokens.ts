/**
 * A process's side of a channel's shared token bucket (SendRateStore): lanes wanting a token queue
 * here, and one loop takes tokens from the store for as many of them as are waiting, in one call,
 * handing them out in order. So the store sees one take per batch, not one poll per lane and
 * message, and a token is handed to a lane the moment it is taken (never held: a token held
 * before its send would add to the next second's count).
 */
import type { BucketLimit, SendRateStore } from '../store/reach.js';

export interface SharedBucket {
  store: SendRateStore;
  /** Bucket name in the store, e.g. `send:telegram`. */
  name: string;
}

interface Ticket {
  granted: boolean;
  grant(): void;
  done: Promise<void>;
}

/** How often a waiting lane checks whether it should give up (shutdown, lease running out). */
const LANE_CHECK_MS = 250;
/** The store failed: ask again after this long. */
const STORE_RETRY_MS = 200;

export class SharedTokens {
  private readonly queue: Ticket[] = [];
  private pumping = false;

  constructor(
    private readonly bucket: SharedBucket,
    private readonly limit: () => BucketLimit,
    private readonly now: () => number,
  ) {}

  /** Waits for one token. `sleep` is the lane's own: when it rejects, the lane leaves the queue. */
  async take(sleep: (ms: number) => Promise<void>): Promise<void> {
    let grant!: () => void;
    const done = new Promise<void>((resolve) => (grant = resolve));
    const ticket: Ticket = { granted: false, grant: () => ((ticket.granted = true), grant()), done };
    this.queue.push(ticket);
    void this.pump();
    try {
      while (!ticket.granted) await Promise.race([done, sleep(LANE_CHECK_MS)]);
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
        let granted = 0;
        let waitMs = STORE_RETRY_MS;
        try {
          ({ granted, waitMs } = await this.bucket.store.takeSendTokens(this.bucket.name, this.queue.length, this.limit(), this.now()));
        } catch {
          // The store is unreachable: lanes keep waiting (or give up on their own lease).
        }
        for (let i = 0; i < granted; i++) {
          const ticket = this.queue.shift();
          if (!ticket) break; // its lane gave up meanwhile: that token is simply not used
          ticket.grant();
        }
        // Other processes wait for the same next token: spread the asks a little.
        if (granted === 0) await delay(Math.max(1, Math.round(waitMs * (1 + Math.random() * 0.25))));
      }
    } finally {
      this.pumping = false;
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
