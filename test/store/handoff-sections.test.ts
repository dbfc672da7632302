/**
 * The store sections of the hand-off and unanswered-questions features, on the embedded store and,
 * with MONGODB_URI set, on MongoDB (CI's stand-in).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import { testStoreAt, type TestStoreSite } from './support/test-store.js';

const T0 = new Date('2027-03-01T08:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const alice = { channel: 'web' as const, userId: 'alice' };
const bob = { channel: 'zalo' as const, userId: 'bob' };

let dir: string;
let site: TestStoreSite;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-sections-'));
  site = testStoreAt(dir);
  store = await site.open();
});
afterEach(async () => {
  await store.close();
  await site.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('tickets', () => {
  it('keeps one open ticket per user, appends messages in order, and survives reopening the store', async () => {
    const first = await store.tickets.openTicket({ user: alice, provinceCode: '80', messages: [{ from: 'user', text: 'lớp hàn', at: at(0).toISOString() }] }, at(0));
    expect(first.created).toBe(true);
    expect(first.ticket.id).toMatch(/^[A-Z0-9]{6}$/);
    const again = await store.tickets.openTicket({ user: alice, messages: [] }, at(1));
    expect(again).toMatchObject({ created: false, ticket: { id: first.ticket.id } });

    await store.tickets.addMessage(first.ticket.id, { from: 'user', text: 'học phí bao nhiêu', at: at(2).toISOString() });
    const answered = await store.tickets.addMessage(first.ticket.id, { from: 'officer', text: 'miễn phí', at: at(3).toISOString(), officer: 'telegram:7' });
    expect(answered?.joined).toBe(true);
    const second = await store.tickets.addMessage(first.ticket.id, { from: 'officer', text: 'chị gọi nhé', at: at(4).toISOString(), officer: 'telegram:8' });
    expect(second?.joined).toBe(false);

    await store.close();
    store = await site.open();
    const t = await store.tickets.getTicket(first.ticket.id);
    expect(t?.messages.map((m) => m.text)).toEqual(['lớp hàn', 'học phí bao nhiêu', 'miễn phí', 'chị gọi nhé']);
    expect(t).toMatchObject({ status: 'open', provinceCode: '80', joinedAt: at(3).toISOString(), lastActivityAt: at(4).toISOString(), user: alice });
    expect((await store.tickets.openTicketOf(alice))?.id).toBe(first.ticket.id);
  });

  it('closes once; an officer answer reopens the ticket unless the user opened another', async () => {
    const { ticket } = await store.tickets.openTicket({ user: bob, messages: [] }, at(0));
    expect(await store.tickets.closeTicket(ticket.id, 'timeout', at(40))).toBe(true);
    expect(await store.tickets.closeTicket(ticket.id, 'officer', at(41))).toBe(false);
    expect(await store.tickets.openTicketOf(bob)).toBeUndefined();
    expect(await store.tickets.getTicket(ticket.id)).toMatchObject({ status: 'closed', closeReason: 'timeout' });

    const reopened = await store.tickets.addMessage(ticket.id, { from: 'officer', text: 'xin lỗi đến muộn', at: at(60).toISOString() });
    expect(reopened).toMatchObject({ joined: true, ticket: { status: 'open' } });
    expect(reopened?.ticket.closeReason).toBeUndefined();

    await store.tickets.closeTicket(ticket.id, 'user', at(61));
    const newer = await store.tickets.openTicket({ user: bob, messages: [] }, at(62));
    const late = await store.tickets.addMessage(ticket.id, { from: 'officer', text: 'còn đó không', at: at(63).toISOString() });
    expect(late?.ticket.status).toBe('closed');
    expect((await store.tickets.openTicketOf(bob))?.id).toBe(newer.ticket.id);
  });

  it('lists by status and province, tickets without a province on request', async () => {
    await store.tickets.openTicket({ user: alice, provinceCode: '80', messages: [] }, at(0));
    await store.tickets.openTicket({ user: bob, provinceCode: '01', messages: [] }, at(1));
    await store.tickets.openTicket({ user: { channel: 'telegram', userId: '5' }, messages: [] }, at(2));
    expect((await store.tickets.listTickets({ status: 'open' })).length).toBe(3);
    expect((await store.tickets.listTickets({ provinceCodes: ['80'] })).map((t) => t.user.userId)).toEqual(['alice']);
    expect((await store.tickets.listTickets({ provinceCodes: ['80'], withoutProvince: true })).map((t) => t.user.userId).sort()).toEqual(['5', 'alice']);
    expect(await store.tickets.listTickets({ provinceCodes: [] })).toEqual([]);
  });
});

describe('unanswered questions', () => {
  const question = (text: string, min: number, provinceCode?: string) => ({
    text,
    user: alice,
    candidateIds: ['faq-a'],
    reason: 'fallback' as const,
    askedAt: at(min).toISOString(),
    ...(provinceCode ? { provinceCode } : {}),
  });

  it('groups occurrences, filters them by province and period, and closes a group once', async () => {
    const first = await store.unanswered.addOccurrence(question('nuôi ong', 0, '80'), { newGroup: { words: ['nuoi', 'ong'], sample: 'nuôi ong' } });
    await store.unanswered.addOccurrence(question('nuôi ong mật', 5), { groupId: first.groupId });
    const other = await store.unanswered.addOccurrence(question('sửa xe', 10), { newGroup: { words: ['sua', 'xe'], sample: 'sửa xe' } });
    expect((await store.unanswered.openGroups()).map((g) => g.sample)).toEqual(['nuôi ong', 'sửa xe']);

    const inGroup = await store.unanswered.listOccurrences({ groupIds: [first.groupId] });
    expect(inGroup.map((o) => o.text)).toEqual(['nuôi ong mật', 'nuôi ong']);
    expect(inGroup[1]).toMatchObject({ user: alice, candidateIds: ['faq-a'], provinceCode: '80' });
    expect((await store.unanswered.listOccurrences({ provinceCode: '80' })).length).toBe(1);
    expect((await store.unanswered.listOccurrences({ from: at(5).toISOString(), until: at(10).toISOString() })).map((o) => o.text)).toEqual(['nuôi ong mật']);

    await store.unanswered.removeOccurrence(other.id);
    expect(await store.unanswered.listOccurrences({ groupIds: [other.groupId] })).toEqual([]);

    expect(await store.unanswered.closeGroup(first.groupId, 'attached', at(20), 'faq-ong')).toBe(true);
    expect(await store.unanswered.closeGroup(first.groupId, 'dismissed', at(21))).toBe(false);
    expect(await store.unanswered.getGroup(first.groupId)).toMatchObject({ status: 'attached', itemId: 'faq-ong', words: ['nuoi', 'ong'] });
    expect((await store.unanswered.openGroups()).map((g) => g.id)).toEqual([other.groupId]);
  });

  it('keeps learned phrasings per item, replacing them on update', async () => {
    await store.unanswered.setLearned({ itemId: 'faq-a', phrasings: ['nuôi ong'], baseKeywords: ['ong'], updatedAt: at(0).toISOString() });
    await store.unanswered.setLearned({ itemId: 'faq-a', phrasings: ['nuôi ong', 'ong mật'], baseKeywords: ['ong'], updatedAt: at(1).toISOString() });
    expect(await store.unanswered.getLearned('faq-a')).toEqual({ itemId: 'faq-a', phrasings: ['nuôi ong', 'ong mật'], baseKeywords: ['ong'], updatedAt: at(1).toISOString() });
    expect((await store.unanswered.listLearned()).length).toBe(1);
    expect(await store.unanswered.getLearned('faq-b')).toBeUndefined();
  });
});

describe('erasing a user', () => {
  it('"xóa thông tin của tôi" deletes their recorded questions and blanks their words in tickets', async () => {
    await store.unanswered.addOccurrence({ text: 'nuôi ong', user: alice, candidateIds: [], reason: 'fallback', askedAt: at(0).toISOString() }, { newGroup: { words: ['ong'], sample: 'nuôi ong' } });
    const kept = await store.unanswered.addOccurrence({ text: 'nuôi ong mật', user: bob, candidateIds: [], reason: 'fallback', askedAt: at(1).toISOString() }, { newGroup: { words: ['ong'], sample: 'x' } });
    const { ticket } = await store.tickets.openTicket({ user: alice, messages: [{ from: 'user', text: 'em là Hoa', at: at(0).toISOString() }] }, at(0));
    await store.tickets.addMessage(ticket.id, { from: 'officer', text: 'chào Hoa', at: at(1).toISOString() });

    await store.erasePersonalData(alice);
    expect((await store.unanswered.listOccurrences()).map((o) => o.id)).toEqual([kept.id]);
    const erased = await store.tickets.getTicket(ticket.id);
    expect(erased?.messages.map((m) => m.text)).toEqual(['[đã xóa]', 'chào Hoa']);
    expect(erased?.status).toBe('closed');
    expect(await store.tickets.openTicketOf(alice)).toBeUndefined();
  });
});
