/**
 * The hand-off inbox in the console: the tickets of the officer's province (an admin sees all), a
 * ticket's conversation, answering it (the answer reaches the user on their own channel) and closing
 * it. The rules are the hand-off service's, shared with the officers' chat commands.
 */
import type { HandoffService } from '../../handoff/service.js';
import type { OfficerScope } from '../../handoff/officers.js';
import type { Ticket } from '../../handoff/ports.js';
import { csrfField, field, formatTime, html } from '../html.js';
import type { ConsoleSection } from '../plugin.js';
import { area, officerOf, provinceName, type Officer } from '../scope.js';

/** The console officer as the hand-off service knows an officer. */
function actor(o: Officer): { id: string; scope: OfficerScope } {
  const provinces = area(o);
  return { id: `console:${o.username}`, scope: provinces === undefined ? { all: true } : { all: false, provinceCodes: provinces } };
}

const STATUS = { open: 'đang mở', closed: 'đã đóng' } as const;
const WHO = { user: 'Người dân', officer: 'Cán bộ', bot: 'Bot' } as const;

function ticketRow(t: Ticket) {
  const last = t.messages.at(-1);
  return html`<tr><td><a href="/admin/inbox/${t.id}">#${t.id}</a></td><td>${provinceName(t.provinceCode)}</td><td>${STATUS[t.status]}</td>
<td>${formatTime(t.lastActivityAt)}</td><td>${last ? last.text.slice(0, 80) : ''}</td></tr>`;
}

export function inboxSection(handoff: Pick<HandoffService, 'listFor' | 'getFor' | 'answer' | 'closeBy'>): ConsoleSection {
  return {
    nav: { path: '/admin/inbox', label: 'Hộp thư' },
    routes(app, ctx) {
      app.get<{ Querystring: { status?: string } }>('/inbox', async (req, reply) => {
        const status = req.query.status === 'closed' ? 'closed' : 'open';
        const tickets = await handoff.listFor(actor(officerOf(req)), status);
        const rows = tickets.map(ticketRow);
        return ctx.render(req, reply, {
          title: 'Hộp thư',
          current: '/admin/inbox',
          body: html`<h1>Hộp thư: người dân cần gặp cán bộ</h1>
<p><a href="/admin/inbox">Đang mở</a> · <a href="/admin/inbox?status=closed">Đã đóng</a></p>
${tickets.length === 0 ? html`<p>Không có phiếu nào ${STATUS[status]}.</p>` : html`<div class="scroll"><table><thead><tr><th scope="col">Phiếu</th><th scope="col">Tỉnh/thành</th><th scope="col">Trạng thái</th><th scope="col">Lần cuối</th><th scope="col">Tin cuối</th></tr></thead><tbody>${rows}</tbody></table></div>`}`,
        });
      });

      app.get<{ Params: { id: string } }>('/inbox/:id', async (req, reply) => {
        const found = await handoff.getFor(actor(officerOf(req)), req.params.id);
        if (!found.ok) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có phiếu này trong phạm vi của bạn</h1>` });
        const t = found.ticket;
        const csrf = reply.generateCsrf();
        const messages = t.messages.map((m) => html`<li><strong>${WHO[m.from]}</strong> <small>${formatTime(m.at)}</small><br>${m.text}</li>`);
        const actions =
          t.status === 'open'
            ? html`<form method="post" action="/admin/inbox/${t.id}/answer" class="box">${csrfField(csrf)}${field({ name: 'text', label: 'Trả lời người dân', rows: 3, required: true })}<button>Gửi</button></form>
<form method="post" action="/admin/inbox/${t.id}/close" class="inline">${csrfField(csrf)}<button class="btn">Đóng phiếu</button></form>`
            : html`<p>Phiếu đã đóng ${formatTime(t.closedAt)}.</p>`;
        return ctx.render(req, reply, {
          title: `Phiếu #${t.id}`,
          current: '/admin/inbox',
          body: html`<h1>Phiếu #${t.id}</h1><p>${provinceName(t.provinceCode)} · ${STATUS[t.status]} · mở ${formatTime(t.openedAt)}</p><ol class="thread">${messages}</ol>${actions}`,
        });
      });

      app.post<{ Params: { id: string }; Body: { text?: unknown } }>('/inbox/:id/answer', async (req, reply) => {
        const text = typeof req.body?.text === 'string' ? req.body.text.trim() : '';
        if (!text) return reply.redirect(`/admin/inbox/${encodeURIComponent(req.params.id)}`, 303);
        const done = await handoff.answer(actor(officerOf(req)), req.params.id, text, ctx.now());
        if (!done.ok) return ctx.render(req, reply, { title: 'Không gửi được', status: done.reason === 'closed' ? 409 : 404, body: html`<h1>Không gửi được: phiếu đã đóng hoặc không thuộc phạm vi của bạn</h1>` });
        return reply.redirect(`/admin/inbox/${encodeURIComponent(done.ticket.id)}`, 303);
      });

      app.post<{ Params: { id: string } }>('/inbox/:id/close', async (req, reply) => {
        const done = await handoff.closeBy(actor(officerOf(req)), req.params.id, ctx.now());
        if (!done.ok && done.reason !== 'closed') return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có phiếu này trong phạm vi của bạn</h1>` });
        return reply.redirect('/admin/inbox', 303);
      });
    },
  };
}
