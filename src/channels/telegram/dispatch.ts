/**
 * Lets long polling handle different users at once while keeping each user's updates in order.
 * grammY's built-in loop handles updates strictly one after another, so one slow turn (a 429
 * wait, a slow store) would hold up every other user. Admission waits when `limit` tasks are
 * pending, which keeps the poller from fetching far ahead of what has been handled.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly slotWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves once the task is admitted (not when it finishes). Task errors are the task's own business. */
  async push(key: string, task: () => Promise<unknown>): Promise<void> {
    while (this.pending.size >= this.limit) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run: Promise<void> = prev
      .then(task)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.pending.delete(run);
        if (this.tails.get(key) === run) this.tails.delete(key);
        this.slotWaiters.shift()?.();
      });
    this.tails.set(key, run);
    this.pending.add(run);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Waits until every admitted task has finished. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
