/**
 * The console's first page: the officer's content by kind, subscribers by topic and enrolments per course, as bars drawn by
 * the browser's own <meter> (no chart library, no script).
 */
import type { FastifyInstance } from 'fastify';
import { countAudience } from '../../broadcast/audience.js';
import { TOPIC_LABELS, TOPICS } from '../../broadcast/topics.js';
import { CONTENT_KINDS, KIND_LABELS } from '../../content/model.js';
import { loadExport } from '../../enrollment/export.js';
import { html, type Html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { area, canRead, provinceName } from '../scope.js';

/** Items of a kind counted up to this; past it the dashboard says "N+" rather than reading them all. */
const ITEM_COUNT_CAP = 20_000;

function bars(title: string, rows: Array<{ label: string; value: number; note?: string }>, max = Math.max(1, ...rows.map((r) => r.value))): Html {
  if (!rows.length) return html`<section class="box"><h2>${title}</h2><p class="muted">Chưa có số liệu.</p></section>`;
  return html`<section class="box"><h2>${title}</h2><div class="bars">${rows.map(
    (r) => html`<div class="bar"><span>${r.label}</span><meter min="0" max="${max}" value="${r.value}" aria-label="${r.label}: ${r.value}">${r.value}</meter><b>${r.note ?? r.value}</b></div>`,
  )}</div></section>`;
}

export function dashboardRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get('/', async (req, reply) => {
    const o = req.officer!.account;
    const byKind: Array<{ label: string; value: number }> = [];
    for (const kind of CONTENT_KINDS) {
      const items = await ctx.store.listItems({ kind, limit: ITEM_COUNT_CAP });
      const n = items.filter((i) => canRead(o, i.provinceCode)).length;
      byKind.push({ label: KIND_LABELS[kind], value: n, ...(items.length >= ITEM_COUNT_CAP ? { note: `${n}+` } : {}) });
    }
    // Subscribers of each topic who hear from the officer's provinces (those of every province included).
    const mine = area(o);
    const byTopic: Array<{ label: string; value: number }> = [];
    for (const topic of TOPICS) byTopic.push({ label: TOPIC_LABELS[topic], value: mine && !mine.length ? 0 : await countAudience(ctx.store, { topics: [topic], provinceCodes: mine ?? [], channels: [] }) });
    const data = await loadExport(ctx.store, area(o) ? { provinceCodes: area(o)! } : {});
    const courses = data.courses
      .filter((c) => canRead(o, c.provinceCode))
      .slice(0, 30)
      .map((c) => ({ label: c.title, value: c.enrolled, note: `${c.enrolled}${c.capacity ? `/${c.capacity}` : ''} · chờ ${c.waiting}` }));
    const body = html`<h1>Tổng quan · ${o.admin ? 'toàn quốc' : provinceName(o.provinceCode)}</h1>
<div class="two">${bars('Nội dung theo loại', byKind)}${bars('Người nhận tin theo chủ đề', byTopic)}</div>
${bars('Đăng ký theo khóa học (đã nhận / số chỗ)', courses)}
<p class="row"><a class="btn" href="/admin/content/new">Thêm mục mới</a> <a class="btn light" href="/admin/try">Thử hỏi</a> <a class="btn light" href="/admin/enrollments">Đăng ký học</a></p>`;
    return ctx.render(req, reply, { title: 'Tổng quan', current: '/admin', body });
  });
}
