/**
 * The Store contract: one suite every implementation must pass. It always runs against the
 * embedded SQLite store (fresh temp dir per test) and against MongoDB when MONGODB_URI is set (CI:
 * the wire-protocol stand-in in --rs mode, see .ci/run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import { chatHistoryKey } from '../../src/store/shared.js';
import type { EnrollmentInput, UserKey } from '../../src/store/types.js';
import type { Store } from '../../src/store/ports.js';
import { manualClock, type Clock, type ManualClock } from '../../src/time/clock.js';

interface Opened {
  store: Store;
  cleanup(): Promise<void>;
}

const T0 = new Date('2027-03-01T08:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

function course(id: string, capacity?: number, extra: Partial<ContentItem> = {}): ContentItem {
  return { id, kind: 'course', title: `Khóa học ${id}`, province: 'Hà Nội', ...(capacity ? { capacity } : {}), ...extra };
}
function policy(id: string, extra: Partial<ContentItem> = {}): ContentItem {
  return { id, kind: 'policy', title: `Chính sách ${id}`, province: 'Nghệ An', ...extra };
}
/** The import-time province mapping the real importer supplies; tests use a tiny one. */
const provinceOf = (item: ContentItem): string | undefined =>
  item.province === 'Hà Nội' ? '01' : item.province === 'Nghệ An' ? '40' : undefined;

/** One phone per person (channel and id), since a phone holds one place per course. */
const phones = new Map<string, string>();
function phoneOf(channel: string, userId: string): string {
  const key = `${channel}:${userId}`;
  if (!phones.has(key)) phones.set(key, `0912${String(phones.size).padStart(6, '0')}`);
  return phones.get(key)!;
}

