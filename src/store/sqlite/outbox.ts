/** The outbox: deliveries claimed, marked started and settled by the workers of each channel. */
import type { OutboxStore } from '../ports.js';
import { toMs } from '../shared.js';
import type { ChannelName, Delivery, DeliveryOutcome, DeliverySettlement, DeliveryState, DeliveryStats } from '../types.js';
import { isoOrUndefined, type SqliteConnection } from './connection.js';

interface DeliveryRow {
  id: number;
  announcement_id: string;
  occurrence: string;
  channel: string;
  user_id: string;
  state: string;
  attempts: number;
  not_before: number;
  claimed_by: string | null;
  claimed_until: number | null;
  started_at: number | null;
  error: string | null;
  sent_at: string | null;
  transient_failures: number;
  settled_claims: number;
}

function toDelivery(row: DeliveryRow): Delivery {
  const d: Delivery = {
    id: String(row.id),
    announcementId: row.announcement_id,
    occurrence: row.occurrence,
    channel: row.channel as ChannelName,
    userId: row.user_id,
    state: row.state as DeliveryState,
    attempts: row.attempts,
    notBefore: new Date(row.not_before).toISOString(),
    ledger: { transientFailures: row.transient_failures, settledClaims: row.settled_claims },
  };
  if (row.claimed_by !== null) d.claimedBy = row.claimed_by;
  const until = isoOrUndefined(row.claimed_until);
  if (until !== undefined) d.claimedUntil = until;
  const started = isoOrUndefined(row.started_at);
  if (started !== undefined) d.startedAt = started;
  if (row.error !== null) d.error = row.error;
  if (row.sent_at !== null) d.sentAt = row.sent_at;
  return d;
}

export class SqliteOutbox implements OutboxStore {
  constructor(private readonly c: SqliteConnection) {}

  async enqueueDeliveries(
    rows: Array<Pick<Delivery, 'announcementId' | 'occurrence' | 'channel' | 'userId' | 'notBefore'>>,
  ): Promise<number> {
    if (rows.length === 0) return 0;
    // Parse dates first so a bad row fails the call before anything is written.
    const parsed = rows.map((r) => ({ ...r, notBefore: toMs(r.notBefore, 'delivery notBefore') }));
    const insert = this.c.q(
      `INSERT OR IGNORE INTO deliveries (announcement_id, occurrence, channel, user_id, state, attempts, not_before)
       VALUES (@announcementId, @occurrence, @channel, @userId, 'pending', 0, @notBefore)`,
    );
    return this.c.write(() => {
      let added = 0;
      for (const r of parsed) added += insert.run(r).changes;
      return added;
    });
  }

  async claimDeliveries(
    worker: string,
    limit: number,
    now: Date,
    leaseMs: number,
    channels?: ChannelName[],
  ): Promise<Delivery[]> {
    if (limit <= 0) return [];
    const nowMs = now.getTime();
    const until = nowMs + leaseMs;
    // One query per channel when filtering: each then walks (state, channel, not_before) in order,
    // where an IN list over several channels would filter the whole backlog through (state, not_before).
    const groups: Array<string | undefined> = channels?.length ? [...new Set(channels)] : [undefined];
    const due = (state: 'claimed' | 'pending', n: number): Array<{ id: number; at: number }> => {
      const time = state === 'claimed' ? 'claimed_until' : 'not_before';
      const cmp = state === 'claimed' ? '<' : '<=';
      const rows = groups.flatMap(
        (channel) =>
          this.c.q(
            `SELECT id, ${time} AS at FROM deliveries WHERE state = @state AND ${time} ${cmp} @now
             ${channel === undefined ? '' : 'AND channel = @channel'} ORDER BY ${time}, id LIMIT @n`,
          ).all({ state, now: nowMs, channel, n }) as Array<{ id: number; at: number }>,
      );
      return groups.length === 1 ? rows : rows.sort((a, b) => a.at - b.at || a.id - b.id).slice(0, n);
    };
    return this.c.write(() => {
      // Abandoned claims first (their worker died mid-send), then due pending rows oldest first.
      const expired = due('claimed', limit);
      const pending = expired.length < limit ? due('pending', limit - expired.length) : [];
      const claim = this.c.q(
        `UPDATE deliveries SET state = 'claimed', claimed_by = ?, claimed_until = ?, attempts = attempts + 1
         WHERE id = ? RETURNING *`,
      );
      return [...expired, ...pending].map(({ id }) => toDelivery(claim.get(worker, until, id) as DeliveryRow));
    });
  }

