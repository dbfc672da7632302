/**
 * Channel.send() and in-turn replies against the fake Bot API: how a Reply is cut into Telegram
 * messages, and how 429, 403, 5xx, timeouts and refused connections become SendError outcomes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SendError } from '../../../src/channels/channel.js';
import { CONTACT_BUTTON_LABEL, MORE_CHOICES_TEXT } from '../../../src/channels/telegram/render.js';
import { tgUpdate } from '../../fakes/telegram-api.js';
import { harness, hasLoneSurrogate, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function sendError(p: Promise<unknown>): Promise<SendError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
}

describe('telegram rendering', () => {
  it('splits long text into messages of at most 4096 characters at line boundaries', async () => {
    h = await harness();
    await h.channel.start();
    const para = (i: number) => `Đoạn ${i}: ` + 'Khoá học nghề miễn phí cho lao động nông thôn. '.repeat(20).trim();
    const text = Array.from({ length: 12 }, (_, i) => para(i)).join('\n\n');
    expect(text.length).toBeGreaterThan(8192);
    await h.channel.send('100', { text, buttons: [[{ label: 'OK', action: 'ok' }]] });
    const sent = h.tg.sent(100);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const s of sent) expect(String(s.text).length).toBeLessThanOrEqual(4096);
    // Nothing lost, every chunk ends at a paragraph, and only the last carries the keyboard.
    expect(sent.map((s) => s.text).join('\n\n')).toBe(text);
    expect(sent.slice(0, -1).every((s) => s.reply_markup === undefined)).toBe(true);
    expect(sent.at(-1)!.reply_markup).toEqual({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] });
  });

  it('never splits an emoji (surrogate pair) when it has to cut mid-word', async () => {
    h = await harness();
    await h.channel.start();
    const text = 'a' + '😀'.repeat(5000); // no spaces: a hard cut, landing inside a pair
    await h.channel.send('101', { text });
    const texts = h.tg.texts(101);
    expect(texts.length).toBe(3);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(4096);
      expect(hasLoneSurrogate(t)).toBe(false);
    }
    expect(texts.join('')).toBe(text);
  });

  it('keeps callback_data within 64 bytes and drops buttons that would break it', async () => {
    h = await harness();
    await h.channel.start();
    const long = 'item:' + 'đăng-ký-khoá-học-'.repeat(4); // over 64 bytes in UTF-8
    await h.channel.send('102', {
      text: 'Chọn:',
      buttons: [[{ label: 'Được', action: 'item:course-han' }, { label: 'Quá dài', action: long }], [{ label: 'Rỗng', action: '' }]],
      items: [
        { id: 'c1', title: 'Kỹ thuật chế biến và bảo quản nông sản sau thu hoạch cho hợp tác xã kiểu mới', action: 'item:c1' },
        { id: 'c2', title: 'Mộc dân dụng', action: 'item:c2' },
      ],
    });
    const [msg] = h.tg.sent(102);
    const rows = (msg!.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard;
    expect(rows.map((r) => r.map((b) => b.callback_data))).toEqual([['item:course-han'], ['item:c1'], ['item:c2']]);
    for (const b of rows.flat()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    // Item titles become one-per-row buttons, shortened for small screens.
    expect(rows[1]![0]!.text.length).toBeLessThanOrEqual(60);
    expect(rows[1]![0]!.text.endsWith('…')).toBe(true);
    expect(rows[2]![0]!.text).toBe('Mộc dân dụng');
    expect(h.logs.join('')).toMatch(/"dropped":2/);
  });

  it('offers the contact button on a reply keyboard and keeps inline buttons in a second message', async () => {
    h = await harness();
    await h.channel.start();
    await h.channel.send('103', { text: 'Cho mình xin số điện thoại nhé.', requestContact: true, buttons: [[{ label: 'Huỷ', action: 'cancel' }]] });
    const sent = h.tg.sent(103);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({
      text: 'Cho mình xin số điện thoại nhé.',
      reply_markup: { keyboard: [[{ text: CONTACT_BUTTON_LABEL, request_contact: true }]], one_time_keyboard: true },
    });
    expect(sent[1]).toMatchObject({ text: MORE_CHOICES_TEXT, reply_markup: { inline_keyboard: [[{ text: 'Huỷ', callback_data: 'cancel' }]] } });
  });

  it('sends files with sendDocument as multipart uploads', async () => {
    h = await harness();
    await h.channel.start();
    const data = Buffer.from('ma_khoa,ten\nc1,Hàn điện\n');
    await h.channel.send('104', { text: 'Danh sách đăng ký', file: { filename: 'dang-ky.csv', mimeType: 'text/csv', data } });
    const sent = h.tg.sent(104);
    expect(sent.map((s) => s.method)).toEqual(['sendMessage', 'sendDocument']);
    expect(sent[1]).toMatchObject({ chat_id: 104, document: { filename: 'dang-ky.csv', size: data.length } });
  });

  it('sends text as-is, without parse_mode', async () => {
    h = await harness();
    await h.channel.start();
    const text = 'Hỗ trợ *50%* học phí_[xem thêm](x)';
    await h.channel.send('105', { text });
    expect(h.tg.sent(105)[0]).toMatchObject({ text });
    expect(h.tg.sent(105)[0]!.parse_mode).toBeUndefined();
  });
});

describe('telegram send errors', () => {
  it('waits out a 429 and then delivers', async () => {
    h = await harness();
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: '429', retryAfter: 1 });
    const t0 = Date.now();
    await h.channel.send('200', { text: 'thông báo' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(h.tg.callsOf('sendMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(h.tg.texts(200)).toEqual(['thông báo']);
  });

  it('rides out the fake API global rate limit (429 beyond N per second)', async () => {
    h = await harness();
    h.tg.setRateLimit(2, 1);
    const t0 = Date.now();
    await Promise.all(['220', '221', '222'].map((id) => h.channel.send(id, { text: `tin ${id}` })));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(h.tg.callsOf('sendMessage').filter((c) => c.status === 429)).toHaveLength(1);
    expect(h.tg.sent().map((s) => s.chat_id).sort()).toEqual([220, 221, 222]);
  });

  it('gives up after bounded attempts with rate-limited and the wait', async () => {
    h = await harness({ tuning: { maxAttempts: 2 } });
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: '429', retryAfter: 1 }, { times: 5 });
    const err = await sendError(h.channel.send('201', { text: 'x' }));
    expect(err.failure).toBe('rate-limited');
    expect(err.options.retryAfterMs).toBe(1000);
    expect(h.tg.callsOf('sendMessage')).toHaveLength(2);
  });

  it('does not sit out a retry_after longer than allowed', async () => {
    h = await harness({ tuning: { maxRetryAfterMs: 2000 } });
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: '429', retryAfter: 30 });
    const t0 = Date.now();
    const err = await sendError(h.channel.send('202', { text: 'x' }));
    expect(err).toMatchObject({ failure: 'rate-limited', options: { retryAfterMs: 30_000 } });
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('403 blocked: permanent, user marked inactive; /start reactivates', async () => {
    h = await harness();
    await h.channel.start();
    await h.store.touchUser({ channel: 'telegram', userId: '203' }, new Date());
    h.tg.failNext('sendMessage', { kind: '403' }, { chatId: 203 });
    const err = await sendError(h.channel.send('203', { text: 'thông báo' }));
    expect(err.failure).toBe('permanent');
    expect(err.options.code).toBe(403);
    expect(await h.store.getUser({ channel: 'telegram', userId: '203' })).toMatchObject({ active: false, inactiveReason: 'blocked' });
    expect(h.tg.callsOf('sendMessage')).toHaveLength(1); // never retried

    h.tg.pushUpdate(tgUpdate.start(203));
    await h.tg.waitForSent(1, 203);
    expect((await h.store.getUser({ channel: 'telegram', userId: '203' }))?.active).toBe(true);
  });

  it('maps the other 403 descriptions to reasons', async () => {
    h = await harness();
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: '403', description: 'Forbidden: user is deactivated' }, { chatId: 204 });
    h.tg.failNext('sendMessage', { kind: '403', description: "Forbidden: bot can't initiate conversation with a user" }, { chatId: 205 });
    h.tg.failNext('sendMessage', { kind: 'error', status: 400, description: 'Bad Request: chat not found' }, { chatId: 206 });
    for (const id of ['204', '205', '206']) expect((await sendError(h.channel.send(id, { text: 'x' }))).failure).toBe('permanent');
    const reasons = await Promise.all(['204', '205', '206'].map((userId) => h.store.getUser({ channel: 'telegram', userId })));
    expect(reasons.map((u) => u?.inactiveReason)).toEqual(['deactivated', 'not-started', 'chat-not-found']);
  });

  it('a 403 during a turn marks the user inactive too', async () => {
    h = await harness();
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: '403' }, { chatId: 207 });
    h.tg.pushUpdate(tgUpdate.text(207, 'hi'));
    await h.tg.waitFor(() => h.tg.callsOf('sendMessage').length >= 1);
    await expect.poll(async () => (await h.store.getUser({ channel: 'telegram', userId: '207' }))?.active).toBe(false);
  });

  it('blocking and unblocking the bot (my_chat_member) flips the active flag', async () => {
    h = await harness();
    await h.channel.start();
    h.tg.pushUpdate(tgUpdate.membership(208, 'kicked'));
    await expect.poll(async () => (await h.store.getUser({ channel: 'telegram', userId: '208' }))?.active).toBe(false);
    expect(h.service.seen.at(-1)).toMatchObject({ kind: 'unfollow', userId: '208' });
    h.tg.pushUpdate(tgUpdate.membership(208, 'member'));
    await expect.poll(async () => (await h.store.getUser({ channel: 'telegram', userId: '208' }))?.active).toBe(true);
    expect(h.tg.sent(208)).toHaveLength(0);
  });

  it('5xx: retried, then transient', async () => {
    h = await harness({ tuning: { maxAttempts: 3 } });
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: 'error', status: 502, description: 'Bad Gateway' }, { times: 1 });
    await h.channel.send('209', { text: 'x' });
    expect(h.tg.texts(209)).toEqual(['x']);
    h.tg.failNext('sendMessage', { kind: 'error', status: 500, description: 'Internal Server Error' }, { times: 3 });
    expect((await sendError(h.channel.send('209', { text: 'y' }))).failure).toBe('transient');
  });

  it('a timeout after the request was sent is unknown, and is not repeated', async () => {
    h = await harness({ tuning: { sendTimeoutMs: 300 } });
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: 'timeout' });
    const err = await sendError(h.channel.send('210', { text: 'có thể đã tới' }));
    expect(err.failure).toBe('unknown');
    expect(h.tg.callsOf('sendMessage')).toHaveLength(1);
    expect(h.tg.texts(210)).toEqual(['có thể đã tới']); // it did arrive: a retry would duplicate it
  });

  it('in webhook mode too (the timeout is the API client\'s own), a timeout is unknown and not repeated', async () => {
    h = await harness({ webhook: true, tuning: { sendTimeoutMs: 300 } });
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: 'timeout' });
    const err = await sendError(h.channel.send('213', { text: 'có thể đã tới' }));
    expect(err.failure).toBe('unknown');
    expect(h.tg.callsOf('sendMessage')).toHaveLength(1);
    await h.channel.send('213', { text: 'lần sau vẫn gửi được' });
    expect(h.tg.texts(213)).toEqual(['có thể đã tới', 'lần sau vẫn gửi được']);
  });

  it('a reset connection is unknown', async () => {
    h = await harness();
    await h.channel.start();
    h.tg.failNext('sendMessage', { kind: 'reset' });
    expect((await sendError(h.channel.send('211', { text: 'x' }))).failure).toBe('unknown');
  });

  it('a refused connection is transient (nothing was sent)', async () => {
    // Not started: send() needs no polling, and a dead poller would only slow stop() down.
    h = await harness({ tuning: { maxAttempts: 2 } });
    await h.tg.stop();
    expect((await sendError(h.channel.send('212', { text: 'x' }))).failure).toBe('transient');
  });

  it('refuses user ids that are not Telegram chat ids', async () => {
    h = await harness();
    expect(await sendError(h.channel.send('zalo-abc', { text: 'x' }))).toMatchObject({ failure: 'permanent', options: { code: 'bad-user-id' } });
    expect(h.tg.calls).toHaveLength(0);
  });
});
