/**
 * The store takes "now" from the injected clock: dedupe keys and leases expire when the clock is
 * moved, not when real time passes (embedded store, or MongoDB with MONGODB_URI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Store } from '../../src/store/ports.js';
import { localDate, manualClock, type ManualClock } from '../../src/time/clock.js';
import { testStoreAt, type TestStoreSite } from './support/test-store.js';

let dir: string;
let site: TestStoreSite;
let store: Store;
let clock: ManualClock;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-clock-'));
  site = testStoreAt(dir);
  clock = manualClock('2027-03-01T08:00:00Z');
  store = await site.open({ clock });
});
afterEach(async () => {
  await store.close();
  await site.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the store on an injected clock', () => {
  it('expires a processed key when the clock passes its TTL, an hour later, without waiting', async () => {
    expect(await store.markProcessed('telegram:update', '1', 3600_000)).toBe(true);
    clock.advance(3599_000);
    expect(await store.markProcessed('telegram:update', '1', 3600_000)).toBe(false);
    clock.advance(2_000);
    expect(await store.markProcessed('telegram:update', '1', 3600_000)).toBe(true);
  });

  it('hands a lease to another owner only once the clock has passed its end', async () => {
    expect(await store.acquireLease('digest', 'A', 60_000)).toBe(true);
    clock.advance(59_000);
    expect(await store.acquireLease('digest', 'B', 60_000)).toBe(false);
    clock.advance(2_000);
    expect(await store.acquireLease('digest', 'B', 60_000)).toBe(true);
  });

  it('stamps imports with the clock', async () => {
    await store.importItems([{ id: 'policy-a', kind: 'policy', title: 'A' }], () => undefined);
    expect((await store.getItem('policy-a'))?.importedAt).toBe('2027-03-01T08:00:00.000Z');
  });
});

describe('local days', () => {
  it('counts the day in the given zone, not in UTC', () => {
    const lateEvening = new Date('2027-03-01T18:30:00Z');
    expect(localDate(lateEvening, 'Asia/Ho_Chi_Minh')).toBe('2027-03-02');
    expect(localDate(lateEvening, 'UTC')).toBe('2027-03-01');
    expect(localDate(lateEvening, 'America/New_York')).toBe('2027-03-01');
  });

  it('turns the day at local midnight to the minute, whatever it was asked before', () => {
    const zone = 'Asia/Ho_Chi_Minh';
    expect(localDate(new Date('2027-03-01T16:59:00Z'), zone)).toBe('2027-03-01');
    expect(localDate(new Date('2027-03-01T16:59:59.999Z'), zone)).toBe('2027-03-01');
    expect(localDate(new Date('2027-03-01T17:00:00Z'), zone)).toBe('2027-03-02');
    expect(localDate(new Date('2027-03-01T17:00:30Z'), zone)).toBe('2027-03-02');
    expect(localDate(new Date('2027-03-01T16:59:30Z'), zone)).toBe('2027-03-01');
  });
});

describe('TIMEZONE', () => {
  it('stops start-up on a zone Intl does not know, naming the variable', () => {
    expect(loadConfig({ TIMEZONE: 'America/New_York' }).TIMEZONE).toBe('America/New_York');
    expect(loadConfig({}).TIMEZONE).toBe('Asia/Ho_Chi_Minh');
    expect(() => loadConfig({ TIMEZONE: 'Asia/Ha_Noi' })).toThrow(/TIMEZONE: an IANA time zone/);
  });
});
