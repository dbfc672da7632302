/**
 * The Telegram adapter on its own: an update in, the IncomingMessage (or why it is ignored) out,
 * built with the same update builders the HTTP-level tests use.
 */
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { adaptUpdate } from '../../../src/channels/telegram/adapter.js';
import { tgUpdate } from '../../fakes/telegram-api.js';

const NOW = new Date('2026-06-01T03:00:00Z');
const adapt = (u: object) => adaptUpdate({ update_id: 1, ...u } as Update, NOW);

describe('adaptUpdate', () => {
  it('text becomes a text message from the sender, with their display name', () => {
    expect(adapt(tgUpdate.text(42, 'có lớp hàn không'))).toEqual({
      type: 'message',
      msg: { channel: 'telegram', userId: '42', kind: 'text', text: 'có lớp hàn không', displayName: 'Test', receivedAt: NOW },
    });
  });

  it('/start with and without a deep-link payload; a malformed payload is dropped', () => {
    expect(adapt(tgUpdate.start(42))).toMatchObject({ type: 'message', msg: { kind: 'start' } });
    expect(adapt(tgUpdate.start(42, 'course-keo-dua'))).toMatchObject({ msg: { kind: 'start', payload: 'course-keo-dua' } });
    const bad = adapt(tgUpdate.start(42, 'có dấu!'));
    expect(bad).toMatchObject({ msg: { kind: 'start' } });
    expect((bad as { msg: { payload?: string } }).msg.payload).toBeUndefined();
  });

  it('a command addressed to the bot by name reads as the bare command', () => {
    expect(adapt(tgUpdate.text(42, '/thongke@nghe_bot tuần này'))).toMatchObject({ msg: { kind: 'text', text: '/thongke tuần này' } });
  });

  it('a button press is an action carrying its data', () => {
    expect(adapt(tgUpdate.callback(42, 'enroll:course-gom'))).toMatchObject({ type: 'message', msg: { kind: 'action', action: 'enroll:course-gom', userId: '42' } });
  });

  it("a shared contact is the sender's own only when its user_id is the sender's", () => {
    expect(adapt(tgUpdate.contact(42, '0912345678', 42))).toMatchObject({ msg: { kind: 'contact', contact: { phone: '0912345678', isOwn: true } } });
    expect(adapt(tgUpdate.contact(42, '0912345678', 77))).toMatchObject({ msg: { contact: { isOwn: false } } });
    expect(adapt(tgUpdate.contact(42, '0912345678'))).toMatchObject({ msg: { contact: { isOwn: false } } });
  });

  it('a location keeps its coordinates', () => {
    expect(adapt(tgUpdate.location(42, 10.25, 105.97))).toMatchObject({ msg: { kind: 'location', location: { latitude: 10.25, longitude: 105.97 } } });
  });

  it('blocking the bot marks the user inactive and tells the service; unblocking only reactivates', () => {
    expect(adapt(tgUpdate.membership(42, 'kicked'))).toMatchObject({ type: 'membership', userId: '42', active: false, reason: 'blocked', msg: { kind: 'unfollow' } });
    const back = adapt(tgUpdate.membership(42, 'member'));
    expect(back).toMatchObject({ type: 'membership', active: true, reason: 'unblocked' });
    expect((back as { msg?: unknown }).msg).toBeUndefined();
  });

  it('ignores groups, bots, empty button data and update types it does not handle', () => {
    const group = tgUpdate.text(42, 'xin chào') as { message: Record<string, unknown> };
    expect(adapt({ message: { ...group.message, chat: { id: -100, type: 'supergroup', title: 'Nhóm' } } })).toEqual({ type: 'ignore', reason: 'group' });
    expect(adapt({ message: { ...group.message, from: { id: 9, is_bot: true, first_name: 'Bot' } } })).toEqual({ type: 'ignore', reason: 'no-sender' });
    const press = tgUpdate.callback(42, 'x') as { callback_query: Record<string, unknown> };
    expect(adapt({ callback_query: { ...press.callback_query, data: '' } })).toEqual({ type: 'ignore', reason: 'no-data' });
    expect(adapt({ edited_message: group.message })).toEqual({ type: 'ignore', reason: 'update-type' });
  });

  it('a photo or sticker passes its caption (or nothing) as text, so the bot still answers', () => {
    const photo = tgUpdate.text(42, '') as { message: Record<string, unknown> };
    const { text: _text, ...rest } = photo.message;
    expect(adapt({ message: { ...rest, photo: [], caption: 'lớp này còn chỗ không' } })).toMatchObject({ msg: { kind: 'text', text: 'lớp này còn chỗ không' } });
    expect(adapt({ message: { ...rest, sticker: {} } })).toMatchObject({ msg: { kind: 'text', text: '' } });
  });
});
