/**
 * Officers answer tickets from their chat: in Telegram by replying to the bot's notification (its
 * first line carries the ticket code), anywhere with a short command carrying the code:
 *   /tl K3F9M2 nội dung     answer (also "#K3F9M2 nội dung", handy on Zalo)
 *   /dong K3F9M2            close (also the "Đóng phiếu" button)
 *   /phieu                  the open tickets of the officer's provinces
 */
import type { IncomingMessage } from '../conversation/incoming.js';
import { ticketCloseAction, ticketIdFromHeader } from './replies.js';

export type OfficerCommand =
  | { kind: 'answer'; ticketId: string; text: string }
  | { kind: 'close'; ticketId: string }
  | { kind: 'list' };

/** Ticket codes are six letters and digits (newTicketCode): "#OCOP hội chợ" is not an answer. */
const ANSWER = /^(?:\/tl(?:@\w+)?\s+#?|#)([A-Za-z0-9]{6})\s+([\s\S]+)$/;
const CLOSE = /^\/dong(?:@\w+)?\s+#?([A-Za-z0-9]{6})\s*$/;
const LIST = /^\/phieu(?:@\w+)?\s*$/;

export function readOfficerCommand(msg: IncomingMessage): OfficerCommand | undefined {
  if (msg.kind === 'action' && msg.action) {
    const ticketId = ticketCloseAction.decode(msg.action);
    return ticketId ? { kind: 'close', ticketId } : undefined;
  }
  if (msg.kind !== 'text' || !msg.text) return undefined;
  const text = msg.text.trim();
  const replied = msg.replyTo ? ticketIdFromHeader(msg.replyTo.text) : undefined;
  if (replied) return /^\/dong(?:@\w+)?$/.test(text) ? { kind: 'close', ticketId: replied } : { kind: 'answer', ticketId: replied, text };
  const answer = ANSWER.exec(text);
  if (answer) return { kind: 'answer', ticketId: answer[1]!.toUpperCase(), text: answer[2]!.trim() };
  const close = CLOSE.exec(text);
  if (close) return { kind: 'close', ticketId: close[1]!.toUpperCase() };
  if (LIST.test(text)) return { kind: 'list' };
  return undefined;
}
