/**
 * The questions the bot could not answer, in the console: grouped and counted (most asked first), the
 * engine's likely items beside each group, and turning a group into an answer (attach it to an item:
 * the engine answers those phrasings from the next question on) or dismissing it. Province officers see
 * the questions that named their province; the rules are the unanswered service's, shared with the CLI.
 */
import type { FastifyRequest } from 'fastify';
import type { UnansweredService } from '../../unanswered/service.js';
import { csrfField, formatTime, html } from '../html.js';
import type { ConsoleSection } from '../plugin.js';
import { area, canRead, officerOf, provinceName, type Officer } from '../scope.js';

/** The groups the officer may act on: all for an admin, else those naming their province. */
async function groupsFor(service: Pick<UnansweredService, 'list'>, o: Officer) {
  const provinces = area(o);
  if (provinces === undefined) return service.list({});
  if (provinces.length === 0) return [];
  return service.list({ provinceCode: provinces[0]! });
}

export function unansweredSection(service: Pick<UnansweredService, 'list' | 'attach' | 'dismiss'>): ConsoleSection {
  return {
    nav: { path: '/admin/unanswered', label: 'Câu hỏi chưa trả lời' },
    routes(app, ctx) {
      app.get('/unanswered', async (req, reply) => {
        const groups = await groupsFor(service, officerOf(req));
        const csrf = reply.generateCsrf();
        const rows = groups.map(
          (g) => html`<tr><td>${g.count}</td><td>${g.examples.map((e) => html`<div>“${e}”</div>`)}<small>${g.provinceCodes.map(provinceName).join(', ')} · ${formatTime(g.lastAskedAt)}</small></td>
<td>${g.likely.map((l) => html`<div><code>${l.id}</code></div>`)}</td>
<td><form method="post" action="/admin/unanswered/${g.id}/attach" class="inline">${csrfField(csrf)}<label>Mục trả lời <input name="item" value="${g.likely[0]?.id ?? ''}" required></label><button>Gắn</button></form>
<form method="post" action="/admin/unanswered/${g.id}/dismiss" class="inline">${csrfField(csrf)}<button class="btn">Bỏ qua</button></form></td></tr>`,
        );
        return ctx.render(req, reply, {
          title: 'Câu hỏi chưa trả lời',
          current: '/admin/unanswered',
          body: html`<h1>Câu hỏi bot chưa trả lời được</h1><p>Số điện thoại, số CCCD và tên đã được che trước khi lưu.</p>
${groups.length === 0 ? html`<p>Chưa có câu hỏi nào.</p>` : html`<div class="scroll"><table><thead><tr><th scope="col">Số lần</th><th scope="col">Câu hỏi</th><th scope="col">Mục gần nhất</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table></div>`}`,
        });
      });

      // Acting on a group: only one the officer can see (an id from elsewhere does nothing).
      const visible = async (req: FastifyRequest, groupId: string) => (await groupsFor(service, officerOf(req))).some((g) => g.id === groupId);

      app.post<{ Params: { id: string }; Body: { item?: unknown } }>('/unanswered/:id/attach', async (req, reply) => {
        const itemId = typeof req.body?.item === 'string' ? req.body.item.trim() : '';
        if (!(await visible(req, req.params.id))) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có nhóm câu hỏi này trong phạm vi của bạn</h1>` });
        const item = itemId ? await ctx.store.getItem(itemId) : undefined;
        const o = officerOf(req);
        if (!item || !canRead(o, item.provinceCode)) {
          return ctx.render(req, reply, { title: 'Không gắn được', status: 400, body: html`<h1>Không có mục “${itemId}” trong phạm vi của bạn</h1><p><a href="/admin/unanswered">Quay lại</a></p>` });
        }
        const done = await service.attach(req.params.id, item.id);
        if (!done.ok) return ctx.render(req, reply, { title: 'Không gắn được', status: 409, body: html`<h1>Nhóm này đã được xử lý</h1><p><a href="/admin/unanswered">Quay lại</a></p>` });
        await ctx.store.console.appendAudit({ actor: o.username, action: 'unanswered.attach', target: req.params.id, detail: item.id, ...(o.provinceCode ? { provinceCode: o.provinceCode } : {}) }, ctx.now());
        return reply.redirect('/admin/unanswered', 303);
      });

      app.post<{ Params: { id: string } }>('/unanswered/:id/dismiss', async (req, reply) => {
        if (!(await visible(req, req.params.id))) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có nhóm câu hỏi này trong phạm vi của bạn</h1>` });
        await service.dismiss(req.params.id);
        const o = officerOf(req);
        await ctx.store.console.appendAudit({ actor: o.username, action: 'unanswered.dismiss', target: req.params.id, detail: '', ...(o.provinceCode ? { provinceCode: o.provinceCode } : {}) }, ctx.now());
        return reply.redirect('/admin/unanswered', 303);
      });
    },
  };
}
