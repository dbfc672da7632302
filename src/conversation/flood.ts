/**
 * Per-user flood limit: more than `limit` messages within `windowMs` earns one polite warning,
 * then silence until the user has been quiet for a window. In memory: a flood is a burst, and
 * losing the counters on restart only forgives it early.
 */
export type FloodVerdict = 'ok' | 'warn' | 'silence';

interface Track {
  stamps: number[];
  silencedUntil: number;
}

const MAX_TRACKED = 100_000;

export class FloodGuard {
  private tracks = new Map<string, Track>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  check(key: string, nowMs: number): FloodVerdict {
    let t = this.tracks.get(key);
    if (!t) {
      if (this.tracks.size >= MAX_TRACKED) this.evict(nowMs);
      this.tracks.set(key, (t = { stamps: [], silencedUntil: 0 }));
    }
    // The stamps still inside the window, kept in place: a new array and closure per message otherwise.
    const stamps = t.stamps;
    let kept = 0;
    for (let i = 0; i < stamps.length; i++) if (nowMs - stamps[i]! < this.windowMs) stamps[kept++] = stamps[i]!;
    stamps.length = kept;
    stamps.push(nowMs);
    if (nowMs < t.silencedUntil) {
      // Still flooding keeps the silence going.
      t.silencedUntil = nowMs + this.windowMs;
      return 'silence';
    }
    if (t.stamps.length > this.limit) {
      t.silencedUntil = nowMs + this.windowMs * 3;
      return 'warn';
    }
    return 'ok';
  }

  private evict(nowMs: number): void {
    for (const [k, t] of this.tracks) {
      if (t.silencedUntil < nowMs && (t.stamps.at(-1) ?? 0) < nowMs - this.windowMs) this.tracks.delete(k);
    }
  }
}
