/**
 * The reach and shared-send-rate sections of the store (src/store/reach.ts), on the embedded store,
 * or on MongoDB when MONGODB_URI is set (CI's MongoDB half runs test/store). Two handles on one
 * store stand for two bot processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
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
    expect(await a.reach.getReach(alice)).toBeUndefined();
    await a.reach.recordInbound(alice, at(10_000));
    await b.reach.recordInbound(alice, at(5_000)); // a late, older event does not move it back
    await a.reach.setFollower(alice, true, at(0));
    await a.reach.recordConsentedPhone(alice, '0912345678', 'submit_info', at(20_000));
    expect(await b.reach.getReach(alice)).toEqual({
      ...alice,
      lastInboundAt: at(10_000).toISOString(),
      follower: true,
      phone: '0912345678',
      phoneSource: 'submit_info',
      phoneConsentAt: at(20_000).toISOString(),
    });

    await a.reach.markWindowClosed(alice, at(30_000));
    expect((await a.reach.getReach(alice))?.windowClosedAt).toBe(at(30_000).toISOString());
    await a.reach.recordInbound(alice, at(40_000));
    expect((await a.reach.getReach(alice))?.windowClosedAt).toBeUndefined();

    await a.reach.setFollower(bob, false, at(0));
    const both = await b.reach.getReaches([alice, bob, { channel: 'zalo', userId: 'nobody' }]);
    expect([...both.keys()].sort()).toEqual(['zalo:z-alice', 'zalo:z-bob']);
    expect(both.get('zalo:z-bob')).toEqual({ ...bob, follower: false });
  });

  it('forgets the phone when the user erases their data', async () => {
    await a.reach.recordConsentedPhone(alice, '0912345678', 'enrolment', at(0));
    await a.reach.recordInbound(alice, at(1000));
    await b.erasePersonalData(alice);
    const r = await a.reach.getReach(alice);
    expect(r?.phone).toBeUndefined();
    expect(r?.phoneSource).toBeUndefined();
    expect(r?.lastInboundAt).toBe(at(1000).toISOString());
  });
});

describe('shared send rate', () => {
  const limit = { perSecond: 10, burst: 3 };

  it('grants the burst, then refills at the rate, across handles', async () => {
    expect(await a.sendRates.takeSendTokens('send:telegram', 5, limit, T0)).toEqual({ granted: 3, waitMs: 0 });
    const empty = await b.sendRates.takeSendTokens('send:telegram', 1, limit, T0);
    expect(empty.granted).toBe(0);
    expect(empty.waitMs).toBe(100);
    expect((await b.sendRates.takeSendTokens('send:telegram', 5, limit, T0 + 250)).granted).toBe(2);
    // Another bucket is independent.
    expect((await b.sendRates.takeSendTokens('send:zalo', 1, limit, T0)).granted).toBe(1);
    // A clock behind the last take refills nothing (and does not move the bucket back).
    expect((await a.sendRates.takeSendTokens('send:telegram', 1, limit, T0 - 5000)).granted).toBe(0);
  });

  it('a pause stops every handle until it ends', async () => {
    await a.sendRates.takeSendTokens('send:zalo', 1, limit, T0);
    await a.sendRates.pauseSends('send:zalo', T0 + 2000);
    const paused = await b.sendRates.takeSendTokens('send:zalo', 1, limit, T0 + 500);
    expect(paused).toEqual({ granted: 0, waitMs: 1500 });
    expect((await b.sendRates.takeSendTokens('send:zalo', 1, limit, T0 + 2200)).granted).toBe(1);
  });

  it('two handles taking at once never get more than the bucket holds', async () => {
    const big = { perSecond: 1, burst: 20 };
    const takes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).sendRates.takeSendTokens('send:race', 1, big, T0)),
    );
    const granted = takes.reduce((n, t) => n + t.granted, 0);
    expect(granted).toBeGreaterThan(0);
    // Whatever the races, tokens are conserved: what the racers got plus what is left is the bucket.
    const rest = await a.sendRates.takeSendTokens('send:race', 100, big, T0);
    expect(granted + rest.granted).toBe(20);
  });
});
