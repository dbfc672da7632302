/**
 * The Telegram adapter passes on the bot's own message an update replies to (how an officer answers
 * a ticket notification), and nothing when the quoted message is someone else's.
 */
import { describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { adaptUpdate } from '../../src/channels/telegram/adapter.js';
import { tgUpdate } from '../fakes/telegram-api.js';

function replying(from: { id: number; is_bot: boolean }, quoted: string): Update {
  const u = tgUpdate.text(7, 'Lớp miễn phí bạn nhé') as { message: Record<string, unknown> };
  u.message.reply_to_message = { message_id: 1, date: 0, chat: { id: 7, type: 'private' }, from: { ...from, first_name: 'X' }, text: quoted };
  return u as unknown as Update;
}

describe('Telegram replies', () => {
  it('carries the quoted text of a reply to the bot', () => {
    const adapted = adaptUpdate(replying({ id: 99, is_bot: true }, '🙋 Phiếu #K3F9M2 · An Giang · web'));
    expect(adapted).toMatchObject({ type: 'message', msg: { kind: 'text', text: 'Lớp miễn phí bạn nhé', replyTo: { text: '🙋 Phiếu #K3F9M2 · An Giang · web' } } });
  });

  it('ignores a quoted message that is not the bot’s, and plain messages have none', () => {
    const adapted = adaptUpdate(replying({ id: 7, is_bot: false }, '🙋 Phiếu #K3F9M2 · An Giang · web'));
    expect(adapted.type === 'message' && adapted.msg.replyTo).toBeUndefined();
    const plain = adaptUpdate(tgUpdate.text(7, 'chào') as unknown as Update);
    expect(plain.type === 'message' && plain.msg.replyTo).toBeUndefined();
  });
});
