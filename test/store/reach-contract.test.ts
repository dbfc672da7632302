/**
 * The reach and shared-send-rate sections of the store (src/store/reach.ts), on the embedded store,
 * or on MongoDB when MONGODB_URI is set (CI's MongoDB half runs test/store). Two handles on one
 * store stand for two bot processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import { testStoreAt, type TestStoreSite } from './support/test-store.js';

const T0 = Date.parse('2027-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const alice = { channel: 'zalo' as const, userId: 'z-alice' };
const bob = { channel: 'zalo' as const, userId: 'z-bob' };

let dir: string;
let site: TestStoreSite;
let a: Store;
let b: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-reach-'));
  site = testStoreAt(dir);
  a = await site.open();
  b = await site.open();
});
afterEach(async () => {
  await a.close();
  await b.close();
  await site.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('reach', () => {
  it('keeps the latest inbound time, follower status, a consented phone, and a window refusal until the next message', async () => {
    expect(await a.getReach(alice)).toBeUndefined();
    await a.recordInbound(alice, at(10_000));
    await b.recordInbound(alice, at(5_000)); // a late, older event does not move it back
    await a.setFollower(alice, true, at(0));
    await a.recordConsentedPhone(alice, '0912345678', 'submit_info', at(20_000));
    expect(await b.getReach(alice)).toEqual({
      ...alice,
      lastInboundAt: at(10_000).toISOString(),
      follower: true,
      phone: '0912345678',
      phoneSource: 'submit_info',
      phoneConsentAt: at(20_000).toISOString(),
    });

    await a.markWindowClosed(alice, at(30_000));
    expect((await a.getReach(alice))?.windowClosedAt).toBe(at(30_000).toISOString());
    await a.recordInbound(alice, at(40_000));
    expect((await a.getReach(alice))?.windowClosedAt).toBeUndefined();

    await a.setFollower(bob, false, at(0));
    const both = await b.getReaches([alice, bob, { channel: 'zalo', userId: 'nobody' }]);
    expect([...both.keys()].sort()).toEqual(['zalo:z-alice', 'zalo:z-bob']);
    expect(both.get('zalo:z-bob')).toEqual({ ...bob, follower: false });
  });

  it('forgets the phone when the user erases their data', async () => {
    await a.recordConsentedPhone(alice, '0912345678', 'enrolment', at(0));
    await a.recordInbound(alice, at(1000));
    await b.erasePersonalData(alice);
    const r = await a.getReach(alice);
    expect(r?.phone).toBeUndefined();
    expect(r?.phoneSource).toBeUndefined();
    expect(r?.lastInboundAt).toBe(at(1000).toISOString());
  });
});

describe('shared send schedule', () => {
  const limit = { perSecond: 10, burst: 3, horizonMs: 250 };

  it('grants the burst at once, then slots an interval apart within the horizon, across handles', async () => {
    // Idle: three slots may fall now (the burst), the next ones 100 ms apart, up to 250 ms ahead.
    expect(await a.reserveSendSlots('send:telegram', 10, limit, T0)).toEqual({ granted: 5, firstMs: T0 - 200, intervalMs: 100, waitMs: 0 });
    // The other handle continues the same schedule: nothing before T0 + 300, which is past the horizon.
    expect(await b.reserveSendSlots('send:telegram', 1, limit, T0)).toEqual({ granted: 0, firstMs: 0, intervalMs: 100, waitMs: 50 });
    expect(await b.reserveSendSlots('send:telegram', 4, limit, T0 + 100)).toMatchObject({ granted: 1, firstMs: T0 + 300 });
    // Another channel is independent.
    expect((await b.reserveSendSlots('send:zalo', 1, limit, T0)).granted).toBe(1);
    // A clock behind gets no earlier slot than the schedule's next one.
    expect(await a.reserveSendSlots('send:telegram', 1, limit, T0 - 5000)).toMatchObject({ granted: 0 });
  });

  it('a pause holds every handle until it ends', async () => {
    await a.reserveSendSlots('send:zalo', 1, limit, T0);
    await a.pauseSends('send:zalo', T0 + 2000);
    expect(await b.reserveSendSlots('send:zalo', 1, limit, T0 + 500)).toMatchObject({ granted: 0, waitMs: 1250 });
    expect(await b.reserveSendSlots('send:zalo', 1, limit, T0 + 1900)).toMatchObject({ granted: 1, firstMs: T0 + 2000 });
  });

  it('two handles reserving at once never get two slots closer than the interval', async () => {
    const fast = { perSecond: 100, burst: 1, horizonMs: 10_000 };
    const grants = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).reserveSendSlots('send:race', 2, fast, T0)),
    );
    const slots = grants.flatMap((g) => Array.from({ length: g.granted }, (_, i) => g.firstMs + i * g.intervalMs)).sort((x, y) => x - y);
    expect(slots.length).toBeGreaterThan(0);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(10 - 1e-6);
  });
});
