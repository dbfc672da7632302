/**
 * The console's store section (accounts, sessions, login failures, audit, enrolment marks) on the
 * embedded store, and on MongoDB when MONGODB_URI is set (CI's MongoDB half runs test/store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OfficerAccount } from '../../src/store/console-types.js';
import type { Store } from '../../src/store/ports.js';
import { testStoreAt, type TestStoreSite } from './support/test-store.js';

const T0 = new Date('2027-03-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function account(username: string, extra: Partial<OfficerAccount> = {}): OfficerAccount {
  return { username, passwordHash: 'scrypt$1$1$1$x$y', admin: false, provinceCode: '86', createdAt: T0.toISOString(), updatedAt: T0.toISOString(), ...extra };
}
const audit = (action: string, target: string) => ({ actor: 'cli', action, target });

describe(`console store section (${process.env.MONGODB_URI ? 'mongodb' : 'embedded'})`, () => {
  let dir: string;
  let site: TestStoreSite;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghebot-console-store-'));
    site = testStoreAt(dir);
    store = await site.open();
  });
  afterEach(async () => {
    await store.close();
    await site.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates accounts once, with their audit entry, and links the chat officer record with the account', async () => {
    expect(await store.console.createAccount(account('lan', { linked: { channel: 'telegram', userId: '42' } }), audit('officer.add', 'lan'))).toBe(true);
    expect(await store.console.createAccount(account('lan', { provinceCode: '01' }), audit('officer.add', 'lan'))).toBe(false);
    expect(await store.console.getAccount('lan')).toMatchObject({ username: 'lan', provinceCode: '86', admin: false, linked: { channel: 'telegram', userId: '42' } });
    expect(await store.listOfficers()).toEqual([{ channel: 'telegram', userId: '42', provinceCodes: ['86'], name: 'lan' }]);
    expect((await store.console.listAudit()).map((e) => [e.action, e.target])).toEqual([['officer.add', 'lan']]);

    // Re-linking moves the chat officer record; unlinking removes it.
    await store.console.updateAccount('lan', { linked: { channel: 'zalo', userId: 'z9' } }, audit('officer.link', 'lan'), at(1000));
    expect(await store.listOfficers()).toEqual([{ channel: 'zalo', userId: 'z9', provinceCodes: ['86'], name: 'lan' }]);
    await store.console.updateAccount('lan', { linked: null }, audit('officer.link', 'lan'), at(2000));
    expect(await store.listOfficers()).toEqual([]);
    expect((await store.console.getAccount('lan'))?.linked).toBeUndefined();
    expect(await store.console.updateAccount('nobody', { linked: null }, audit('officer.link', 'nobody'), at(3000))).toBe(false);
  });

  it('a new password and a removal sign the account out everywhere', async () => {
    await store.console.createAccount(account('lan', { linked: { channel: 'telegram', userId: '7' } }), audit('officer.add', 'lan'));
    const session = (h: string) => ({ tokenHash: h, username: 'lan', createdAt: T0.toISOString(), lastSeenAt: T0.toISOString() });
    await store.console.createSession(session('a'));
    await store.console.createSession(session('b'));
    expect(await store.console.getSession('a', at(-1))).toMatchObject({ username: 'lan' });
    await store.console.updateAccount('lan', { passwordHash: 'new' }, audit('officer.passwd', 'lan'), at(1000));
    expect(await store.console.getSession('a', at(-1))).toBeUndefined();
    expect((await store.console.getAccount('lan'))?.passwordHash).toBe('new');
    await store.console.createSession(session('c'));
    expect(await store.console.removeAccount('lan', audit('officer.remove', 'lan'), at(2000))).toBe(true);
    expect(await store.console.getSession('c', at(-1))).toBeUndefined();
    expect(await store.console.getAccount('lan')).toBeUndefined();
    expect(await store.listOfficers()).toEqual([]);
    expect(await store.console.removeAccount('lan', audit('officer.remove', 'lan'), at(3000))).toBe(false);
    expect((await store.console.listAudit()).map((e) => e.action)).toEqual(['officer.remove', 'officer.passwd', 'officer.add']);
  });

  it('forgets a session idle since before the cut-off, and keeps one touched after it', async () => {
    await store.console.createSession({ tokenHash: 'h', username: 'lan', createdAt: T0.toISOString(), lastSeenAt: T0.toISOString() });
    await store.console.touchSession('h', at(20 * 60_000));
    expect(await store.console.getSession('h', at(10 * 60_000))).toMatchObject({ lastSeenAt: at(20 * 60_000).toISOString() });
    expect(await store.console.getSession('h', at(21 * 60_000))).toBeUndefined();
    expect(await store.console.getSession('h', at(0))).toBeUndefined(); // deleted, not only hidden
    await store.console.createSession({ tokenHash: 'old', username: 'lan', createdAt: T0.toISOString(), lastSeenAt: T0.toISOString() });
    expect(await store.console.purgeSessions(at(1))).toBe(1);
  });

  it('counts login failures per key within the window, and clears one key', async () => {
    await store.console.recordLoginFailure(['user:lan', 'addr:1.2.3.4'], at(0));
    await store.console.recordLoginFailure(['user:lan', 'addr:1.2.3.4'], at(60_000));
    await store.console.recordLoginFailure(['user:minh', 'addr:1.2.3.4'], at(120_000));
    expect(await store.console.loginFailures('user:lan', at(-1))).toEqual({ count: 2, oldest: at(0).toISOString() });
    expect(await store.console.loginFailures('user:lan', at(30_000))).toEqual({ count: 1, oldest: at(60_000).toISOString() });
    expect((await store.console.loginFailures('addr:1.2.3.4', at(-1))).count).toBe(3);
    await store.console.clearLoginFailures('user:lan');
    expect(await store.console.loginFailures('user:lan', at(-1))).toEqual({ count: 0 });
    expect((await store.console.loginFailures('addr:1.2.3.4', at(-1))).count).toBe(3);
  });

  it('counts an announcement\'s failed deliveries by their error text', async () => {
    const { announcement } = await store.createAnnouncement({ text: 'Tin', topics: ['course'], provinceCodes: [], channels: [], createdBy: 'console:lan' }, T0);
    const row = (userId: string) => ({ announcementId: announcement.id, occurrence: '', channel: 'telegram' as const, userId, notBefore: T0.toISOString() });
    await store.enqueueDeliveries(['a', 'b', 'c', 'd'].map(row));
    const claimed = await store.claimDeliveries('w', 10, at(1000), 60_000);
    const outcome = (userId: string) =>
      userId === 'd' ? ({ state: 'sent' } as const) : ({ state: 'failed', error: userId === 'c' ? 'unsubscribed' : '[t=0 s=1] 403: blocked' } as const);
    await store.completeDeliveries('w', claimed.map((d) => ({ id: d.id, outcome: outcome(d.userId) })));
    const errors = await store.console.failedDeliveryErrors(announcement.id);
    expect(errors.sort((x, y) => x.count - y.count)).toEqual([
      { error: 'unsubscribed', count: 1 },
      { error: '[t=0 s=1] 403: blocked', count: 2 },
    ]);
    expect(await store.console.failedDeliveryErrors('other')).toEqual([]);
  });

  it('keeps enrolment marks per enrolment, each with its audit entry, and filters the audit log by province', async () => {
    await store.console.markEnrollment('e1', 'contacted', 'lan', at(0), { actor: 'lan', action: 'enrollment.contacted', target: 'e1', provinceCode: '86' });
    await store.console.markEnrollment('e1', 'attended', 'minh', at(1000), { actor: 'minh', action: 'enrollment.attended', target: 'e1', provinceCode: '86' });
    await store.console.appendAudit({ actor: 'an', action: 'item.update', target: 'x', provinceCode: '01', detail: 'Lớp hàn' }, at(2000));
    expect(await store.console.enrollmentMarks(['e1', 'e2'])).toEqual([{ enrollmentId: 'e1', contactedAt: at(0).toISOString(), attendedAt: at(1000).toISOString(), by: 'minh' }]);
    expect(await store.console.enrollmentMarks([])).toEqual([]);
    const all = await store.console.listAudit();
    expect(all.map((e) => e.action)).toEqual(['item.update', 'enrollment.attended', 'enrollment.contacted']);
    expect(all[0]).toMatchObject({ actor: 'an', detail: 'Lớp hàn', provinceCode: '01', at: at(2000).toISOString() });
    expect((await store.console.listAudit({ provinceCode: '86' })).map((e) => e.action)).toEqual(['enrollment.attended', 'enrollment.contacted']);
    expect(await store.console.listAudit({ limit: 1 })).toHaveLength(1);
  });
});