function person(userId: string, courseId: string, channel: UserKey['channel'] = 'telegram'): EnrollmentInput {
  return { channel, userId, courseId, fullName: `Người ${userId}`, phone: phoneOf(channel, userId), provinceCode: '01', commune: 'Xã A' };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * How big the "many rows" tests are. The real sizes by default; a slow stand-in server is given
 * smaller ones (and a smaller page size to match) through the environment rather than being skipped.
 */
export interface ContractSizes {
  /** Rows per page of the store's streaming reads; the paging tests stream a few pages' worth. */
  page: number;
  /** Rows of the large fan-out test. */
  fanOut: number;
}
const REAL_SIZES: ContractSizes = { page: 2000, fanOut: 20_000 };

/** `open` must give the store `clock` as its "now", so TTLs expire by moving it rather than by sleeping. */
export function describeStoreContract(name: string, open: (clock: Clock) => Promise<Opened>, sizes: ContractSizes = REAL_SIZES): void {
  describe(`Store contract: ${name}`, () => {
    let opened: Opened;
    let store: Store;
    let clock: ManualClock;
    beforeEach(async () => {
      clock = manualClock(T0);
      opened = await open(clock);
      store = opened.store;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    it('reports health', async () => {
      await store.importItems([policy('a')], provinceOf);
      const h = await store.health();
      expect(h.ok).toBe(true);
      expect(h.detail).toMatch(/1 items/);
    });

    describe('content', () => {
      it('imports items with province code, revision and import time', async () => {
        expect(await store.contentRevision()).toBe(0);
        const r = await store.importItems([course('c1', 10), policy('p1'), policy('p2', { province: 'Nowhere' })], provinceOf);
        expect(r).toEqual({ inserted: 3, updated: 0, unchanged: 0, rev: 1 });
        expect(await store.countItems()).toBe(3);
        expect(await store.contentRevision()).toBe(1);
        const c1 = await store.getItem('c1');
        expect(c1).toMatchObject({ id: 'c1', kind: 'course', capacity: 10, provinceCode: '01', rev: 1 });
        expect(Date.parse(c1!.importedAt)).not.toBeNaN();
        const p2 = await store.getItem('p2');
        expect(p2).toBeDefined();
        expect('provinceCode' in p2!).toBe(false);
        expect(await store.getItem('missing')).toBeUndefined();
        // getItems keeps the caller's order and skips unknown ids.
        expect((await store.getItems(['p2', 'missing', 'c1'])).map((i) => i.id)).toEqual(['p2', 'c1']);
        expect(await store.getItems([])).toEqual([]);
      });

      it('is all-or-nothing: a failure mid-import leaves nothing written', async () => {
        await store.importItems([policy('keep', { summary: 'old' })], provinceOf);
        const items = [policy('keep', { summary: 'new' }), policy('n1'), policy('boom'), policy('n2')];
        await expect(
          store.importItems(items, (item) => {
            if (item.id === 'boom') throw new Error('bad province');
            return provinceOf(item);
          }),
        ).rejects.toThrow('bad province');
        expect(await store.countItems()).toBe(1);
        expect(await store.contentRevision()).toBe(1);
        expect((await store.getItem('keep'))?.summary).toBe('old');
        expect(await store.getItem('n1')).toBeUndefined();
      });

      it('an import stopped midway leaves the store and the search index exactly as before', async () => {
        await store.importItems([policy('keep', { summary: 'hỗ trợ vay vốn' }), course('c0', 3)], provinceOf);
        const engine = new AnswerEngine(store);
        await engine.load();
        const snapshot = async () => ({
          rev: await store.contentRevision(),
          count: await store.countItems(),
          items: await collect(store.iterateItems()),
          index: engine.index.toImage(),
        });
        const before = await snapshot();
        const items = [policy('keep', { summary: 'đã đổi' }), ...Array.from({ length: 9 }, (_, i) => course(`n${i}`))];
        const stop = new AbortController();
        const progress: number[] = [];
        const onProgress = (p: { written: number }): void => {
          progress.push(p.written);
          stop.abort(); // as Ctrl-C on `nghebot import` does, after the first chunk is written
        };
        await expect(store.importItems(items, provinceOf, { chunkSize: 3, signal: stop.signal, onProgress })).rejects.toThrow(/abort/i);
        expect(progress).toEqual([3]);
        await engine.refresh(true);
        expect(await snapshot()).toEqual(before);
        expect(await store.getItem('n0')).toBeUndefined();

        // Nothing is left behind that would make the same import count differently.
        const r = await store.importItems(items, provinceOf, { chunkSize: 3 });
        expect(r).toEqual({ inserted: 9, updated: 1, unchanged: 0, rev: before.rev + 1 });
        await engine.refresh(true);
        expect(engine.index.size).toBe(11);
        expect((await store.getItem('keep'))?.summary).toBe('đã đổi');
      });

      it('a refresh running during an import never skips its items', async () => {
        await store.importItems([policy('first')], provinceOf);
        const engine = new AnswerEngine(store);
        await engine.load();
        const items = Array.from({ length: 60 }, (_, i) => policy(`r${String(i).padStart(2, '0')}`));
        let importing = true;
        let refreshes = 0;
        // The engine refreshes back to back for as long as the import runs, however the two interleave.
        const refresher = (async () => {
          do {
            await engine.refresh(true);
            refreshes++;
          } while (importing);
        })();
        const result = await store.importItems(items, provinceOf, { chunkSize: 7 }).finally(() => {
          importing = false;
        });
        await refresher;
        expect(refreshes).toBeGreaterThan(0);
        // One more look, as the running bot takes every ~1.5 s: every item is in, none was passed over.
        await engine.refresh(true);
        expect(result.inserted).toBe(60);
        expect(items.filter((i) => !engine.index.has(i.id)).map((i) => i.id)).toEqual([]);
        expect(engine.index.size).toBe(61);
      });

      it('re-import updates by id and bumps the revision only of changed items', async () => {
        await store.importItems([policy('a'), policy('b'), course('c', 5)], provinceOf);
        const again = await store.importItems([policy('a', { summary: 'mới' }), policy('b'), course('c', 5), policy('d')], provinceOf);
        expect(again).toEqual({ inserted: 1, updated: 1, unchanged: 2, rev: 2 });
        expect((await store.getItem('a'))?.rev).toBe(2);
        expect((await store.getItem('a'))?.summary).toBe('mới');
        expect((await store.getItem('b'))?.rev).toBe(1);
        expect((await store.getItem('d'))?.rev).toBe(2);
        expect(await store.countItems()).toBe(4);

        // Nothing changed (even with keys in another order): no new revision.
        const reordered = { title: 'Chính sách b', province: 'Nghệ An', kind: 'policy', id: 'b' } as ContentItem;
        const same = await store.importItems([reordered], provinceOf);
        expect(same).toEqual({ inserted: 0, updated: 0, unchanged: 1, rev: 2 });
        expect(await store.contentRevision()).toBe(2);

        // A different province mapping is a change too.
        const remapped = await store.importItems([policy('b')], () => '99');
        expect(remapped.updated).toBe(1);
        expect((await store.getItem('b'))?.provinceCode).toBe('99');
        expect(await store.contentRevision()).toBe(3);
      });

      it('lists items by kind, province, ids, revision and limit', async () => {
        await store.importItems([course('c1'), course('c2'), policy('p1')], provinceOf);
        await store.importItems([policy('p2'), course('c3', undefined, { province: 'Nghệ An' })], provinceOf);
        const ids = async (f: Parameters<Store['listItems']>[0]): Promise<string[]> =>
          (await store.listItems(f)).map((i) => i.id).sort();
        expect(await ids(undefined)).toEqual(['c1', 'c2', 'c3', 'p1', 'p2']);
        expect(await ids({ kind: 'course' })).toEqual(['c1', 'c2', 'c3']);
        expect(await ids({ provinceCode: '40' })).toEqual(['c3', 'p1', 'p2']);
        expect(await ids({ kind: 'course', provinceCode: '40' })).toEqual(['c3']);
        expect(await ids({ ids: ['p1', 'c2', 'zz'] })).toEqual(['c2', 'p1']);
        expect(await ids({ sinceRev: 1 })).toEqual(['c3', 'p2']);
        expect(await store.listItems({ limit: 2 })).toHaveLength(2);
      });

      it('streams items in revision order, optionally after a revision, across many pages', async () => {
        const n = 2 * sizes.page + 500;
        const many = Array.from({ length: n }, (_, i) => policy(`p${String(i).padStart(5, '0')}`));
        await store.importItems(many, provinceOf);
        await store.importItems([policy('p00007', { summary: 'changed' }), course('late')], provinceOf);
        const all = await collect(store.iterateItems());
        expect(all).toHaveLength(n + 1);
        expect(new Set(all.map((i) => i.id)).size).toBe(n + 1);
        const revs = all.map((i) => i.rev);
        expect(revs).toEqual([...revs].sort((a, b) => a - b));
        expect(all.slice(-2).map((i) => i.id).sort()).toEqual(['late', 'p00007']);
        const since = await collect(store.iterateItems(1));
        expect(since.map((i) => i.id).sort()).toEqual(['late', 'p00007']);
        expect(await collect(store.iterateItems(2))).toEqual([]);
      });

      it('deletes an item under a revision of its own, recorded for readers that follow revisions', async () => {
        await store.importItems([policy('gone', { summary: 'cũ' }), policy('kept')], provinceOf);
        expect(await store.removeItem('missing')).toEqual({ removed: false, reason: 'missing' });
        expect(await store.contentRevision()).toBe(1);
        const out = await store.removeItem('gone');
        expect(out).toMatchObject({ removed: true, rev: 2, item: { id: 'gone', summary: 'cũ', provinceCode: '40' } });
        expect(await store.contentRevision()).toBe(2);
        expect(await store.getItem('gone')).toBeUndefined();
        expect(await store.getItems(['gone', 'kept'])).toHaveLength(1);
        expect((await store.listItems()).map((i) => i.id)).toEqual(['kept']);
        expect(await store.countItems()).toBe(1);
        expect((await collect(store.iterateItems())).map((i) => i.id)).toEqual(['kept']);
        expect(await store.removedSince(0)).toEqual([{ id: 'gone', rev: 2 }]);
        expect(await store.removedSince(1)).toEqual([{ id: 'gone', rev: 2 }]);
        expect(await store.removedSince(2)).toEqual([]);
        expect(await store.removeItem('gone')).toEqual({ removed: false, reason: 'missing' });
        expect(await store.contentRevision()).toBe(2);
      });

      it('writes an item again after its deletion, and records a second deletion at its new revision', async () => {
        await store.importItems([policy('back')], provinceOf);
        await store.removeItem('back');
        const again = await store.importItems([policy('back', { summary: 'mới' })], provinceOf);
        expect(again).toMatchObject({ inserted: 1, rev: 3 });
        expect(await store.getItem('back')).toMatchObject({ summary: 'mới', rev: 3 });
        // The removal stays, below the item's revision: a reader keeps the newer copy.
        expect(await store.removedSince(0)).toEqual([{ id: 'back', rev: 2 }]);
        expect(await store.removeItem('back')).toMatchObject({ removed: true, rev: 4 });
        expect(await store.removedSince(0)).toEqual([{ id: 'back', rev: 4 }]);
      });

      it('a search index following revisions drops a deleted item, and takes it back when written again', async () => {
        await store.importItems([policy('vay-von', { title: 'Chính sách vay vốn học nghề', keywords: ['vay vốn'] }), policy('other')], provinceOf);
        const engine = new AnswerEngine(store);
        await engine.load();
        expect(engine.index.has('vay-von')).toBe(true);
        await store.removeItem('vay-von');
        await engine.refresh(true);
        expect(engine.index.has('vay-von')).toBe(false);
        expect((await engine.ask('vay von hoc nghe')).results.map((r) => r.id)).not.toContain('vay-von');
        await store.importItems([policy('vay-von', { title: 'Chính sách vay vốn học nghề', keywords: ['vay vốn'] })], provinceOf);
        await engine.refresh(true);
        expect(engine.index.has('vay-von')).toBe(true);
      });

      it('refuses to delete a course anyone enrolled in, even if they cancelled since', async () => {
        await store.importItems([course('full', 5), course('empty', 5)], provinceOf);
        const e = await store.enroll(person('u1', 'full'), at(0));
        await store.cancelEnrollment(e.enrollment.id, at(1000));
        expect(await store.removeItem('full')).toEqual({ removed: false, reason: 'enrolments', enrolments: 1 });
        expect(await store.getItem('full')).toBeDefined();
        expect(await store.contentRevision()).toBe(1);
        expect(await store.removedSince(0)).toEqual([]);
        expect(await store.removeItem('empty')).toMatchObject({ removed: true });
        // The refused course keeps its enrolments, cancelled ones included.
        expect((await store.listEnrollments({ courseId: 'full', includeCancelled: true })).map((x) => x.status)).toEqual(['cancelled']);
      });
    });

    describe('question counts', () => {
      it('counts questions per day and province, answered or not, and reads a range of days', async () => {
        const q = store.questionCounts;
        await q.countQuestion('2027-03-01', '01', true);
        await q.countQuestion('2027-03-01', '01', false);
        await q.countQuestion('2027-03-01', '01', true);
        await q.countQuestion('2027-03-01', undefined, false);
        await q.countQuestion('2027-03-02', '40', true);
        await q.countQuestion('2027-03-05', '01', true);
        // Several processes counting at once lose nothing.
        await Promise.all(Array.from({ length: 20 }, (_, i) => q.countQuestion('2027-03-03', '01', i % 2 === 0)));
        expect(await q.questionCounts({ from: '2027-03-01', to: '2027-03-03' })).toEqual([
          { day: '2027-03-01', answered: 0, unanswered: 1 },
          { day: '2027-03-01', provinceCode: '01', answered: 2, unanswered: 1 },
          { day: '2027-03-02', provinceCode: '40', answered: 1, unanswered: 0 },
          { day: '2027-03-03', provinceCode: '01', answered: 10, unanswered: 10 },
        ]);
        expect(await q.questionCounts({ from: '2027-03-01', to: '2027-03-31', provinceCodes: ['01'] })).toEqual([
          { day: '2027-03-01', provinceCode: '01', answered: 2, unanswered: 1 },
          { day: '2027-03-03', provinceCode: '01', answered: 10, unanswered: 10 },
          { day: '2027-03-05', provinceCode: '01', answered: 1, unanswered: 0 },
        ]);
        expect(await q.questionCounts({ from: '2027-03-01', to: '2027-03-31', provinceCodes: [] })).toEqual([]);
      });
    });

    describe('users and conversations', () => {
      const u: UserKey = { channel: 'zalo', userId: 'z1' };

      it('touches users, tracks active state and send errors', async () => {
        expect(await store.getUser(u)).toBeUndefined();
        const first = await store.touchUser(u, at(0));
        expect(first).toMatchObject({ ...u, active: true, firstSeenAt: at(0).toISOString(), lastSeenAt: at(0).toISOString() });
        const second = await store.touchUser(u, at(60_000));
        expect(second.firstSeenAt).toBe(at(0).toISOString());
        expect(second.lastSeenAt).toBe(at(60_000).toISOString());

        await store.setUserActive(u, false, 'unfollow');
        expect(await store.getUser(u)).toMatchObject({ active: false, inactiveReason: 'unfollow' });
        // Touching (a message arriving) does not by itself reactivate; the channel's follow event does.
        await store.touchUser(u, at(120_000));
        expect((await store.getUser(u))?.active).toBe(false);
        await store.setUserActive(u, true);
        const back = await store.getUser(u);
        expect(back?.active).toBe(true);
        expect(back?.inactiveReason).toBeUndefined();

        await store.setUserSendError(u, 'zalo -230');
        expect((await store.getUser(u))?.lastSendError).toBe('zalo -230');
        await store.setUserSendError(u, undefined);
        expect((await store.getUser(u))?.lastSendError).toBeUndefined();

        // Same id on another channel is another user.
        expect(await store.getUser({ channel: 'telegram', userId: 'z1' })).toBeUndefined();
      });

      it('stores, replaces and clears conversation state per user', async () => {
        expect(await store.getConversation(u)).toBeUndefined();
        await store.setConversation(u, { dialog: 'enroll', step: 'name', data: { n: 1 } });
        await store.setConversation({ channel: 'telegram', userId: 'z1' }, { other: true });
        expect(await store.getConversation(u)).toEqual({ dialog: 'enroll', step: 'name', data: { n: 1 } });
        await store.setConversation(u, { dialog: 'enroll', step: 'phone', data: {} });
        expect(await store.getConversation<{ step: string }>(u)).toMatchObject({ step: 'phone' });
        await store.setConversation(u, undefined);
        expect(await store.getConversation(u)).toBeUndefined();
        expect(await store.getConversation({ channel: 'telegram', userId: 'z1' })).toEqual({ other: true });
      });
    });

    describe('exactly-once helpers', () => {
      it('marks a key processed once per scope until it expires', async () => {
        expect(await store.markProcessed('telegram', '1001', 60_000)).toBe(true);
        expect(await store.markProcessed('telegram', '1001', 60_000)).toBe(false);
        expect(await store.markProcessed('zalo', '1001', 60_000)).toBe(true);
        const results = await Promise.all([1, 2, 3].map(() => store.markProcessed('telegram', '1002', 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.markProcessed('short', 'k', 20)).toBe(true);
        clock.advance(40);
        expect(await store.markProcessed('short', 'k', 20)).toBe(true);
      });

      it('gives a lease to one owner at a time, extends it, releases it, and lets it expire', async () => {
        expect(await store.acquireLease('poller', 'A', 60_000)).toBe(true);
        expect(await store.acquireLease('poller', 'B', 60_000)).toBe(false);
        expect(await store.acquireLease('poller', 'A', 60_000)).toBe(true);
        expect(await store.acquireLease('other', 'B', 60_000)).toBe(true);
        await store.releaseLease('poller', 'B'); // not B's: no effect
        expect(await store.acquireLease('poller', 'B', 60_000)).toBe(false);
        await store.releaseLease('poller', 'A');
        expect(await store.acquireLease('poller', 'B', 30)).toBe(true);
        expect(await store.acquireLease('poller', 'A', 60_000)).toBe(false);
        clock.advance(60);
        expect(await store.acquireLease('poller', 'A', 60_000)).toBe(true);
        expect(await store.acquireLease('poller', 'B', 60_000)).toBe(false);
      });

      it('stores secrets', async () => {
        expect(await store.getSecret('zalo.access_token')).toBeUndefined();
        await store.setSecret('zalo.access_token', 'v1');
        await store.setSecret('zalo.access_token', 'v2');
        expect(await store.getSecret('zalo.access_token')).toBe('v2');
      });

      it('keeps plain values apart from secrets', async () => {
        expect(await store.getValue('state:digest-content-rev')).toBeUndefined();
        await store.setValue('state:digest-content-rev', '4');
        await store.setValue('state:digest-content-rev', '5');
        expect(await store.getValue('state:digest-content-rev')).toBe('5');
        expect(await store.getSecret('state:digest-content-rev')).toBeUndefined();
        await store.setSecret('web-cookie-secret', 's');
        expect(await store.getValue('web-cookie-secret')).toBeUndefined();
      });
    });

    describe('enrolments', () => {
      beforeEach(async () => {
        await store.importItems([course('c2', 2), course('open'), policy('p')], provinceOf);
      });

      it('enrols while seats remain, then puts people on the waiting list in order', async () => {
        const a = await store.enroll(person('a', 'c2'), at(1));
        const b = await store.enroll(person('b', 'c2'), at(2));
        const c = await store.enroll(person('c', 'c2'), at(3));
        const d = await store.enroll(person('d', 'c2'), at(4));
        expect([a, b, c, d].map((o) => o.created)).toEqual([true, true, true, true]);
        expect([a, b, c, d].map((o) => o.enrollment.status)).toEqual(['enrolled', 'enrolled', 'waiting', 'waiting']);
        expect(a.enrollment.waitingPosition).toBeUndefined();
        expect(c.enrollment.waitingPosition).toBe(1);
        expect(d.enrollment.waitingPosition).toBe(2);
        expect(a.enrollment).toMatchObject({ ...person('a', 'c2'), createdAt: at(1).toISOString() });
        expect(new Set([a, b, c, d].map((o) => o.enrollment.id)).size).toBe(4);
        expect(await store.courseCounts('c2')).toEqual([{ courseId: 'c2', enrolled: 2, waiting: 2, capacity: 2 }]);
      });

      it('returns the existing active enrolment instead of a duplicate', async () => {
        const first = await store.enroll(person('a', 'c2'), at(1));
        const again = await store.enroll({ ...person('a', 'c2'), fullName: 'Tên khác' }, at(2));
        expect(again.created).toBe(false);
        expect(again.enrollment.id).toBe(first.enrollment.id);
        expect(again.enrollment.fullName).toBe('Người a');
        // The same user id on another channel is another person.
        expect((await store.enroll(person('a', 'c2', 'zalo'), at(3))).created).toBe(true);
        // Concurrent double-submits still produce one enrolment.
        const racing = await Promise.all([1, 2, 3].map((i) => store.enroll(person('r', 'open'), at(10 + i))));
        expect(racing.filter((o) => o.created)).toHaveLength(1);
        expect(new Set(racing.map((o) => o.enrollment.id)).size).toBe(1);
        expect((await store.listEnrollments({ courseId: 'c2' })).length).toBe(2);
      });

      it('gives concurrent waiting enrolments distinct positions', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.enroll(person(`w${i}`, 'c2'), at(i))),
        );
        expect(outcomes.filter((o) => o.enrollment.status === 'enrolled')).toHaveLength(2);
        const positions = outcomes.flatMap((o) => (o.enrollment.waitingPosition === undefined ? [] : [o.enrollment.waitingPosition]));
        expect(positions.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(await store.courseCounts('c2')).toEqual([{ courseId: 'c2', enrolled: 2, waiting: 6, capacity: 2 }]);
      });

      it('hands a freed seat to the waiting list, never to a newcomer enrolling at the same moment', async () => {
        for (let trial = 0; trial < 5; trial++) {
          const courseId = `full${trial}`;
          await store.importItems([course(courseId, 1)], provinceOf);
          const seated = await store.enroll(person('a', courseId), at(1));
          const waiting = await store.enroll(person('b', courseId), at(2));
          expect(waiting.enrollment.status).toBe('waiting');
          const [cancel, newcomer] = await Promise.all([
            store.cancelEnrollment(seated.enrollment.id, at(3)),
            store.enroll(person('c', courseId), at(3)),
          ]);
          expect(cancel.promoted?.id).toBe(waiting.enrollment.id);
          expect(newcomer.enrollment.status).toBe('waiting');
          expect(await store.courseCounts(courseId)).toEqual([{ courseId, enrolled: 1, waiting: 1, capacity: 1 }]);
        }
      });

      it('holds one active place per phone and course, whichever id asks', async () => {
        const first = await store.enroll(person('a', 'c2'), at(1));
        const rotated = await store.enroll({ ...person('a2', 'c2'), phone: person('a', 'c2').phone }, at(2));
        expect(rotated).toMatchObject({ created: false, phoneTaken: true });
        expect(rotated.enrollment.id).toBe(first.enrollment.id);
        // Another course is another place; after a cancellation the phone may enrol again.
        expect((await store.enroll({ ...person('a2', 'open'), phone: person('a', 'c2').phone }, at(3))).created).toBe(true);
        await store.cancelEnrollment(first.enrollment.id, at(4));
        const again = await store.enroll({ ...person('a2', 'c2'), phone: person('a', 'c2').phone }, at(5));
        expect(again.created).toBe(true);
        expect(again.phoneTaken).toBeUndefined();
        expect(await store.courseCounts('c2')).toEqual([{ courseId: 'c2', enrolled: 1, waiting: 0, capacity: 2 }]);
      });

      it('writes the notices of an enrolment or cancellation in the same transaction (all or nothing)', async () => {
        const notice = (text: string) => ({ text, topics: [], provinceCodes: [], channels: [], createdBy: 'system:notify' as const });
        const seen: string[] = [];
        const a = await store.enroll(person('a', 'c2'), at(1), ({ enrollment, counts }) => {
          seen.push(`${enrollment.userId} ${counts.enrolled}/${counts.capacity}`);
          return [notice(`mới ${enrollment.id}`), notice('thứ hai')];
        });
        expect(seen).toEqual(['a 1/2']); // counts read inside the change, after it
        expect((await store.listAnnouncements()).map((x) => x.text)).toEqual([`mới ${a.enrollment.id}`, 'thứ hai']);

        // A failing notice rolls the enrolment back: never one without the other (both stores have
        // transactions: the MongoDB store opens only on a replica set).
        await expect(
          store.enroll(person('b', 'c2'), at(2), () => {
            throw new Error('notice failed');
          }),
        ).rejects.toThrow('notice failed');
        expect((await store.listEnrollments({ courseId: 'c2' })).map((e) => e.userId)).toEqual(['a']);

        // Not for an enrolment that already existed.
        await store.enroll(person('a', 'c2'), at(3), () => [notice('lặp')]);
        await store.enroll(person('b', 'c2'), at(4));
        const c = (await store.enroll(person('c', 'c2'), at(5))).enrollment;
        expect(c.status).toBe('waiting');

        const changes: string[] = [];
        await store.cancelEnrollment(a.enrollment.id, at(6), ({ enrollment, promoted, counts }) => {
          changes.push(`${enrollment.userId}→${promoted?.userId} ${counts.enrolled}+${counts.waiting}`);
          return [notice('hủy')];
        });
        expect(changes).toEqual(['a→c 2+0']);
        // A repeated cancel changes nothing and announces nothing.
        await store.cancelEnrollment(a.enrollment.id, at(7), () => [notice('hủy lại')]);
        // A failing notice keeps the enrolment (and the waiting list) as they were.
        await expect(
          store.cancelEnrollment(c.id, at(8), () => {
            throw new Error('notice failed');
          }),
        ).rejects.toThrow('notice failed');
        expect((await store.listEnrollments({ courseId: 'c2' })).find((e) => e.id === c.id)?.status).toBe('enrolled');
        expect((await store.listAnnouncements()).map((x) => x.text)).toEqual([`mới ${a.enrollment.id}`, 'thứ hai', 'hủy']);
      });

      it('treats a course without capacity (or unknown) as unlimited', async () => {
        for (let i = 0; i < 5; i++) {
          expect((await store.enroll(person(`u${i}`, 'open'), at(i))).enrollment.status).toBe('enrolled');
        }
        expect((await store.enroll(person('x', 'not-imported'), at(9))).enrollment.status).toBe('enrolled');
        const counts = await store.courseCounts();
        expect(counts).toEqual([
          { courseId: 'not-imported', enrolled: 1, waiting: 0 },
          { courseId: 'open', enrolled: 5, waiting: 0 },
        ]);
        expect(await store.courseCounts('p')).toEqual([{ courseId: 'p', enrolled: 0, waiting: 0 }]);
      });

      it('cancelling an enrolled person promotes the first waiting one; cancelling a waiting one does not', async () => {
        const a = (await store.enroll(person('a', 'c2'), at(1))).enrollment;
        await store.enroll(person('b', 'c2'), at(2));
        const c = (await store.enroll(person('c', 'c2'), at(3))).enrollment;
        const d = (await store.enroll(person('d', 'c2'), at(4))).enrollment;
        const e = (await store.enroll(person('e', 'c2'), at(5))).enrollment;

        const cancelWaiting = await store.cancelEnrollment(d.id, at(10));
        expect(cancelWaiting.cancelled).toMatchObject({ id: d.id, status: 'cancelled', updatedAt: at(10).toISOString() });
        expect(cancelWaiting.promoted).toBeUndefined();

        const out = await store.cancelEnrollment(a.id, at(11));
        expect(out.cancelled?.status).toBe('cancelled');
        expect(out.promoted).toMatchObject({ id: c.id, status: 'enrolled', userId: 'c' });
        expect(await store.courseCounts('c2')).toEqual([{ courseId: 'c2', enrolled: 2, waiting: 1, capacity: 2 }]);

        // Again: idempotent, nobody else moves.
        const twice = await store.cancelEnrollment(a.id, at(12));
        expect(twice.cancelled?.id).toBe(a.id);
        expect(twice.promoted).toBeUndefined();
        expect(await store.cancelEnrollment('no-such-id', at(12))).toEqual({});
        expect((await store.listEnrollments({ courseId: 'c2' })).find((x) => x.id === e.id)?.status).toBe('waiting');

        // After cancelling, the person may enrol again (a new row, at the back of the queue).
        const back = await store.enroll(person('a', 'c2'), at(13));
        expect(back.created).toBe(true);
        expect(back.enrollment.id).not.toBe(a.id);
        expect(back.enrollment.status).toBe('waiting');
      });

      it('lists enrolments by course and user, in creation order, cancelled only on request', async () => {
        const x = (await store.enroll(person('a', 'open'), at(5))).enrollment;
        await store.enroll(person('a', 'c2'), at(3));
        await store.enroll(person('b', 'c2'), at(4));
        await store.cancelEnrollment(x.id, at(6));
        expect((await store.listEnrollments()).map((e) => `${e.userId}/${e.courseId}`)).toEqual(['a/c2', 'b/c2']);
        expect((await store.listEnrollments({ includeCancelled: true })).map((e) => `${e.userId}/${e.courseId}`)).toEqual([
          'a/c2',
          'b/c2',
          'a/open',
        ]);
        expect(
          (await store.listEnrollments({ user: { channel: 'telegram', userId: 'a' }, includeCancelled: true })).map((e) => e.courseId),
        ).toEqual(['c2', 'open']);
        expect((await store.listEnrollments({ courseId: 'c2', user: { channel: 'telegram', userId: 'b' } })).length).toBe(1);
      });

      it('erases name and phone but keeps the rows for counts', async () => {
        const u: UserKey = { channel: 'telegram', userId: 'a' };
        await store.enroll(person('a', 'c2'), at(1));
        const other = (await store.enroll(person('a', 'open'), at(2))).enrollment;
        await store.cancelEnrollment(other.id, at(3));
        await store.enroll(person('b', 'c2'), at(4));
        await store.setConversation(u, { dialog: 'enroll', data: { phone: person('a', 'c2').phone } });
        await store.setValue(chatHistoryKey(u), '[{"text":"số tôi là 0912000000"}]');
        await store.setValue(chatHistoryKey({ channel: 'telegram', userId: 'b' }), '[]');

        expect(await store.erasePersonalData(u)).toBe(2);
        expect(await store.getValue(chatHistoryKey(u))).toBeUndefined();
        expect(await store.getValue(chatHistoryKey({ channel: 'telegram', userId: 'b' }))).toBe('[]');
        const rows = await store.listEnrollments({ user: u, includeCancelled: true });
        expect(rows).toHaveLength(2);
        for (const r of rows) {
          expect(r.phone).toBe('');
          expect(r.fullName).not.toContain('Người a');
        }
        expect(rows.map((r) => r.status).sort()).toEqual(['cancelled', 'enrolled']);
        expect(await store.getConversation(u)).toBeUndefined();
        expect((await store.listEnrollments({ user: { channel: 'telegram', userId: 'b' } }))[0]?.phone).toBe(person('b', 'c2').phone);
        expect(await store.courseCounts('c2')).toEqual([{ courseId: 'c2', enrolled: 2, waiting: 0, capacity: 2 }]);
        expect(await store.erasePersonalData(u)).toBe(0);
      });
    });

    describe('officers', () => {
      it('upserts and lists officers', async () => {
        await store.upsertOfficer({ channel: 'telegram', userId: 'o1', provinceCodes: ['01'], name: 'Cán bộ 1' });
        await store.upsertOfficer({ channel: 'zalo', userId: 'o2', provinceCodes: [] });
        await store.upsertOfficer({ channel: 'telegram', userId: 'o1', provinceCodes: ['01', '40'] });
        const list = await store.listOfficers();
        expect(list).toHaveLength(2);
        expect(list.find((o) => o.userId === 'o1')).toEqual({ channel: 'telegram', userId: 'o1', provinceCodes: ['01', '40'] });
        expect(list.find((o) => o.userId === 'o2')).toEqual({ channel: 'zalo', userId: 'o2', provinceCodes: [] });
      });
    });

    describe('subscriptions', () => {
      const t = (userId: string): UserKey => ({ channel: 'telegram', userId });
      const z = (userId: string): UserKey => ({ channel: 'zalo', userId });
      const keys = async (q: Parameters<Store['findSubscribers']>[0]): Promise<string[]> =>
        (await collect(store.findSubscribers(q))).map((k) => `${k.channel}:${k.userId}`).sort();

      it('subscribes once, lists and unsubscribes selectively', async () => {
        expect(await store.subscribe({ ...t('a'), topic: 'course', provinceCode: '01' }, at(1))).toBe(true);
        expect(await store.subscribe({ ...t('a'), topic: 'course', provinceCode: '01' }, at(2))).toBe(false);
        await store.subscribe({ ...t('a'), topic: 'course', provinceCode: '40' }, at(3));
        await store.subscribe({ ...t('a'), topic: 'fair', provinceCode: '01' }, at(4));
        await store.subscribe({ ...t('b'), topic: 'fair', provinceCode: '01' }, at(5));
        const subs = await store.listSubscriptions(t('a'));
        expect(subs).toHaveLength(3);
        expect(subs[0]).toEqual({ ...t('a'), topic: 'course', provinceCode: '01', createdAt: at(1).toISOString() });
        expect(await store.unsubscribe(t('a'), 'course', '40')).toBe(1);
        expect(await store.unsubscribe(t('a'), 'course')).toBe(1);
        expect(await store.unsubscribe(t('a'), 'course')).toBe(0);
        expect(await store.unsubscribe(t('a'))).toBe(1);
        expect(await store.listSubscriptions(t('a'))).toEqual([]);
        expect(await store.listSubscriptions(t('b'))).toHaveLength(1);
      });

      it('counts active subscribers per topic and province, optionally for some provinces (and *) only', async () => {
        await store.subscribe({ ...t('hn'), topic: 'course', provinceCode: '01' }, at(1));
        await store.subscribe({ ...t('hn'), topic: 'fair', provinceCode: '01' }, at(1));
        await store.subscribe({ ...z('hn2'), topic: 'course', provinceCode: '01' }, at(1));
        await store.subscribe({ ...t('na'), topic: 'course', provinceCode: '40' }, at(1));
        await store.subscribe({ ...z('all'), topic: 'policy', provinceCode: '*' }, at(1));
        await store.subscribe({ ...z('gone'), topic: 'course', provinceCode: '01' }, at(1));
        await store.setUserActive(z('gone'), false, 'blocked');
        expect(await store.countSubscribers()).toEqual([
          { topic: 'policy', provinceCode: '*', subscribers: 1 },
          { topic: 'course', provinceCode: '01', subscribers: 2 },
          { topic: 'fair', provinceCode: '01', subscribers: 1 },
          { topic: 'course', provinceCode: '40', subscribers: 1 },
        ]);
        expect(await store.countSubscribers(['40'])).toEqual([
          { topic: 'policy', provinceCode: '*', subscribers: 1 },
          { topic: 'course', provinceCode: '40', subscribers: 1 },
        ]);
        expect(await store.countSubscribers([])).toEqual([{ topic: 'policy', provinceCode: '*', subscribers: 1 }]);
      });

      it('finds active subscribers by topic, province (or *), and channel, each once', async () => {
        await store.subscribe({ ...t('hn'), topic: 'course', provinceCode: '01' }, at(1));
        await store.subscribe({ ...t('hn'), topic: 'fair', provinceCode: '01' }, at(1));
        await store.subscribe({ ...t('na'), topic: 'course', provinceCode: '40' }, at(1));
        await store.subscribe({ ...z('all'), topic: 'course', provinceCode: '*' }, at(1));
        await store.subscribe({ ...z('pol'), topic: 'policy', provinceCode: '01' }, at(1));
        await store.subscribe({ ...z('gone'), topic: 'course', provinceCode: '01' }, at(1));
        await store.setUserActive(z('gone'), false, 'unfollow');

        expect(await keys({ topics: ['course'], provinceCodes: ['01'], channels: [] })).toEqual(['telegram:hn', 'zalo:all']);
        expect(await keys({ topics: ['course', 'fair'], provinceCodes: ['01'], channels: [] })).toEqual(['telegram:hn', 'zalo:all']);
        expect(await keys({ topics: ['course'], provinceCodes: [], channels: [] })).toEqual(['telegram:hn', 'telegram:na', 'zalo:all']);
        expect(await keys({ topics: ['course'], provinceCodes: ['40', '01'], channels: ['telegram'] })).toEqual([
          'telegram:hn',
          'telegram:na',
        ]);
        expect(await keys({ topics: ['policy', 'plan'], provinceCodes: ['40'], channels: [] })).toEqual([]);
        expect(await keys({ topics: [], provinceCodes: [], channels: [] })).toEqual([]);

        await store.setUserActive(z('gone'), true);
        expect(await keys({ topics: ['course'], provinceCodes: ['01'], channels: ['zalo'] })).toEqual(['zalo:all', 'zalo:gone']);
      });

      it('streams many subscribers across pages', async () => {
        const n = sizes.page + 100;
        for (let i = 0; i < n; i++) {
          await store.subscribe({ ...t(`u${String(i).padStart(5, '0')}`), topic: 'plan', provinceCode: '*' }, at(i));
        }
        const found = await keys({ topics: ['plan'], provinceCodes: ['01'], channels: [] });
        expect(found).toHaveLength(n);
        expect(new Set(found).size).toBe(n);
      });
    });

    describe('announcements and deliveries', () => {
      const base = { text: 'Khai giảng khóa học', topics: ['course' as const], provinceCodes: ['01'], channels: [], createdBy: 'telegram:o1' };

      it('creates, lists and updates announcements; a dedupe key fires once', async () => {
        const { announcement: a, created } = await store.createAnnouncement({ ...base, sendAt: at(0).toISOString() }, at(0));
        expect(created).toBe(true);
        expect(a).toMatchObject({ ...base, status: 'scheduled', createdAt: at(0).toISOString() });
        expect(await store.getAnnouncement(a.id)).toEqual(a);
        expect(await store.getAnnouncement('nope')).toBeUndefined();

        const d1 = await store.createAnnouncement({ ...base, dedupeKey: 'digest:2027-03-01' }, at(1));
        const d2 = await store.createAnnouncement({ ...base, text: 'khác', dedupeKey: 'digest:2027-03-01' }, at(2));
        expect(d1.created).toBe(true);
        expect(d2.created).toBe(false);
        expect(d2.announcement.id).toBe(d1.announcement.id);
        expect(d2.announcement.text).toBe(base.text);

        await store.updateAnnouncement(a.id, { status: 'sending' });
        await store.updateAnnouncement(d1.announcement.id, { nextRunAt: at(86_400_000).toISOString() });
        expect((await store.listAnnouncements({ status: 'sending' })).map((x) => x.id)).toEqual([a.id]);
        expect((await store.listAnnouncements()).map((x) => x.id)).toEqual([a.id, d1.announcement.id]);
        expect((await store.getAnnouncement(d1.announcement.id))?.nextRunAt).toBe(at(86_400_000).toISOString());
        await store.updateAnnouncement(d1.announcement.id, { nextRunAt: undefined, status: 'done' });
        const done = await store.getAnnouncement(d1.announcement.id);
        expect(done?.status).toBe('done');
        expect(done?.nextRunAt).toBeUndefined();
      });

      it('enqueues each delivery once and lets exactly one worker claim it', async () => {
        const row = (userId: string, channel: 'telegram' | 'zalo' = 'telegram', notBefore = at(0)) => ({
          announcementId: 'a1',
          occurrence: '',
          channel,
          userId,
          notBefore: notBefore.toISOString(),
        });
        expect(await store.enqueueDeliveries([row('u1'), row('u2'), row('u3', 'zalo'), row('u1')])).toBe(3);
        expect(await store.enqueueDeliveries([row('u1'), row('u4', 'telegram', at(60_000))])).toBe(1);
        // Another occurrence of a recurring announcement is a new delivery.
        expect(await store.enqueueDeliveries([{ ...row('u1'), occurrence: '2027-03-02' }])).toBe(1);
        expect(await store.enqueueDeliveries([])).toBe(0);

        const w1 = await store.claimDeliveries('w1', 2, at(1), 120_000);
        expect(w1).toHaveLength(2);
        for (const d of w1) expect(d).toMatchObject({ state: 'claimed', claimedBy: 'w1', attempts: 1, claimedUntil: at(120_001).toISOString() });
        const w2 = await store.claimDeliveries('w2', 10, at(1), 120_000);
        expect(w2).toHaveLength(2); // u4 is not due yet
        const ids = [...w1, ...w2].map((d) => d.id);
        expect(new Set(ids).size).toBe(4);
        expect(await store.claimDeliveries('w3', 10, at(2), 30_000)).toEqual([]);
        expect(await store.claimDeliveries('w3', 10, at(60_000), 30_000)).toMatchObject([{ userId: 'u4', claimedBy: 'w3' }]);

        const stats = await store.deliveryStats('a1');
        expect(stats).toEqual({ total: 5, pending: 0, claimed: 5, sent: 0, failed: 0, unknown: 0 });
      });

      it('filters claims by channel and claims concurrently without overlap', async () => {
        const rows = Array.from({ length: 60 }, (_, i) => ({
          announcementId: 'a2',
          occurrence: '',
          channel: i % 3 === 0 ? ('zalo' as const) : ('telegram' as const),
          userId: `u${i}`,
          notBefore: at(0).toISOString(),
        }));
        expect(await store.enqueueDeliveries(rows)).toBe(60);
        const zalo = await store.claimDeliveries('wz', 100, at(1), 30_000, ['zalo']);
        expect(zalo).toHaveLength(20);
        expect(zalo.every((d) => d.channel === 'zalo')).toBe(true);
        const batches = await Promise.all(['a', 'b', 'c', 'd'].map((w) => store.claimDeliveries(w, 7, at(1), 30_000)));
        const more = await Promise.all(['a', 'b', 'c', 'd'].map((w) => store.claimDeliveries(w, 7, at(1), 30_000)));
        const claimed = [...batches, ...more].flat();
        expect(claimed).toHaveLength(40);
        expect(new Set(claimed.map((d) => d.id)).size).toBe(40);
      });

      it('settles only from the claiming worker, retries pending ones, and reclaims expired leases', async () => {
        await store.enqueueDeliveries(
          ['u1', 'u2', 'u3', 'u4'].map((userId) => ({
            announcementId: 'a3',
            occurrence: '',
            channel: 'telegram' as const,
            userId,
            notBefore: at(0).toISOString(),
          })),
        );
        const claimed = await store.claimDeliveries('w1', 4, at(0), 10_000);
        const [d1, d2, d3, d4] = claimed.sort((a, b) => a.userId.localeCompare(b.userId));

        await store.completeDelivery(d1!.id, 'intruder', { state: 'sent' }); // not its claim: ignored
        await store.completeDelivery(d1!.id, 'w1', { state: 'sent' });
        await store.completeDelivery(d1!.id, 'w1', { state: 'failed', error: 'late duplicate' }); // already settled
        await store.completeDelivery(d2!.id, 'w1', { state: 'failed', error: 'blocked' });
        await store.completeDelivery(d3!.id, 'w1', { state: 'pending', error: 'rate limited', notBefore: at(5_000).toISOString() });
        expect(await store.deliveryStats('a3')).toEqual({ total: 4, pending: 1, claimed: 1, sent: 1, failed: 1, unknown: 0 });

        // d3 comes back once its retry time has come, d4 once w1's lease has run out.
        expect(await store.claimDeliveries('w2', 10, at(4_000), 10_000)).toEqual([]);
        const retry = await store.claimDeliveries('w2', 10, at(5_000), 10_000);
        expect(retry).toMatchObject([{ id: d3!.id, attempts: 2, error: 'rate limited', ledger: { transientFailures: 0, settledClaims: 0 } }]);
        // The retry ledger is kept through a requeue.
        const ledger = { transientFailures: 2, settledClaims: 3 };
        await store.completeDelivery(d3!.id, 'w2', { state: 'pending', error: 'transient: 502', notBefore: at(5_000).toISOString(), ledger });
        expect(await store.claimDeliveries('w2', 10, at(5_000), 10_000)).toMatchObject([{ id: d3!.id, attempts: 3, ledger }]);
        const reclaimed = await store.claimDeliveries('w3', 10, at(10_001), 10_000);
        expect(reclaimed).toMatchObject([{ id: d4!.id, claimedBy: 'w3', attempts: 2 }]);

        // w1 answers late for d4: w3 holds it now, so the answer is dropped.
        await store.completeDelivery(d4!.id, 'w1', { state: 'failed', error: 'late' });
        await store.completeDelivery(d4!.id, 'w3', { state: 'unknown', error: 'timeout' });
        await store.completeDelivery(d3!.id, 'w2', { state: 'sent' });
        expect(await store.deliveryStats('a3')).toEqual({ total: 4, pending: 0, claimed: 0, sent: 2, failed: 1, unknown: 1 });
        expect(await store.deliveryStats('other')).toEqual({ total: 0, pending: 0, claimed: 0, sent: 0, failed: 0, unknown: 0 });
      });

      it('changes an announcement only while it matches the expected state (compare-and-set)', async () => {
        const { announcement: a } = await store.createAnnouncement({ ...base, cron: '0 7 * * *' }, at(0));
        // nextRunAt expected unset: the first of two racing schedulers wins.
        expect(await store.updateAnnouncement(a.id, { nextRunAt: at(1000).toISOString() }, { status: ['scheduled'], nextRunAt: undefined })).toBe(true);
        expect(await store.updateAnnouncement(a.id, { nextRunAt: at(2000).toISOString() }, { status: ['scheduled'], nextRunAt: undefined })).toBe(false);
        expect((await store.getAnnouncement(a.id))?.nextRunAt).toBe(at(1000).toISOString());
        // Moving on from the occurrence we read.
        expect(await store.updateAnnouncement(a.id, { nextRunAt: at(3000).toISOString() }, { nextRunAt: at(1000).toISOString() })).toBe(true);
        expect(await store.updateAnnouncement(a.id, { nextRunAt: at(4000).toISOString() }, { nextRunAt: at(1000).toISOString() })).toBe(false);

        // A cancel that came first is not overwritten by "done".
        expect(await store.updateAnnouncement(a.id, { status: 'cancelled' }, { status: ['scheduled', 'sending'] })).toBe(true);
        expect(await store.updateAnnouncement(a.id, { status: 'done' }, { status: ['sending'] })).toBe(false);
        expect(await store.updateAnnouncement(a.id, { status: 'sending' }, { status: [] })).toBe(false);
        expect(await store.getAnnouncement(a.id)).toMatchObject({ status: 'cancelled', nextRunAt: at(3000).toISOString() });
        // Without a condition it always applies; an unknown id never matches.
        expect(await store.updateAnnouncement(a.id, { status: 'done' })).toBe(true);
        expect(await store.updateAnnouncement('nope', { status: 'done' })).toBe(false);
      });

      it('marks a send started only for the claim holder, settles batches, and tells when a broadcast is finished', async () => {
        await store.enqueueDeliveries(
          ['u1', 'u2', 'u3'].map((userId) => ({ announcementId: 'a4', occurrence: '', channel: 'telegram' as const, userId, notBefore: at(0).toISOString() })),
        );
        expect(await store.hasUnsettledDeliveries('a4')).toBe(true);
        expect(await store.hasUnsettledDeliveries('none')).toBe(false);
        const claimed = (await store.claimDeliveries('w1', 3, at(0), 10_000)).sort((x, y) => x.userId.localeCompare(y.userId));
        const [d1, d2, d3] = claimed;
        expect(d1!.startedAt).toBeUndefined();

        expect(await store.startDelivery(d1!.id, 'intruder')).toBe(false);
        expect(await store.startDelivery(d1!.id, 'w1')).toBe(true);
        expect(await store.startDelivery(d2!.id, 'w1')).toBe(true);
        expect(await store.startDelivery('not-an-id', 'w1')).toBe(false);

        // w1 dies; w2 re-claims after the lease and sees which rows were in flight.
        const again = (await store.claimDeliveries('w2', 3, at(10_001), 10_000)).sort((x, y) => x.userId.localeCompare(y.userId));
        expect(again.map((d) => [d.userId, d.startedAt !== undefined])).toEqual([
          ['u1', true],
          ['u2', true],
          ['u3', false],
        ]);
        expect(await store.startDelivery(d3!.id, 'w1')).toBe(false); // w1's claim is gone

        const settled = await store.completeDeliveries('w2', [
          { id: d1!.id, outcome: { state: 'unknown', error: 'in flight' } },
          { id: d2!.id, outcome: { state: 'pending', notBefore: at(60_000).toISOString() } },
          { id: d3!.id, outcome: { state: 'sent' } },
          { id: 'not-an-id', outcome: { state: 'sent' } },
        ]);
        expect(settled).toBe(3);
        expect(await store.completeDeliveries('w1', [{ id: d3!.id, outcome: { state: 'failed' } }])).toBe(0);
        expect(await store.completeDeliveries('w2', [])).toBe(0);
        expect(await store.deliveryStats('a4')).toEqual({ total: 3, pending: 1, claimed: 0, sent: 1, failed: 0, unknown: 1 });
        expect(await store.hasUnsettledDeliveries('a4')).toBe(true);

        // The requeued row is claimed afresh: settling cleared its start mark.
        const [retry] = await store.claimDeliveries('w3', 3, at(60_000), 10_000);
        expect(retry).toMatchObject({ id: d2!.id, claimedBy: 'w3' });
        expect(retry!.startedAt).toBeUndefined();
        await store.completeDelivery(retry!.id, 'w3', { state: 'sent' });
        expect(await store.hasUnsettledDeliveries('a4')).toBe(false);
      });

      it('rejects a batch with a bad date before writing any of it', async () => {
        await store.enqueueDeliveries(
          ['u1', 'u2'].map((userId) => ({ announcementId: 'a5', occurrence: '', channel: 'telegram' as const, userId, notBefore: at(0).toISOString() })),
        );
        const [d1, d2] = await store.claimDeliveries('w1', 2, at(0), 10_000);
        await expect(
          store.completeDeliveries('w1', [
            { id: d1!.id, outcome: { state: 'sent' } },
            { id: d2!.id, outcome: { state: 'pending', notBefore: 'not a date' } },
          ]),
        ).rejects.toThrow();
        expect(await store.deliveryStats('a5')).toMatchObject({ claimed: 2, sent: 0, pending: 0 });
      });

      it('enqueues a large fan-out quickly and idempotently', async () => {
        const rows = Array.from({ length: sizes.fanOut }, (_, i) => ({
          announcementId: 'big',
          occurrence: '',
          channel: 'zalo' as const,
          userId: `u${i}`,
          notBefore: at(0).toISOString(),
        }));
        const started = Date.now();
        expect(await store.enqueueDeliveries(rows)).toBe(sizes.fanOut);
        expect(Date.now() - started).toBeLessThan(15_000);
        expect(await store.enqueueDeliveries(rows.slice(0, 100))).toBe(0);
        expect((await store.deliveryStats('big')).pending).toBe(sizes.fanOut);
      });
    });
  });
}

describeStoreContract('embedded sqlite', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-store-'));
  const store = await openEmbeddedStore(dir, { clock });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const mongoUri = process.env.MONGODB_URI;
/** The stand-in server in CI is pure Python: MONGO_TEST_PAGE_SIZE / MONGO_TEST_FANOUT_ROWS size it down. */
const mongoSizes: ContractSizes = {
  page: positiveInt('MONGO_TEST_PAGE_SIZE', REAL_SIZES.page),
  fanOut: positiveInt('MONGO_TEST_FANOUT_ROWS', REAL_SIZES.fanOut),
};
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}
describe.skipIf(!mongoUri)('mongodb (MONGODB_URI)', () => {
  describeStoreContract('mongodb', async (clock) => {
    const { openMongoStore } = await import('../../src/store/mongo/index.js');
    const mongoose = (await import('mongoose')).default;
    const dbName = `nghebot_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const store = await openMongoStore(mongoUri!, { dbName, streamBatch: mongoSizes.page, clock });
    return {
      store,
      async cleanup() {
        await store.close();
        const conn = await mongoose.createConnection(mongoUri!, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  }, mongoSizes);
});

// What can be checked without a server (these run in every test run, MONGODB_URI or not).
describe('mongodb store without a server', () => {
  it('fails clearly after retrying, naming the host but never the credentials', { timeout: 20_000 }, async () => {
    const { openMongoStore } = await import('../../src/store/mongo/index.js');
    const retries: Array<{ attempt: number; host: string; delayMs: number; error: string }> = [];
    const uri = 'mongodb://nghebot:s3cr3t-pass@127.0.0.1:9/nghebot?authSource=admin';
    const err = await openMongoStore(uri, { attempts: 2, connectAttemptMS: 300, onRetry: (r) => retries.push(r) }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/cannot connect to MongoDB at 127\.0\.0\.1:9 after 2 attempts/);
    expect(err!.message).not.toMatch(/s3cr3t|nghebot:/);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, host: '127.0.0.1:9', delayMs: 1000 });
    expect(retries[0]!.error).not.toMatch(/s3cr3t/);
  });

  it('fails at once, without retrying, on a malformed URI', async () => {
    const { openMongoStore } = await import('../../src/store/mongo/index.js');
    const onRetry = (): void => {
      throw new Error('must not retry');
    };
    const started = Date.now();
    const err = await openMongoStore('mongodb://nghebot:s3cr3t@db.example:notaport/x', { onRetry }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^cannot connect to MongoDB at db\.example:notaport: /);
    expect((err as Error).message).not.toMatch(/s3cr3t/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('extracts hosts from URIs without credentials', async () => {
    const { mongoHost } = await import('../../src/store/mongo/index.js');
    expect(mongoHost('mongodb+srv://u:p@cluster0.example.net/db?retryWrites=true')).toBe('cluster0.example.net');
    expect(mongoHost('mongodb://a:1,b:2/?replicaSet=rs0')).toBe('a:1,b:2');
  });

  it('declares the unique indexes the contract relies on', async () => {
    const { buildMongoSchemas } = await import('../../src/store/mongo/index.js');
    const s = buildMongoSchemas();
    const unique = (schema: { indexes(): Array<[Record<string, unknown>, Record<string, unknown>]> }) =>
      schema.indexes().filter(([, o]) => o.unique).map(([k, o]) => ({ keys: Object.keys(k).join(','), partial: o.partialFilterExpression }));
    expect(unique(s.enrollment)).toEqual([
      { keys: 'channel,userId,courseId', partial: { status: { $in: ['enrolled', 'waiting'] } } },
    ]);
    expect(unique(s.delivery).map((i) => i.keys)).toEqual(['announcementId,occurrence,channel,userId']);
    expect(unique(s.subscription).map((i) => i.keys)).toEqual(['channel,userId,topic,provinceCode']);
    expect(unique(s.processed).map((i) => i.keys)).toEqual(['scope,key']);
    expect(s.processed.indexes().some(([k, o]) => 'expiresAt' in k && o.expireAfterSeconds === 0)).toBe(true);
    expect(unique(s.announcement).map((i) => i.keys)).toEqual(['dedupeKey']);
  });
});
