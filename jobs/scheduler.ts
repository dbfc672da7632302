/**
 * The scheduler: node-cron fires jobs at their times (DIGEST_CRON for the digest and reminders,
 * in TIMEZONE), and a lease in the shared store per job occurrence makes sure each occurrence
 * runs once even when several bot processes share the store — node-cron alone fires in every
 * process (reference D6). The announcement poller runs here too, every second.
 *
 * The lease for an occurrence is kept, not released, after the run: a process whose clock is a
 * little behind must find it taken when its own timer fires for the same occurrence.
 */
import { hostname } from 'node:os';
import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import { validateCron } from '../src/broadcast/cron.js';
import type { Logger } from '../src/observability/logger.js';
import { randomId } from '../src/store/shared.js';
import type { Store } from '../src/store/ports.js';

export interface Job {
  name: string;
  /** 5-field cron, or 6 with seconds. */
  cron: string;
  /** `occurrence` is the scheduled time (not the moment the timer happened to fire). */
  run(occurrence: Date): Promise<unknown>;
}

export interface SchedulerDeps {
  store: Store;
  logger: Logger;
  timeZone: string;
  /** Lease owner; unique per process. */
  owner?: string;
}

interface Poller {
  start(): void;
  stop(): Promise<void>;
}

/** How long an occurrence's lease lives: far beyond clock skew between processes and any job's run time. */
const OCCURRENCE_LEASE_MS = 6 * 3600_000;

/** node-cron's distributed hook, backed by the store's leases. */
export class StoreRunCoordinator implements RunCoordinator {
  constructor(
    private readonly store: Store,
    private readonly owner: string,
  ) {}
  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    return this.store.acquireLease(`job:${key}`, this.owner, Math.max(ttlMs, OCCURRENCE_LEASE_MS));
  }
}

export class Scheduler {
  readonly owner: string;
  private readonly jobs: Job[] = [];
  private readonly tasks: ScheduledTask[] = [];
  private readonly coordinator: StoreRunCoordinator;
  private readonly running = new Set<Promise<unknown>>();
  private readonly pollers: Poller[] = [];

  constructor(private readonly deps: SchedulerDeps) {
    this.owner = deps.owner ?? `${hostname()}:${process.pid}:${randomId(6)}`;
    this.coordinator = new StoreRunCoordinator(deps.store, this.owner);
  }

  /** Adds a cron job; throws a clear error for a bad expression (a bad DIGEST_CRON stops start-up). */
  add(job: Job): this {
    try {
      validateCron(job.cron, { allowSeconds: true });
    } catch (err) {
      throw new Error(`lịch của việc "${job.name}": ${(err as Error).message}`);
    }
    this.jobs.push(job);
    return this;
  }

  /** Runs `tick` every `everyMs`, never overlapping itself; errors are logged, the loop goes on. */
  every(name: string, everyMs: number, tick: () => Promise<unknown>): this {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let current: Promise<unknown> = Promise.resolve();
    const loop = () => {
      if (stopped) return;
      current = tick()
        .catch((err: unknown) => this.deps.logger.error({ job: name, err: (err as Error).message }, 'scheduler: poller failed'))
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, everyMs);
        });
    };
    this.pollers.push({
      start: loop,
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await current;
      },
    });
    return this;
  }

  start(): void {
    for (const job of this.jobs) {
      const task = cron.schedule(
        job.cron,
        (ctx) => {
          const p = this.runJob(job, ctx.date);
          this.running.add(p);
          return p.finally(() => this.running.delete(p));
        },
        {
          name: job.name,
          timezone: this.deps.timeZone,
          distributed: true,
          runCoordinator: this.coordinator,
          distributedLease: OCCURRENCE_LEASE_MS,
          noOverlap: true,
          // Our own logger reports failures; node-cron's would print to the console.
          logger: { info() {}, warn() {}, error() {}, debug() {} },
        },
      );
      this.tasks.push(task);
    }
    for (const p of this.pollers) p.start();
  }

  /**
   * Runs one occurrence by hand through the same lease (for catch-up and tests).
   * Returns false when another process already ran or is running it.
   */
  async runOccurrence(name: string, occurrence: Date): Promise<boolean> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job named ${name}`);
    if (!(await this.coordinator.shouldRun(`${name}:${occurrence.toISOString()}`, OCCURRENCE_LEASE_MS))) return false;
    await this.runJob(job, occurrence);
    return true;
  }

  private async runJob(job: Job, occurrence: Date): Promise<void> {
    const started = Date.now();
    try {
      await job.run(occurrence);
      this.deps.logger.info({ job: job.name, occurrence: occurrence.toISOString(), ms: Date.now() - started }, 'scheduler: job done');
    } catch (err) {
      this.deps.logger.error({ job: job.name, occurrence: occurrence.toISOString(), err: (err as Error).message }, 'scheduler: job failed');
    }
  }

  async stop(): Promise<void> {
    for (const t of this.tasks.splice(0)) await t.destroy();
    await Promise.allSettled(this.pollers.map((p) => p.stop()));
    await Promise.allSettled([...this.running]);
  }
}
