/**
 * Hand-off through the real conversation service: opening a ticket, the bot staying quiet while a
 * person handles it, officers answering from their chat, closing and the timeout.
 */
import type { BroadcastAnnouncement } from '../../src/broadcast/audience.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserKey } from '../../src/store/types.js';
import { provinceByCode } from '../../src/text/provinces.js';
import { HandoffService } from '../../src/handoff/service.js';
import { createCore } from '../../src/app.js';
import { createLogger } from '../../src/observability/logger.js';
import { actionsOf, textOf } from '../broadcast/helpers.js';
import { noticesFor, OFFICER, openHandoffCore } from './helpers.js';

type Core = Awaited<ReturnType<typeof openHandoffCore>>;
let t: Core;
const web: UserKey = { channel: 'web', userId: 'w-user-1' };

beforeEach(async () => {
  t = await openHandoffCore();
});
afterEach(async () => {
  await t.close();
});

const say = (user: UserKey, text: string) => t.turn(user, { kind: 'text', text });
const tap = (user: UserKey, action: string) => t.turn(user, { kind: 'action', action });
const ticketOf = async (user: UserKey) => (await t.core.store.tickets.openTicketOf(user))!;

describe('asking for a person', () => {
  it('"gặp cán bộ" opens a ticket for the officers, who get the earlier messages; the question after it goes to them and the bot stays quiet', async () => {
    await say(web, 'cho hỏi lớp hàn ở Bến Tre');
    const opened = await say(web, 'cho em gặp cán bộ');
    expect(textOf(opened)).toContain('chuyển cuộc trò chuyện cho cán bộ');
    const ticket = await ticketOf(web);
    expect(provinceByCode(ticket.provinceCode!)?.name).toBe('Vĩnh Long'); // Bến Tre merged into it
    const first = (await noticesFor(t, OFFICER))[0]!;
    expect(first).toMatch(/^🙋 Phiếu #[A-Z0-9]{6} · Vĩnh Long · web\n/);
    expect(first).toContain('cho hỏi lớp hàn ở Bến Tre');

    expect(await say(web, 'học phí lớp hàn bao nhiêu ạ')).toEqual([]);
    expect((await noticesFor(t, OFFICER)).at(-1)).toContain('💬 học phí lớp hàn bao nhiêu ạ');
    expect((await ticketOf(web)).messages.map((m) => m.text)).toContain('học phí lớp hàn bao nhiêu ạ');

    // Commands still work while the ticket is open.
    expect(actionsOf(await say(web, 'menu'))).toContain('browse:course');
    expect(await ticketOf(web)).toBeDefined();
  });

  it('the contact reply offers a person and its button opens a ticket', async () => {
    const contact = await tap(web, 'contact');
    expect(actionsOf(contact)).toContain('handoff');
    expect(textOf(contact)).toContain('Gặp cán bộ');
    await tap(web, 'handoff');
    expect(await ticketOf(web)).toBeDefined();
    expect((await noticesFor(t, OFFICER)).length).toBe(1);
    // Asking again does not open a second ticket nor notify again.
    expect(textOf(await tap(web, 'handoff'))).toContain('đã nhận yêu cầu');
    expect((await noticesFor(t, OFFICER)).length).toBe(1);
  });

  it('after two fallbacks in a row the bot offers a person', async () => {
    const first = await say(web, 'xyzzy plugh qwerty');
    expect(actionsOf(first)).not.toContain('handoff');
    const second = await say(web, 'abcde fghij klmno');
    expect(actionsOf(second)).toContain('handoff');
  });

  it('without any officer the bot says so instead of promising an answer, and offers nobody', async () => {
    await t.close();
    t = await openHandoffCore({ ADMIN_IDS: '' });
    expect(textOf(await say(web, 'gặp cán bộ'))).toContain('Hiện chưa có cán bộ nhận tin nhắn');
    expect(await t.core.store.tickets.openTicketOf(web)).toBeUndefined();
    await say(web, 'xyzzy plugh qwerty');
    expect(actionsOf(await say(web, 'abcde fghij klmno'))).not.toContain('handoff');
  });

  it('outside office hours the user is told when to expect an answer', async () => {
    // Open one minute a week, so the test's clock is outside office hours (office-hours.test.ts pins dates).
    await t.close();
    t = await openHandoffCore({ OFFICE_DAYS: '3', OFFICE_HOURS: '3:00-3:01' });
    const reply = textOf(await say(web, 'nói chuyện với người thật'));
    expect(reply).toMatch(/ngoài giờ làm việc; bạn sẽ nhận được trả lời từ 3:00 thứ Tư \(\d\d\/\d\d\)/);
  });
});

describe('officers answering', () => {
  it('a Telegram reply to the notification reaches the user with "a person joined", and colleagues see it', async () => {
    await t.core.store.upsertOfficer({ channel: 'zalo', userId: 'z-officer', provinceCodes: [] });
    await say(web, 'gặp cán bộ');
    const notice = (await noticesFor(t, OFFICER))[0]!;
    const confirm = await t.turn(OFFICER, { kind: 'text', text: 'Lớp hàn miễn phí bạn nhé', replyTo: { text: notice } });
    expect(textOf(confirm)).toContain('Đã gửi cho người dân');
    const toUser = await noticesFor(t, web);
    expect(toUser).toEqual(['👮 Cán bộ đã tham gia cuộc trò chuyện.\n👮 Cán bộ: Lớp hàn miễn phí bạn nhé']);
    expect((await noticesFor(t, { channel: 'zalo', userId: 'z-officer' })).at(-1)).toContain('Cán bộ khác đã trả lời: Lớp hàn miễn phí bạn nhé');
    // The answer the user waits for is not held by quiet hours; notices to officers are.
    const queued = (await t.core.store.listAnnouncements()) as BroadcastAnnouncement[];
    expect(queued.filter((a) => a.recipient?.userId === web.userId).map((a) => a.inConversation)).toEqual([true]);
    expect(queued.filter((a) => a.recipient?.userId === 'z-officer').every((a) => a.inConversation === undefined)).toBe(true);

    // The Zalo officer answers with the short command; no second "joined".
    const id = (await ticketOf(web)).id;
    await t.turn({ channel: 'zalo', userId: 'z-officer' }, { kind: 'text', text: `/tl ${id.toLowerCase()} Bạn mang CCCD khi đến nhé` });
    expect((await noticesFor(t, web)).at(-1)).toBe('👮 Cán bộ: Bạn mang CCCD khi đến nhé');
  });

  it('an officer of another province cannot see or answer the ticket; a user cannot use officer commands', async () => {
    await t.core.store.upsertOfficer({ channel: 'telegram', userId: '777', provinceCodes: ['01'] });
    await say(web, 'lớp hàn Bến Tre');
    await say(web, 'gặp cán bộ');
    const id = (await ticketOf(web)).id;
    const other = { channel: 'telegram' as const, userId: '777' };
    expect(await noticesFor(t, other)).toEqual([]);
    expect(textOf(await t.turn(other, { kind: 'text', text: `/tl ${id} trả lời` }))).toContain('Không tìm thấy phiếu');
    const stranger = { channel: 'telegram' as const, userId: '555' };
    await t.turn(stranger, { kind: 'text', text: `/tl ${id} giả làm cán bộ` });
    expect(await noticesFor(t, web)).toEqual([]);
  });

  it('the console acts as an officer it has signed in, within the scope it gives', async () => {
    await say(web, 'lớp hàn Bến Tre');
    await say(web, 'gặp cán bộ');
    const id = (await ticketOf(web)).id;
    const handoff = new HandoffService({ store: t.core.store, config: t.core.config, notifier: t.core.notifier });
    const hanoi = { id: 'console:lan', scope: { all: false as const, provinceCodes: ['01'] } };
    expect(await handoff.listFor(hanoi, 'open')).toEqual([]);
    expect(await handoff.answer(hanoi, id, 'x', new Date())).toEqual({ ok: false, reason: 'no-ticket' });
    const vinhLong = { id: 'console:hoa', scope: { all: false as const, provinceCodes: [(await ticketOf(web)).provinceCode!] } };
    expect((await handoff.listFor(vinhLong, 'open')).map((tk) => tk.id)).toEqual([id]);
    expect(await handoff.answer(vinhLong, id, 'Chào bạn, chị Hoa đây', new Date())).toMatchObject({ ok: true });
    expect((await ticketOf(web)).messages.at(-1)).toMatchObject({ from: 'officer', officer: 'console:hoa' });
    expect((await noticesFor(t, OFFICER)).at(-1)).toContain('Cán bộ khác đã trả lời: Chào bạn, chị Hoa đây');
  });

  it('closing: the officer closes, the user is told and the bot answers again', async () => {
    await say(web, 'gặp cán bộ');
    const id = (await ticketOf(web)).id;
    expect(textOf(await tap(OFFICER, `ticket-close:${id}`))).toContain('Đã đóng phiếu');
    expect((await noticesFor(t, web)).at(-1)).toContain('Cán bộ đã kết thúc cuộc trò chuyện');
    expect(textOf(await say(web, 'lớp hàn điện'))).toContain('hàn');
  });

  it('the user ends it with "hủy"; the bot answers again', async () => {
    await say(web, 'gặp cán bộ');
    expect(textOf(await say(web, 'hủy'))).toContain('Nghề Bot tiếp tục hỗ trợ bạn');
    expect(await t.core.store.tickets.openTicketOf(web)).toBeUndefined();
    expect(textOf(await say(web, 'lớp hàn điện'))).toContain('hàn');
  });
});

describe('restarts', () => {
  it('an open ticket survives a restart: the bot stays quiet and the officer can still answer', async () => {
    await say(web, 'gặp cán bộ');
    const id = (await ticketOf(web)).id;
    await t.core.close();
    const again = await createCore(t.core.config, { logger: createLogger('silent') });
    try {
      const turn = (user: UserKey, msg: Record<string, unknown>) => again.service.handle({ ...user, receivedAt: new Date(), kind: 'text', ...msg } as never);
      expect(await turn(web, { text: 'còn ai ở đó không ạ' })).toEqual([]);
      expect(textOf(await turn(OFFICER, { text: `/tl ${id} Có, chị đây` }))).toContain('Đã gửi cho người dân');
      const ticket = await again.store.tickets.getTicket(id);
      expect(ticket?.messages.map((m) => m.text)).toEqual(['còn ai ở đó không ạ', 'Có, chị đây']);
    } finally {
      await again.close();
    }
  });
});

describe('timeout', () => {
  it('the minute sweep closes idle tickets and tells the users the bot is back, once', async () => {
    await say(web, 'gặp cán bộ');
    const handoff = new HandoffService({ store: t.core.store, config: t.core.config, notifier: t.core.notifier });
    expect(await handoff.closeExpired(new Date(Date.now() + 29 * 60_000))).toBe(0);
    expect(await handoff.closeExpired(new Date(Date.now() + 31 * 60_000))).toBe(1);
    expect(await handoff.closeExpired(new Date(Date.now() + 32 * 60_000))).toBe(0);
    expect(await noticesFor(t, web)).toEqual([expect.stringContaining('Chưa có cán bộ trả lời nên Nghề Bot trả lời bạn tiếp')]);
    expect(await t.core.store.tickets.openTicketOf(web)).toBeUndefined();
  });

  it('after HANDOFF_TIMEOUT_MINUTES without a message the bot takes over and says so', async () => {
    await say(web, 'gặp cán bộ');
    const ticket = await ticketOf(web);
    // Age the ticket as if the last message were an hour old.
    await t.core.store.tickets.closeTicket(ticket.id, 'officer', new Date());
    const { ticket: aged } = await t.core.store.tickets.openTicket({ user: web, messages: [] }, new Date(Date.now() - 3_600_000));
    const replies = await say(web, 'lớp hàn điện');
    expect(replies[0]!.text).toContain('Chưa có cán bộ trả lời nên Nghề Bot trả lời bạn tiếp');
    expect(textOf(replies)).toContain('hàn');
    expect((await t.core.store.tickets.getTicket(aged.id))?.closeReason).toBe('timeout');
  });
});
