/**
 * A broadcast to Zalo followers through the outbox and the real Zalo channel (axios against the
 * fake Zalo OA API on 127.0.0.1): one message each, Zalo's per-user refusals recorded and never
 * retried, its rate limit (-32) waited out and then sent once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnnouncementJob } from '../../jobs/announcements.js';
import { OutboxWorker } from '../../src/broadcast/outbox.js';
import { quietPolicy } from '../../src/broadcast/quiet-hours.js';
import { createLogger } from '../../src/observability/logger.js';
import { harness, type Harness } from '../channels/zalo/harness.js';

const TZ = 'Asia/Ho_Chi_Minh';
const VINH_LONG = '86';
const logger = createLogger('silent');

let h: Harness;
let clock: number;

beforeEach(async () => {
  // -32 tells the outbox to come back in 5 s (Zalo gives no retry-after; production waits a minute).
  h = await harness({ options: { rateLimitRetryAfterMs: 5_000 } });
  clock = new Date('2026-11-24T10:00:00+07:00').getTime();
});
afterEach(async () => {
  await h.close();
});

function worker() {
  return new OutboxWorker({
    store: h.store,
    channels: [h.channel],
    logger,
    quiet: quietPolicy({ QUIET_HOURS: '21-6', TIMEZONE: TZ }),
    now: () => new Date(clock),
    tuning: { limits: { zalo: { perSecond: 500, burst: 50, perChatGapMs: 0 } }, concurrency: { zalo: 8 } },
  });
}

async function broadcastToFollowers(userIds: string[]) {
  for (const userId of userIds) await h.store.subscribe({ channel: 'zalo', userId, topic: 'fair', provinceCode: VINH_LONG }, new Date(clock));
  const { announcement } = await h.store.createAnnouncement(
    { text: 'Hội chợ OCOP Vĩnh Long mở cửa từ thứ Bảy', topics: ['fair'], provinceCodes: [VINH_LONG], channels: ['zalo'], sendAt: new Date(clock).toISOString(), createdBy: 'cli' },
    new Date(clock),
  );
  await new AnnouncementJob({ store: h.store, logger, quiet: quietPolicy({ QUIET_HOURS: '21-6', TIMEZONE: TZ }), owner: 'test' }).tick(new Date(clock));
  return announcement;
}

const sentTo = (userId: string) => h.fake.sent(userId).length;

describe('outbox over Zalo', () => {
  it('sends each follower one message; refusals about the user are final; -32 is waited out and sent once', async () => {
    const a = await broadcastToFollowers(['z-ok', 'z-window', 'z-unfollowed', 'z-busy']);
    h.fake.failNext(-230, { userId: 'z-window', times: Infinity }); // outside the interaction window
    h.fake.failNext(-213, { userId: 'z-unfollowed', times: Infinity }); // no longer follows the OA
    h.fake.failNext(-32, { userId: 'z-busy' }); // the OA's quota, once

    const w = worker();
    expect(await w.drainOnce()).toBe(4);
    expect(sentTo('z-ok')).toBe(1);
    expect(JSON.stringify(h.fake.sent('z-ok')[0])).toContain('Hội chợ OCOP Vĩnh Long');
    expect(await h.store.deliveryStats(a.id)).toMatchObject({ total: 4, sent: 1, failed: 2, pending: 1 });
    expect((await h.store.getUser({ channel: 'zalo', userId: 'z-unfollowed' }))?.active).toBe(false);

    // Before the -32 wait is over nothing is claimed; after it, only z-busy is sent, once.
    clock += 2_000;
    expect(await w.drainOnce()).toBe(0);
    clock += 61_000;
    expect(await w.drainOnce()).toBe(1);
    expect(sentTo('z-busy')).toBe(1);
    expect(await h.store.deliveryStats(a.id)).toMatchObject({ sent: 2, failed: 2, pending: 0, claimed: 0 });

    // Nothing is ever retried for the users Zalo refused.
    clock += 3600_000;
    expect(await w.drainOnce()).toBe(0);
    const attempts = (userId: string) => h.fake.calls.filter((c) => c.op === 'send' && c.userId === userId).length;
    expect(attempts('z-window')).toBe(1);
    expect(attempts('z-unfollowed')).toBe(1);
    expect(sentTo('z-ok')).toBe(1);
  });
});
