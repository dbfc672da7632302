/**
 * Due announcements → deliveries. Runs about every second in every bot process, so an
 * announcement written by the CLI (or by OutboxNotifier in any process) is picked up without a
 * restart. One-off announcements fan out once when sendAt arrives; cron announcements fan out
 * once per occurrence (occurrence = the ISO time it was due). A lease per occurrence keeps two
 * processes from doing the same fan-out at once, and the fan-out itself is idempotent, so a crash
 * half-way is repaired by simply running it again. Announcements whose deliveries are all
 * settled are marked done. Every status change is a compare-and-set in the store, so an officer's
 * cancel racing a fan-out or the "done" check is never overwritten, and two processes never both
 * start the same announcement.
 */
import { fanOut } from '../src/broadcast/fanout.js';
import { nextOccurrence, parseCron } from '../src/broadcast/cron.js';
import type { QuietPolicy } from '../src/broadcast/quiet-hours.js';
import type { Logger } from '../src/observability/logger.js';
import type { Announcement } from '../src/store/types.js';
import type { AnnouncementStore, DedupeStore, OutboxStore, SubscriptionStore, UserStore } from '../src/store/ports.js';

export interface AnnouncementJobDeps {
  store: AnnouncementStore & OutboxStore & DedupeStore & SubscriptionStore & UserStore;
  logger: Logger;
  quiet: QuietPolicy;
  /** Lease owner name of this process. */
  owner: string;
  /** Called after a fan-out added deliveries (wakes the outbox worker). */
  onFanOut?: () => void;
}

/** An occurrence missed by more than this (the bot was down) is skipped rather than sent late. */
export const MAX_LATENESS_MS = 12 * 3600_000;
const FANOUT_LEASE_MS = 10 * 60_000;
/** How often 'sending' announcements are checked for completion (one index seek each). */
const DONE_CHECK_MS = 3000;

export class AnnouncementJob {
  private lastDoneCheck = 0;

  constructor(private readonly deps: AnnouncementJobDeps) {}

  /** One pass: fan out what is due at `now`, then close finished ones. Returns deliveries added. */
  async tick(now: Date): Promise<number> {
    let added = 0;
    for (const a of await this.deps.store.listAnnouncements({ status: 'scheduled' })) {
      try {
        added += a.cron ? await this.recurring(a, now) : await this.oneOff(a, now);
      } catch (err) {
        this.deps.logger.error({ announcement: a.id, err: (err as Error).message }, 'announcement fan-out failed; will retry');
      }
    }
    if (now.getTime() - this.lastDoneCheck >= DONE_CHECK_MS || added > 0) {
      this.lastDoneCheck = now.getTime();
      await this.closeFinished();
    }
    if (added > 0) this.deps.onFanOut?.();
    return added;
  }

  private async oneOff(a: Announcement, now: Date): Promise<number> {
    const due = new Date(a.sendAt ?? a.createdAt);
    if (Number.isNaN(due.getTime()) || due.getTime() > now.getTime()) return 0;
    const added = await this.withLease(a, '', async () => {
      // Another process may have fanned it out between our list and our lease.
      if ((await this.deps.store.getAnnouncement(a.id))?.status !== 'scheduled') return 0;
      const { added, recipients } = await fanOut(this.deps.store, a, '', now, this.deps.quiet);
      // Only from 'scheduled': an officer may have cancelled while we fanned out; do not revive it
      // (the outbox fails the rows of a cancelled announcement without sending them).
      const started = await this.deps.store.updateAnnouncement(a.id, { status: recipients === 0 ? 'done' : 'sending' }, { status: ['scheduled'] });
      this.deps.logger.info({ announcement: a.id, recipients, added, started }, 'announcement fanned out');
      return added;
    });
    return added ?? 0;
  }

  private async recurring(a: Announcement, now: Date): Promise<number> {
    const schedule = parseCron(a.cron!);
    const tz = this.deps.quiet.timeZone;
    if (!a.nextRunAt) {
      // First look at a new recurring announcement: its first occurrence is the next one after
      // creation (or after sendAt, which then means "starting from").
      const from = new Date(Math.max(Date.parse(a.createdAt), a.sendAt ? Date.parse(a.sendAt) - 1 : 0));
      const first = nextOccurrence(schedule, from, tz);
      await this.deps.store.updateAnnouncement(a.id, first ? { nextRunAt: first.toISOString() } : { status: 'done', nextRunAt: undefined }, {
        status: ['scheduled'],
        nextRunAt: undefined,
      });
      return 0;
    }
    const due = new Date(a.nextRunAt);
    if (due.getTime() > now.getTime()) return 0;
    const occurrence = due.toISOString();
    const added = await this.withLease(a, occurrence, async () => {
      if ((await this.deps.store.getAnnouncement(a.id))?.nextRunAt !== a.nextRunAt) return 0;
      if (now.getTime() - due.getTime() > MAX_LATENESS_MS) {
        this.deps.logger.warn({ announcement: a.id, occurrence }, 'recurring announcement occurrence missed long ago; skipped');
        return 0;
      }
      const { added, recipients } = await fanOut(this.deps.store, a, occurrence, now, this.deps.quiet);
      this.deps.logger.info({ announcement: a.id, occurrence, recipients, added }, 'recurring announcement fanned out');
      return added;
    });
    if (added === undefined) return 0;
    // Next occurrence after now, not after `due`: occurrences missed while down are not replayed.
    // Only if nobody cancelled it or moved it on meanwhile.
    const next = nextOccurrence(schedule, new Date(Math.max(now.getTime(), due.getTime())), tz);
    await this.deps.store.updateAnnouncement(a.id, next ? { nextRunAt: next.toISOString() } : { status: 'done', nextRunAt: undefined }, {
      status: ['scheduled'],
      nextRunAt: a.nextRunAt,
    });
    return added;
  }

  /** Runs `work` holding the fan-out lease of this occurrence; undefined when another process holds it. */
  private async withLease(a: Announcement, occurrence: string, work: () => Promise<number>): Promise<number | undefined> {
    const name = `fanout:${a.id}:${occurrence}`;
    if (!(await this.deps.store.acquireLease(name, this.deps.owner, FANOUT_LEASE_MS))) return undefined;
    try {
      return await work();
    } finally {
      await this.deps.store.releaseLease(name, this.deps.owner).catch(() => undefined);
    }
  }

  private async closeFinished(): Promise<void> {
    for (const a of await this.deps.store.listAnnouncements({ status: 'sending' })) {
      // A seek, not a count: this runs every few seconds while a 100k broadcast is being sent.
      if (await this.deps.store.hasUnsettledDeliveries(a.id)) continue;
      // Only from 'sending': a cancel that came first stays a cancel.
      if (await this.deps.store.updateAnnouncement(a.id, { status: 'done' }, { status: ['sending'] })) {
        const s = await this.deps.store.deliveryStats(a.id);
        this.deps.logger.info({ announcement: a.id, sent: s.sent, failed: s.failed, unknown: s.unknown }, 'announcement done');
      }
    }
  }
}
