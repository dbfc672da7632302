/**
 * Hand-off to a person. Users: "gặp cán bộ", "nói chuyện với người thật", the "Gặp cán bộ" button
 * (contact reply, the offer after two fallbacks) open a ticket; "Quay lại trò chuyện với bot" ends
 * it. Officers: answers and closes from their chat (src/handoff/officer-commands.ts). While a ticket
 * is open the gate (src/handoff/gate.ts) passes the user's messages to the officers.
 */
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { analysisOf } from '../src/conversation/understanding.js';
import { readOfficerCommand, type OfficerCommand } from '../src/handoff/officer-commands.js';
import { asksForPerson } from '../src/handoff/phrases.js';
import { botBackReply, handoffAction, handoffEndAction, ticketCloseAction, ticketHeader } from '../src/handoff/replies.js';
import { HandoffService } from '../src/handoff/service.js';
import { menuReply } from '../src/replies/menu.js';
import type { Reply } from '../src/replies/model.js';
import { tokenize } from '../src/text/fold.js';
import { detectProvinces } from '../src/text/provinces.js';

const NOT_FOUND = 'Không tìm thấy phiếu này trong các tỉnh bạn phụ trách.';

/** The user's province: named in what they wrote lately, else that of their enrolment or subscription. */
async function userProvince(ctx: TurnContext): Promise<string | undefined> {
  const texts = [...(ctx.recent ?? []).map((m) => m.text), ctx.msg.text ?? ''].reverse();
  for (const text of texts) {
    const found = detectProvinces(tokenize(text))[0];
    if (found) return found.province.code;
  }
  const enrolled = (await ctx.store.listEnrollments({ user: ctx.user })).at(-1);
  if (enrolled) return enrolled.provinceCode;
  return (await ctx.store.listSubscriptions(ctx.user)).find((s) => s.provinceCode !== '*')?.provinceCode;
}

async function openTicket(ctx: TurnContext, handoff: HandoffService): Promise<Reply[]> {
  // Nothing reaches the terminal outside its session, so an officer's answer could never arrive there.
  if (ctx.user.channel === 'cli') return [menuReply('Từ dòng lệnh không nhắn được cho cán bộ. Bạn nhắn qua Zalo, Telegram hoặc trang chat web nhé.')];
  // The request itself ("gặp cán bộ") is not worth an officer's reading; what came before is.
  const { reply } = await handoff.open(ctx.user, await userProvince(ctx), [...(ctx.recent ?? [])], ctx.now);
  return [reply];
}

async function officerCommand(ctx: TurnContext, handoff: HandoffService, command: OfficerCommand): Promise<Reply[]> {
  if (command.kind === 'list') {
    const open = await handoff.listFor(ctx.user, 'open', 20);
    if (open.length === 0) return [{ text: 'Không có phiếu nào đang mở.' }];
    return [{ text: open.map((t) => `${ticketHeader(t)}\n   ${t.messages.at(-1)?.text.slice(0, 80) ?? ''}`).join('\n') }];
  }
  if (command.kind === 'close') {
    const closed = await handoff.closeBy(ctx.user, command.ticketId, ctx.now);
    if (!closed.ok) return [{ text: closed.reason === 'closed' ? `Phiếu #${command.ticketId} đã đóng rồi.` : NOT_FOUND }];
    return [{ text: `✅ Đã đóng phiếu #${closed.ticket.id}. Bot trả lời người dân tiếp.` }];
  }
  const answered = await handoff.answer(ctx.user, command.ticketId, command.text, ctx.now);
  if (!answered.ok) return [{ text: NOT_FOUND }];
  return [{ text: `✅ Đã gửi cho người dân (phiếu #${answered.ticket.id}).` }];
}

export const handoffHandler: Handler = {
  name: 'handoff',
  actions: [handoffAction.name, handoffEndAction.name, ticketCloseAction.name],
  async handle(ctx) {
    const { msg } = ctx;
    const handoff = new HandoffService(ctx);
    // The command is read first: it is pure, while asking whether the sender is an officer reads the store.
    const command = readOfficerCommand(msg);
    if (command && (await ctx.checkOfficer())) return officerCommand(ctx, handoff, command);
    if (msg.kind === 'action') {
      if (handoffAction.decode(msg.action)) return openTicket(ctx, handoff);
      if (handoffEndAction.decode(msg.action)) {
        const ticket = await ctx.store.tickets.openTicketOf(ctx.user);
        if (ticket) await handoff.close(ticket, 'user', ctx.now);
        return [menuReply(botBackReply('user').text)];
      }
      return undefined;
    }
    if (msg.kind === 'text' && msg.text && asksForPerson(analysisOf(ctx, msg.text).folded)) return openTicket(ctx, handoff);
    return undefined;
  },
};
