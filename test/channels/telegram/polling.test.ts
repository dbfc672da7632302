/**
 * Long polling end to end: updates pushed into the fake Bot API travel through grammY's real
 * polling loop, the adapter and the renderer, and the replies come back as real HTTP calls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tgUpdate } from '../../fakes/telegram-api.js';
import { harness, type Harness } from './helpers.js';

describe('telegram channel: long polling', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await h.channel.start();
  });
  afterEach(async () => {
    await h.close();
  });

  it('receives a text update and replies with an inline keyboard', async () => {
    h.tg.pushUpdate(tgUpdate.text(42, 'học hàn ở đâu'));
    await h.tg.waitForSent(1, 42);
    const [sent] = h.tg.sent(42);
    expect(sent).toMatchObject({ method: 'sendMessage', chat_id: 42, text: 'echo:học hàn ở đâu' });
    expect(sent!.parse_mode).toBeUndefined();
    expect(sent!.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Một', callback_data: 'pick:1' }, { text: 'Hai', callback_data: 'pick:2' }]],
    });
    expect(h.service.seen[0]).toMatchObject({ channel: 'telegram', userId: '42', kind: 'text', text: 'học hàn ở đâu' });
    expect(h.tg.callsOf('deleteWebhook')[0]?.params).toMatchObject({ drop_pending_updates: false });
    expect(h.metrics.value('nghebot_updates_in_total', { channel: 'telegram' })).toBe(1);
    // Counted once grammY has the answer, a moment after the fake recorded the call.
    await expect.poll(() => h.metrics.value('nghebot_replies_out_total', { channel: 'telegram' })).toBe(1);
  });

  it('turns /start <payload> into a start message with the deep-link payload', async () => {
    h.tg.pushUpdate(tgUpdate.start(7, 'course-keo-dua'));
    h.tg.pushUpdate(tgUpdate.start(8));
    h.tg.pushUpdate(tgUpdate.text(9, '/start không hợp lệ!'));
    h.tg.pushUpdate(tgUpdate.text(10, '/help@nghebot_test_bot'));
    await h.tg.waitFor(() => h.tg.sent().length >= 4);
    expect(h.tg.texts(7)).toEqual(['start:course-keo-dua']);
    expect(h.tg.texts(8)).toEqual(['start:-']);
    expect(h.tg.texts(9)).toEqual(['start:-']);
    // Other commands are text for the handlers, without the @bot suffix.
    expect(h.tg.texts(10)).toEqual(['echo:/help']);
  });

  it('answers every callback query, also when the handler fails', async () => {
    h.tg.pushUpdate(tgUpdate.callback(5, 'pick:1', 'cq-ok'));
    h.tg.pushUpdate(tgUpdate.callback(6, 'boom', 'cq-boom'));
    await h.tg.waitFor(() => h.tg.sent(5).length >= 1 && h.tg.sent(6).length >= 1);
    const answered = h.tg.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id);
    expect(answered.sort()).toEqual(['cq-boom', 'cq-ok']);
    expect(h.tg.texts(5)).toEqual(['action:pick:1']);
    expect(h.service.seen.find((m) => m.userId === '5')).toMatchObject({ kind: 'action', action: 'pick:1' });
    // The failing turn still gets an apology instead of silence.
    expect(h.tg.texts(6)[0]).toMatch(/Xin lỗi/);
    expect(h.metrics.value('nghebot_errors_total', { channel: 'telegram', kind: 'service' })).toBe(1);
  });

  it('marks a shared contact as own only when it is the sender’s card', async () => {
    h.tg.pushUpdate(tgUpdate.contact(11, '+84912345678', 11));
    h.tg.pushUpdate(tgUpdate.contact(12, '+84987654321', 99));
    h.tg.pushUpdate(tgUpdate.contact(13, '0911222333'));
    await h.tg.waitFor(() => h.tg.sent().length >= 3);
    expect(h.tg.texts(11)).toEqual(['contact:own']);
    expect(h.tg.texts(12)).toEqual(['contact:other']);
    expect(h.tg.texts(13)).toEqual(['contact:other']);
    const own = h.service.seen.find((m) => m.userId === '11');
    expect(own?.contact).toMatchObject({ phone: '+84912345678', isOwn: true });
    // After sharing, the one-time contact keyboard is removed.
    expect(h.tg.sent(11)[0]!.reply_markup).toEqual({ remove_keyboard: true });
  });

  it('passes locations through', async () => {
    h.tg.pushUpdate(tgUpdate.location(14, 10.03, 105.78));
    await h.tg.waitForSent(1, 14);
    expect(h.tg.texts(14)).toEqual(['location:10.03,105.78']);
  });

  it('ignores group chats and edited messages', async () => {
    h.tg.pushUpdate({ message: { message_id: 1, date: 1, chat: { id: -100, type: 'group', title: 'g' }, from: { id: 15, is_bot: false, first_name: 'A' }, text: 'hi' } });
    h.tg.pushUpdate({ edited_message: { message_id: 2, date: 1, chat: { id: 16, type: 'private' }, from: { id: 16, is_bot: false, first_name: 'A' }, text: 'x' } });
    h.tg.pushUpdate(tgUpdate.text(17, 'after'));
    await h.tg.waitForSent(1, 17);
    expect(h.service.seen.map((m) => m.userId)).toEqual(['17']);
    expect(h.tg.sent().length).toBe(1);
  });

  it('handles a redelivered update_id once', async () => {
    const id = h.tg.pushUpdate(tgUpdate.text(18, 'một lần'));
    await h.tg.waitForSent(1, 18);
    // As after a crash before the offset was confirmed: the same update comes again.
    h.tg.pushUpdate({ ...tgUpdate.text(18, 'một lần'), update_id: id });
    h.tg.pushUpdate(tgUpdate.text(18, 'tiếp'));
    await h.tg.waitForSent(2, 18);
    expect(h.tg.texts(18)).toEqual(['echo:một lần', 'echo:tiếp']);
  });

  it('keeps one user in order while another user is not held up', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const base = h.service.respond;
    h.service.respond = async (msg) => {
      if (msg.userId === '20' && msg.text === 'slow') await gate;
      return base(msg);
    };
    h.tg.pushUpdate(tgUpdate.text(20, 'slow'));
    h.tg.pushUpdate(tgUpdate.text(20, 'second'));
    h.tg.pushUpdate(tgUpdate.text(21, 'fast'));
    await h.tg.waitForSent(1, 21);
    expect(h.tg.sent(20)).toHaveLength(0);
    release();
    await h.tg.waitForSent(2, 20);
    expect(h.tg.texts(20)).toEqual(['echo:slow', 'echo:second']);
  });

  it('stop() waits for the update in flight to finish', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    h.service.respond = async () => {
      entered();
      await new Promise((r) => setTimeout(r, 300));
      return [{ text: 'done late' }];
    };
    h.tg.pushUpdate(tgUpdate.text(22, 'x'));
    await inside;
    await h.channel.stop();
    expect(h.tg.texts(22)).toEqual(['done late']);
    // Polling has stopped: later updates are left for the next start.
    const before = h.tg.callsOf('getUpdates').length;
    h.tg.pushUpdate(tgUpdate.text(22, 'y'));
    await new Promise((r) => setTimeout(r, 400));
    expect(h.tg.callsOf('getUpdates').length).toBe(before);
    expect(h.tg.pendingUpdates).toBe(1);
  });

  it('logs ids and outcomes, never message text, phones or names', async () => {
    h.tg.pushUpdate(tgUpdate.text(23, 'Nguyễn Văn Bí mật 0912345678'));
    h.tg.pushUpdate(tgUpdate.contact(23, '+84912345678', 23));
    await h.tg.waitForSent(2, 23);
    const logs = h.logs.join('');
    expect(logs).toContain('telegram: update handled');
    expect(logs).not.toMatch(/Bí mật|0912345678|84912345678|Contact|Test/);
  });
});
