/**
 * The console's first page: questions per day (answered and not), subscribers per province and topic,
 * the officer's content by kind and enrolments per course. Everything is the officer's province
 * (and what concerns every province) unless they are an admin.
 */
import type { FastifyInstance } from 'fastify';
import { TOPIC_LABELS, TOPICS } from '../../broadcast/topics.js';
import { CONTENT_KINDS, KIND_LABELS } from '../../content/model.js';
import { loadExport } from '../../enrollment/export.js';
import { localDate } from '../../time/clock.js';
import { stackedBars, type StackedRow } from '../charts.js';
import { html, type Html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { area, canRead, provinceName, type Officer } from '../scope.js';

/** Items of a kind counted up to this; past it the dashboard says "N+" rather than reading them all. */
const ITEM_COUNT_CAP = 20_000;
/** Days shown in the questions chart, today included. */
const QUESTION_DAYS = 14;

function bars(title: string, rows: Array<{ label: string; value: number; note?: string }>, max = Math.max(1, ...rows.map((r) => r.value))): Html {
  if (!rows.length) return html`<section class="box"><h2>${title}</h2><p class="muted">Chưa có số liệu.</p></section>`;
  return html`<section class="box"><h2>${title}</h2><div class="bars">${rows.map(
    (r) => html`<div class="bar"><span>${r.label}</span><meter min="0" max="${max}" value="${r.value}" aria-label="${r.label}: ${r.value}">${r.value}</meter><b>${r.note ?? r.value}</b></div>`,
  )}</div></section>`;
}

/** yyyy-mm-dd `n` days before `day`. */
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

async function questionsChart(ctx: ConsoleContext, o: Officer): Promise<Html> {
  const today = localDate(ctx.now(), ctx.config.TIMEZONE);
  const days = Array.from({ length: QUESTION_DAYS }, (_, i) => daysBefore(today, QUESTION_DAYS - 1 - i));
  const mine = area(o);
  const counts = await ctx.store.questionCounts.questionCounts({ from: days[0]!, to: today, ...(mine ? { provinceCodes: mine } : {}) });
  const byDay = new Map(days.map((d) => [d, [0, 0]]));
  for (const c of counts) {
    const v = byDay.get(c.day);
    if (v) {
      v[0]! += c.answered;
      v[1]! += c.unanswered;
    }
  }
  const rows: StackedRow[] = days.map((d) => ({ label: `${d.slice(8, 10)}/${d.slice(5, 7)}`, values: byDay.get(d)! }));
  const asked = rows.reduce((n, r) => n + r.values[0]! + r.values[1]!, 0);
  return stackedBars(
    {
      title: `Câu hỏi mỗi ngày (${QUESTION_DAYS} ngày qua)`,
      series: [
        { name: 'Đã trả lời', className: 'c-0' },
        { name: 'Chưa trả lời được', className: 'c-1' },
      ],
      rows: asked ? rows : [],
      rowHeader: 'Ngày',
      ...(mine ? { note: `Câu hỏi nêu tên ${provinceName(o.provinceCode)}, hoặc được trả lời bằng nội dung của tỉnh.` } : {}),
      empty: mine ? `Chưa có câu hỏi nào về ${provinceName(o.provinceCode)} trong ${QUESTION_DAYS} ngày qua.` : `Chưa có câu hỏi nào trong ${QUESTION_DAYS} ngày qua.`,
    },
    'questions-per-day',
  );
}

async function subscribersChart(ctx: ConsoleContext, o: Officer): Promise<Html> {
  const counts = await ctx.store.countSubscribers(area(o));
  const byProvince = new Map<string, number[]>();
  for (const c of counts) {
    const v = byProvince.get(c.provinceCode) ?? TOPICS.map(() => 0);
    v[TOPICS.indexOf(c.topic)]! += c.subscribers;
    byProvince.set(c.provinceCode, v);
  }
  const rows: StackedRow[] = [...byProvince].map(([code, values]) => ({ label: code === '*' ? 'Mọi tỉnh' : provinceName(code), values }));
  return stackedBars(
    {
      title: 'Người nhận tin theo tỉnh và chủ đề',
      series: TOPICS.map((t, i) => ({ name: TOPIC_LABELS[t], className: `c-${i}` })),
      rows,
      rowHeader: 'Tỉnh/thành',
      ...(area(o) ? { note: '"Mọi tỉnh": người nhận tin của mọi tỉnh, cũng nhận tin của tỉnh bạn.' } : {}),
      empty: 'Chưa có ai đăng ký nhận tin.',
    },
    'subscribers',
  );
}

export function dashboardRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get('/', async (req, reply) => {
    const o = req.officer!.account;
    const byKind: Array<{ label: string; value: number; note?: string }> = [];
    for (const kind of CONTENT_KINDS) {
      const items = await ctx.store.listItems({ kind, limit: ITEM_COUNT_CAP });
      const n = items.filter((i) => canRead(o, i.provinceCode)).length;
      byKind.push({ label: KIND_LABELS[kind], value: n, ...(items.length >= ITEM_COUNT_CAP ? { note: `${n}+` } : {}) });
    }
    const data = await loadExport(ctx.store, area(o) ? { provinceCodes: area(o)! } : {});
    const courses = data.courses
      .filter((c) => canRead(o, c.provinceCode))
      .slice(0, 30)
      .map((c) => ({ label: c.title, value: c.enrolled, note: `${c.enrolled}${c.capacity ? `/${c.capacity}` : ''} · chờ ${c.waiting}` }));
    const body = html`<h1>Tổng quan · ${o.admin ? 'toàn quốc' : provinceName(o.provinceCode)}</h1>
${await questionsChart(ctx, o)}
<div class="two">${await subscribersChart(ctx, o)}${bars('Nội dung theo loại', byKind)}</div>
${bars('Đăng ký theo khóa học (đã nhận / số chỗ)', courses)}
<p class="row"><a class="btn" href="/admin/content/new">Thêm mục mới</a> <a class="btn light" href="/admin/try">Thử hỏi</a> <a class="btn light" href="/admin/enrollments">Đăng ký học</a></p>`;
    return ctx.render(req, reply, { title: 'Tổng quan', current: '/admin', body });
  });
}
