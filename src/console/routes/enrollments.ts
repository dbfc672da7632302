/**
 * Enrolments: per course the enrolled, waiting and capacity counts; each course's list with names and
 * phones (shown here and nowhere public); marks for the follow-up (contacted, attended) and "dropped",
 * which is the store's cancellation with the same notices as a cancel in chat (the first waiting
 * person moves up and is told); exports through the same module as the CLI and the chat's "/xuat".
 */
import type { FastifyInstance } from 'fastify';
import { cancelAndNotify } from '../../enrollment/cancel.js';
import { exportFileName, loadExport, STATUS_LABELS, toCsv, toXlsx, XLSX_MIME } from '../../enrollment/export.js';
import { formatPhone } from '../../enrollment/phone.js';
import type { EnrollmentMarks } from '../../store/console-types.js';
import type { Enrollment } from '../../store/types.js';
import { csrfField, formatTime, html, type Html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { area, canRead, officerOf, provinceName, type Officer } from '../scope.js';

const MARKS = { contacted: 'Đã liên hệ', attended: 'Đã đi học', dropped: 'Bỏ học (hủy, chuyển người chờ lên)' } as const;
type MarkName = keyof typeof MARKS;

/** The course if the officer may see its enrolments: their province's, or a national one (as in chat). */
async function readableCourse(ctx: ConsoleContext, o: Officer, courseId: string) {
  if (!/^[a-z0-9-]{1,80}$/.test(courseId)) return undefined;
  const item = await ctx.store.getItem(courseId);
  if (!item || item.kind !== 'course' || !canRead(o, item.provinceCode)) return undefined;
  return item;
}

function coursesPage(data: Awaited<ReturnType<typeof loadExport>>): Html {
  const rows = data.courses.map(
    (c) => html`<tr><td><a href="/admin/enrollments/course/${c.courseId}">${c.title}</a></td><td>${provinceName(c.provinceCode)}</td>
<td>${c.enrolled}</td><td>${c.waiting}</td><td>${c.capacity ?? '—'}</td></tr>`,
  );
  return html`<h1>Đăng ký học</h1>
<p class="row"><a class="btn light" href="/admin/enrollments/export?format=xlsx">Xuất tất cả (Excel)</a> <a class="btn light" href="/admin/enrollments/export?format=csv">Xuất tất cả (CSV)</a></p>
<div class="scroll"><table><thead><tr><th scope="col">Khóa học</th><th scope="col">Tỉnh/thành</th><th scope="col">Đã nhận</th><th scope="col">Chờ</th><th scope="col">Số chỗ</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function markCell(e: Enrollment, marks: EnrollmentMarks | undefined, csrf: string): Html {
  const done = [marks?.contactedAt ? `liên hệ ${formatTime(marks.contactedAt)}` : '', marks?.attendedAt ? `đi học ${formatTime(marks.attendedAt)}` : ''].filter(Boolean).join(' · ');
  if (e.status === 'cancelled') return html`<span class="muted">${done}</span>`;
  const button = (mark: MarkName, cls: string) =>
    html`<form method="post" action="/admin/enrollments/mark" class="inline">${csrfField(csrf)}<input type="hidden" name="id" value="${e.id}"><input type="hidden" name="course" value="${e.courseId}"><input type="hidden" name="mark" value="${mark}"><button class="${cls}">${MARKS[mark]}</button></form>`;
  return html`<div class="row">${button('contacted', 'btn light')}${button('attended', 'btn light')}${button('dropped', 'btn danger')}</div>${done ? html`<small class="muted">${done}</small>` : ''}`;
}

export function enrollmentRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get('/enrollments', async (req, reply) => {
    const o = officerOf(req);
    const data = await loadExport(ctx.store, { includeEmptyCourses: true, ...(area(o) ? { provinceCodes: area(o)! } : {}) });
    // An officer of no province (not an admin) sees only national courses, never every province.
    if (!o.admin) data.courses = data.courses.filter((c) => canRead(o, c.provinceCode));
    return ctx.render(req, reply, { title: 'Đăng ký học', current: '/admin/enrollments', body: coursesPage(data) });
  });

  app.get<{ Params: { courseId: string }; Querystring: { done?: string } }>('/enrollments/course/:courseId', async (req, reply) => {
    const o = officerOf(req);
    const course = await readableCourse(ctx, o, req.params.courseId);
    if (!course) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có khóa học này trong phạm vi của bạn</h1>` });
    const list = await ctx.store.listEnrollments({ courseId: course.id, includeCancelled: true });
    const marks = new Map((await ctx.store.console.enrollmentMarks(list.map((e) => e.id))).map((m) => [m.enrollmentId, m]));
    const [counts] = await ctx.store.courseCounts(course.id);
    const csrf = reply.generateCsrf();
    const rows = list.map(
      (e) => html`<tr><td>${e.fullName}<br><small class="muted">${e.id}</small></td><td><a href="tel:${e.phone}">${formatPhone(e.phone)}</a></td>
<td>${[e.commune, provinceName(e.provinceCode)].filter(Boolean).join(', ')}</td><td>${STATUS_LABELS[e.status]}${e.status === 'waiting' && e.waitingPosition ? ` (thứ ${e.waitingPosition})` : ''}</td>
<td>${formatTime(e.createdAt)}</td><td>${markCell(e, marks.get(e.id), csrf)}</td></tr>`,
    );
    const body = html`<h1>${course.title}</h1>
<p>Đã nhận <b>${counts?.enrolled ?? 0}</b>${course.capacity ? html` / ${course.capacity} chỗ` : ''} · Chờ <b>${counts?.waiting ?? 0}</b> · ${provinceName(course.provinceCode)}</p>
<p class="row"><a class="btn light" href="/admin/enrollments/export?course=${course.id}&amp;format=xlsx">Xuất Excel</a> <a class="btn light" href="/admin/enrollments/export?course=${course.id}&amp;format=csv">Xuất CSV</a></p>
<div class="scroll"><table><thead><tr><th scope="col">Họ và tên</th><th scope="col">Điện thoại</th><th scope="col">Nơi ở</th><th scope="col">Trạng thái</th><th scope="col">Đăng ký lúc</th><th scope="col">Theo dõi</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
    return ctx.render(req, reply, { title: course.title, current: '/admin/enrollments', body, ...(req.query.done ? { notice: 'Đã ghi.' } : {}) });
  });

  app.post<{ Body: { id?: unknown; course?: unknown; mark?: unknown } }>('/enrollments/mark', async (req, reply) => {
    const o = officerOf(req);
    const { id, course: courseId, mark } = req.body ?? {};
    if (typeof id !== 'string' || typeof courseId !== 'string' || typeof mark !== 'string' || !(mark in MARKS)) {
      return ctx.render(req, reply, { title: 'Không hợp lệ', status: 400, body: html`<h1>Yêu cầu không hợp lệ</h1>` });
    }
    const course = await readableCourse(ctx, o, courseId);
    // Only a course in the officer's reach, and only an enrolment of that course: ids from elsewhere do nothing.
    const e = course && (await ctx.store.listEnrollments({ courseId: course.id, includeCancelled: true })).find((x) => x.id === id);
    if (!course || !e) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có đăng ký này trong phạm vi của bạn</h1>` });
    const now = ctx.now();
    const audit = { actor: o.username, action: `enrollment.${mark}`, target: e.id, detail: course.title, ...(course.provinceCode ? { provinceCode: course.provinceCode } : {}) };
    if (mark === 'dropped') {
      if (e.status !== 'cancelled') {
        await cancelAndNotify({ store: ctx.store, config: ctx.config, now }, e);
        await ctx.store.console.appendAudit(audit, now);
      }
    } else {
      await ctx.store.console.markEnrollment(e.id, mark as 'contacted' | 'attended', o.username, now, audit);
    }
    return reply.redirect(`/admin/enrollments/course/${course.id}?done=1`, 303);
  });

  app.get<{ Querystring: { course?: string; format?: string } }>('/enrollments/export', async (req, reply) => {
    const o = officerOf(req);
    const format = req.query.format === 'xlsx' ? 'xlsx' : 'csv';
    const courseId = req.query.course;
    if (courseId !== undefined && !(await readableCourse(ctx, o, courseId))) {
      return ctx.render(req, reply, { title: 'Không được phép', status: 403, body: html`<h1>Khóa học này không thuộc phạm vi của bạn</h1>` });
    }
    const data = await loadExport(ctx.store, { ...(courseId ? { courseId } : {}), ...(area(o) ? { provinceCodes: area(o)! } : {}) });
    if (!o.admin) data.rows = data.rows.filter((r) => data.courses.some((c) => c.courseId === r.courseId && canRead(o, c.provinceCode)));
    const now = ctx.now();
    await ctx.store.console.appendAudit({ actor: o.username, action: 'enrollment.export', target: courseId ?? 'tất cả', detail: `${format}, ${data.rows.length} dòng`, ...(o.provinceCode ? { provinceCode: o.provinceCode } : {}) }, now);
    const buf = format === 'csv' ? toCsv(data.rows) : await toXlsx(data);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MIME)
      .header('content-disposition', `attachment; filename="${exportFileName(format, now, ctx.config.TIMEZONE, courseId)}"`)
      .send(buf);
  });
}