  async startDelivery(id: string, worker: string): Promise<boolean> {
    const rowId = Number(id);
    if (!Number.isSafeInteger(rowId)) return false;
    // A plain FULL commit, synchronous on purpose: the caller sends right after this returns, and the
    // shorter the gap between "marked on disk" and "request on the socket", the less a kill can lose.
    return (
      this.c.q(`UPDATE deliveries SET started_at = ? WHERE id = ? AND state = 'claimed' AND claimed_by = ?`).run(Date.now(), rowId, worker)
        .changes === 1
    );
  }

  async completeDelivery(id: string, worker: string, outcome: DeliveryOutcome): Promise<void> {
    await this.completeDeliveries(worker, [{ id, outcome }]);
  }

  async completeDeliveries(worker: string, settlements: DeliverySettlement[]): Promise<number> {
    const nowMs = Date.now();
    const sentAt = new Date(nowMs).toISOString();
    // Parse first so a bad date fails the call before anything is written.
    const rows = settlements
      .map(({ id, outcome }) => ({
        id: Number(id),
        worker,
        state: outcome.state,
        error: outcome.error ?? null,
        notBefore: outcome.notBefore !== undefined ? toMs(outcome.notBefore, 'delivery notBefore') : nowMs,
        sentAt,
        transient: outcome.ledger?.transientFailures ?? null,
        settled: outcome.ledger?.settledClaims ?? null,
      }))
      .filter((r) => Number.isSafeInteger(r.id));
    if (rows.length === 0) return 0;
    // Only the worker that holds the claim may settle it: if its lease ran out and another worker
    // re-claimed the row, this late answer is ignored rather than overwriting the newer attempt.
    const settle = this.c.q(
      `UPDATE deliveries SET state = @state, error = @error, claimed_until = NULL, started_at = NULL,
         not_before = CASE WHEN @state = 'pending' THEN @notBefore ELSE not_before END,
         sent_at = CASE WHEN @state = 'sent' THEN @sentAt ELSE sent_at END,
         transient_failures = coalesce(@transient, transient_failures), settled_claims = coalesce(@settled, settled_claims)
       WHERE id = @id AND state = 'claimed' AND claimed_by = @worker`,
    );
    // One transaction, so one commit (and one fsync) for the whole batch.
    return this.c.write(() => rows.reduce((n, r) => n + settle.run(r).changes, 0));
  }

  async hasUnsettledDeliveries(announcementId: string): Promise<boolean> {
    // The state list must match the partial index's WHERE word for word for SQLite to use it.
    const row = this.c.q(
      `SELECT EXISTS (SELECT 1 FROM deliveries WHERE announcement_id = ? AND state IN ('pending', 'claimed')) AS x`,
    ).get(announcementId) as { x: number };
    return row.x === 1;
  }

  async deliveryStats(announcementId: string): Promise<DeliveryStats> {
    const stats: DeliveryStats = { total: 0, pending: 0, claimed: 0, sent: 0, failed: 0, unknown: 0 };
    const rows = this.c.q('SELECT state, count(*) AS n FROM deliveries WHERE announcement_id = ? GROUP BY state').all(
      announcementId,
    ) as Array<{ state: DeliveryState; n: number }>;
    for (const r of rows) {
      stats[r.state] = r.n;
      stats.total += r.n;
    }
    return stats;
  }
}
