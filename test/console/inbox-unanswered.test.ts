/**
 * The hand-off inbox and the unanswered questions as console pages: an officer sees only their
 * province's tickets and question groups, answers a ticket (the answer is queued for the user's own
 * channel), attaches a group to an item or dismisses it; every write needs the page's token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxNotifier } from '../../src/broadcast/notifier.js';
import { inboxSection } from '../../src/console/sections/inbox.js';
import { unansweredSection } from '../../src/console/sections/unanswered.js';
import { HandoffService } from '../../src/handoff/service.js';
import { createLogger } from '../../src/observability/logger.js';
import { UnansweredService } from '../../src/unanswered/service.js';
import { AN_GIANG, consoleBrowser, openConsole, SEED, VINH_LONG } from './helpers.js';

type Opened = Awaited<ReturnType<typeof openConsole>>;
let c: Opened;

beforeEach(async () => {
  c = await openConsole({}, (store, engine, config) => [
    inboxSection(new HandoffService({ store, config, notifier: new OutboxNotifier(store, createLogger('silent')) })),
    unansweredSection(new UnansweredService({ store, engine })),
  ]);
  await c.addOfficer('lan', VINH_LONG);
});
afterEach(async () => {
  await c.close();
});

const web = (userId: string) => ({ channel: 'web' as const, userId });

async function ticketIn(provinceCode: string, userId: string, text: string) {
  const { ticket } = await c.store.tickets.openTicket({ user: web(userId), provinceCode, messages: [{ from: 'user', text, at: c.clock.now.toISOString() }] }, c.clock.now);
  return ticket;
}

async function groupIn(provinceCode: string, text: string) {
  const occurrence = await c.store.unanswered.addOccurrence(
    { text, user: web('u-' + provinceCode), candidateIds: [], reason: 'fallback', askedAt: c.clock.now.toISOString(), provinceCode },
    { newGroup: { words: text.split(' '), sample: text } },
  );
  return occurrence.groupId;
}

describe('console inbox', () => {
  it('lists the province’s tickets only, and carries an answer to the user’s channel', async () => {
    const mine = await ticketIn(VINH_LONG, 'w1', 'cho em hỏi lớp hàn còn chỗ không');
    const other = await ticketIn(AN_GIANG, 'w2', 'hỏi về vay vốn');
    const b = consoleBrowser(c.app);
    await b.login('lan');
    const list = await b.get('/admin/inbox');
    expect(list.body).toContain(`#${mine.id}`);
    expect(list.body).not.toContain(`#${other.id}`);
    expect((await b.get(`/admin/inbox/${other.id}`)).statusCode).toBe(404);

    const page = await b.get(`/admin/inbox/${mine.id}`);
    expect(page.body).toContain('cho em hỏi lớp hàn còn chỗ không');
    expect((await b.post(`/admin/inbox/${mine.id}/answer`, { text: 'Lớp còn 5 chỗ nhé' }, false)).statusCode).toBe(403);
    expect((await b.post(`/admin/inbox/${mine.id}/answer`, { text: 'Lớp còn 5 chỗ nhé' })).statusCode).toBe(303);
    const stored = await c.store.tickets.getTicket(mine.id);
    expect(stored?.messages.at(-1)).toMatchObject({ from: 'officer', text: 'Lớp còn 5 chỗ nhé' });
    const queued = await c.store.listAnnouncements();
    expect(queued.some((a) => a.text.includes('Lớp còn 5 chỗ nhé'))).toBe(true);
    // Answering another province's ticket by its id does nothing.
    await b.get(`/admin/inbox/${mine.id}`);
    expect((await b.post(`/admin/inbox/${other.id}/answer`, { text: 'xen ngang' })).statusCode).toBe(404);
    expect((await c.store.tickets.getTicket(other.id))?.messages).toHaveLength(1);

    await b.get(`/admin/inbox/${mine.id}`);
    expect((await b.post(`/admin/inbox/${mine.id}/close`)).statusCode).toBe(303);
    expect((await c.store.tickets.getTicket(mine.id))?.status).toBe('closed');
  });
});

describe('console unanswered questions', () => {
  it('shows the province’s groups, attaches one to an item and dismisses another', async () => {
    const mine = await groupIn(VINH_LONG, 'lớp dạy làm bánh pía ở đâu');
    const other = await groupIn(AN_GIANG, 'giá lúa hôm nay');
    const b = consoleBrowser(c.app);
    await b.login('lan');
    const page = await b.get('/admin/unanswered');
    expect(page.body).toContain('lớp dạy làm bánh pía ở đâu');
    expect(page.body).not.toContain('giá lúa hôm nay');

    const item = SEED.find((i) => i.province === undefined || i.province === 'Vĩnh Long')!;
    expect((await b.post(`/admin/unanswered/${other}/dismiss`)).statusCode).toBe(404);
    expect((await b.post(`/admin/unanswered/${mine}/attach`, { item: item.id })).statusCode).toBe(303);
    expect((await c.store.unanswered.getGroup(mine))).toMatchObject({ status: 'attached', itemId: item.id });
    expect((await c.store.unanswered.getGroup(other))?.status).toBe('open');
  });
});
