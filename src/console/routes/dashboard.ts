/**
 * The console's first page: the officer's content by kind and enrolments per course, as bars drawn by
 * the browser's own <meter> (no chart library, no script).
 */
import type { FastifyInstance } from 'fastify';
import { CONTENT_KINDS, KIND_LABELS } from '../../content/model.js';
import { loadExport } from '../../enrollment/export.js';
import { html, type Html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { area, canRead, provinceName } from '../scope.js';

function bars(title: string, rows: Array<{ label: string; value: number; note?: string }>, max = Math.max(1, ...rows.map((r) => r.value))): Html {
  if (!rows.length) return html`<section class="box"><h2>${title}</h2><p class="muted">Chưa có số liệu.</p></section>`;
  return html`<section class="box"><h2>${title}</h2><div class="bars">${rows.map(
    (r) => html`<div class="bar"><span>${r.label}</span><meter min="0" max="${max}" value="${r.value}" aria-label="${r.label}: ${r.value}">${r.value}</meter><b>${r.note ?? r.value}</b></div>`,
  )}</div></section>`;
}

export function dashboardRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get('/', async (req, reply) => {
    const o = req.officer!.account;
    const items = (await ctx.store.listItems({ limit: 100_000 })).filter((i) => canRead(o, i.provinceCode));
    const byKind = CONTENT_KINDS.map((k) => ({ label: KIND_LABELS[k], value: items.filter((i) => i.kind === k).length }));
    const data = await loadExport(ctx.store, area(o) ? { provinceCodes: area(o)! } : {});
    const courses = data.courses
      .filter((c) => canRead(o, c.provinceCode))
      .slice(0, 30)
      .map((c) => ({ label: c.title, value: c.enrolled, note: `${c.enrolled}${c.capacity ? `/${c.capacity}` : ''} · chờ ${c.waiting}` }));
    const body = html`<h1>Tổng quan · ${o.admin ? 'toàn quốc' : provinceName(o.provinceCode)}</h1>
<div class="two">${bars('Nội dung theo loại', byKind)}${bars('Đăng ký theo khóa học', courses)}</div>
<p class="row"><a class="btn" href="/admin/content/new">Thêm mục mới</a> <a class="btn light" href="/admin/try">Thử hỏi</a> <a class="btn light" href="/admin/enrollments">Đăng ký học</a></p>`;
    return ctx.render(req, reply, { title: 'Tổng quan', current: '/admin', body });
  });
}
