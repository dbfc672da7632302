/**
 * A small read-through cache for rows the outbox reads once per delivery (the announcement, its
 * item): a fan-out of thousands of rows reads each once per `ttlMs`, and a change (a cancel) is
 * still seen within that time. Emptied whole past `maxEntries`, which only costs re-reads.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly load: (id: string) => Promise<T>,
    private readonly maxEntries = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(id: string): Promise<T> {
    const t = this.clock();
    const cached = this.entries.get(id);
    if (cached && t - cached.at < this.ttlMs) return cached.value;
    const value = await this.load(id);
    this.entries.set(id, { value, at: t });
    if (this.entries.size > this.maxEntries) this.entries.clear();
    return value;
  }
}
