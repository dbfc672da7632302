/**
 * What the hand-off says, to users and to officers. Officers' notifications start with a header
 * line carrying the ticket code: a Telegram reply to the notification is matched to the ticket by
 * it (handoff/officer-commands.ts), so it must stay the first line and come from the bot only.
 */
import { provinceByCode } from '../text/provinces.js';
import { button, fixedButton, idAction, simpleAction } from '../replies/actions.js';
import type { Button, Reply } from '../replies/model.js';
import type { Ticket, TicketMessage } from './ports.js';

/** A user asks for a person; a user hands the conversation back to the bot; an officer closes a ticket. */
export const handoffAction = simpleAction('handoff');
export const handoffEndAction = simpleAction('handoff-end');
export const ticketCloseAction = idAction('ticket-close');
/** The button that opens a ticket (the menu's contact reply and the offer after two fallbacks). */
export const askPersonButton = (): Button => fixedButton('🙋 Gặp cán bộ', handoffAction);

/** Officers see at most this many of the user's earlier messages in the first notification. */
const RECENT_SHOWN = 5;
/**
 * Quoted text is cut so a notification stays one message (Zalo takes 2,000 characters): a Telegram
 * reply to the second part of a split message would not carry the header naming the ticket. The
 * ticket keeps the whole text.
 */
const QUOTE_CHARS = 1500;
const EARLIER_CHARS = 250;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const CHANNEL_LABELS: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo', web: 'web', cli: 'dòng lệnh' };

export const ticketHeader = (t: Pick<Ticket, 'id' | 'provinceCode' | 'user'>) =>
  `🙋 Phiếu #${t.id} · ${t.provinceCode ? provinceByCode(t.provinceCode)?.name ?? t.provinceCode : 'chưa rõ tỉnh'} · ${CHANNEL_LABELS[t.user.channel] ?? t.user.channel}`;

/** Reads the ticket code from the first line of a notification this bot sent. */
export function ticketIdFromHeader(text: string): string | undefined {
  const first = text.split('\n', 1)[0] ?? '';
  return /^🙋 Phiếu #([A-Z0-9]{4,12}) · /u.exec(first)?.[1];
}

const HOW_TO_ANSWER = '↩️ Trả lời (reply) tin này để nhắn cho người dân, hoặc gõ: /tl MÃ nội dung';

const closeButton = (id: string): Button[][] => {
  const close = button('✅ Đóng phiếu', ticketCloseAction, id);
  return close ? [[close]] : [];
};

export function newTicketNotice(t: Ticket, recent: TicketMessage[]): Reply {
  const lines = recent.slice(-RECENT_SHOWN).map((m) => `• ${cut(m.text, EARLIER_CHARS)}`);
  return {
    text: [ticketHeader(t), 'Người dân muốn gặp cán bộ.', ...(lines.length ? ['Tin nhắn gần đây:', ...lines] : []), HOW_TO_ANSWER].join('\n'),
    buttons: closeButton(t.id),
  };
}

export function userMessageNotice(t: Ticket, text: string): Reply {
  return { text: `${ticketHeader(t)}\n💬 ${cut(text, QUOTE_CHARS)}\n${HOW_TO_ANSWER}`, buttons: closeButton(t.id) };
}

export function colleagueAnsweredNotice(t: Ticket, text: string): Reply {
  return { text: `${ticketHeader(t)}\n👮 Cán bộ khác đã trả lời: ${cut(text, QUOTE_CHARS)}` };
}

export function closedNotice(t: Ticket, by: string): Reply {
  return { text: `${ticketHeader(t)}\n✅ Phiếu đã đóng (${by}).` };
}

export const endButton = [[fixedButton('🤖 Quay lại trò chuyện với bot', handoffEndAction)]];

export function ticketOpenedReply(expect: string | undefined, created: boolean): Reply {
  const lines = [
    created ? '🙋 Mình đã chuyển cuộc trò chuyện cho cán bộ.' : '🙋 Cán bộ đã nhận yêu cầu của bạn rồi.',
    'Cán bộ sẽ đọc các tin nhắn bạn gửi tiếp theo và trả lời ngay tại đây. Trong lúc đó mình tạm không trả lời tự động.',
  ];
  if (expect) lines.push(`⏰ Bây giờ ngoài giờ làm việc; bạn sẽ nhận được trả lời từ ${expect}.`);
  lines.push('Bạn có thể gõ "menu" để dùng các mục khác, hoặc "hủy" để quay lại trò chuyện với bot.');
  return { text: lines.join('\n'), buttons: endButton };
}

export const officerAnswerReply = (text: string, joined: boolean): Reply => ({
  text: `${joined ? '👮 Cán bộ đã tham gia cuộc trò chuyện.\n' : ''}👮 Cán bộ: ${text}`,
});

export const botBackReply = (why: 'officer' | 'user' | 'timeout'): Reply => ({
  text:
    why === 'officer'
      ? '✅ Cán bộ đã kết thúc cuộc trò chuyện. Nghề Bot tiếp tục hỗ trợ bạn, cần gì bạn cứ nhắn nhé.'
      : why === 'timeout'
        ? '🤖 Chưa có cán bộ trả lời nên Nghề Bot trả lời bạn tiếp nhé. Cán bộ trả lời sau thì tin sẽ hiện ở đây.'
        : '🤖 Nghề Bot tiếp tục hỗ trợ bạn. Khi cần gặp cán bộ, bạn gõ "gặp cán bộ".',
});

export const noOfficerReply = (contactText: string): Reply => ({
  text: `Hiện chưa có cán bộ nhận tin nhắn qua kênh này, mình xin lỗi. ☎️ ${contactText}`,
});

export const offerReply = (): Reply => ({
  text: 'Mình chưa giúp được bạn. Bạn có muốn nhắn trực tiếp cho cán bộ không?',
  buttons: [[askPersonButton()]],
});
