/**
 * Enrolments in the console: counts per course, the list with names and phones, follow-up marks,
 * "dropped" moving the waiting list as a cancellation in chat does (with the same notices), exports,
 * and an officer refused on another province's course and exports.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directRecipient } from '../../src/broadcast/audience.js';
import { NOTIFICATION_CREATOR } from '../../src/broadcast/notifier.js';
import type { EnrollmentInput } from '../../src/store/types.js';
import { AN_GIANG, consoleBrowser, openConsole, VINH_LONG } from './helpers.js';

type Opened = Awaited<ReturnType<typeof openConsole>>;

const person = (userId: string, courseId: string, phone: string, fullName: string): EnrollmentInput => ({
  channel: 'telegram',
  userId,
  courseId,
  fullName,
  phone,
  provinceCode: VINH_LONG,
  commune: 'Vũng Liêm',
});

describe('console enrolments', () => {
  let c: Opened;
  let lan: ReturnType<typeof consoleBrowser>;
  beforeEach(async () => {
    c = await openConsole();
    await c.addOfficer('lan', VINH_LONG);
    await c.addOfficer('binh', AN_GIANG);
    // The Vĩnh Long course has one seat: the second person waits.
    await c.store.enroll(person('u1', 'course-han-vinh-long', '0912000001', 'Nguyễn Văn An'), c.clock.now);
    await c.store.enroll(person('u2', 'course-han-vinh-long', '0912000002', 'Trần Thị Bình'), c.clock.now);
    await c.store.enroll({ ...person('u3', 'course-may-an-giang', '0912000003', 'Lê Văn Cường'), provinceCode: AN_GIANG }, c.clock.now);
    lan = consoleBrowser(c.app);
    await lan.login('lan');
  });
  afterEach(async () => c.close());

  it('shows counts per course and the course list with names and phones, only in the officer\'s province', async () => {
    const overview = await lan.get('/admin/enrollments');
    expect(overview.body).toMatch(/Lớp hàn điện cơ bản Vĩnh Long<\/a><\/td><td>Vĩnh Long<\/td>\s*<td>1<\/td><td>1<\/td><td>1<\/td>/);
    expect(overview.body).not.toContain('Lớp may công nghiệp An Giang');
    const list = await lan.get('/admin/enrollments/course/course-han-vinh-long');
    expect(list.body).toContain('Nguyễn Văn An');
    expect(list.body).toContain('Trần Thị Bình');
    expect(list.body).toContain('Danh sách chờ (thứ 1)');
    expect(list.body).not.toContain('Lê Văn Cường');
    // Another province's course, its list and its export are refused.
    expect((await lan.get('/admin/enrollments/course/course-may-an-giang')).statusCode).toBe(404);
    expect((await lan.get('/admin/enrollments/export?course=course-may-an-giang&format=csv')).statusCode).toBe(403);
    const all = await lan.get('/admin/enrollments/export?format=csv');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Nguyễn Văn An');
    expect(all.body).not.toContain('Lê Văn Cường');
  });

  it('marks contacted and attended, and "dropped" moves the first waiting person up with the chat\'s notices', async () => {
    const enrolments = await c.store.listEnrollments({ courseId: 'course-han-vinh-long' });
    const an = enrolments.find((e) => e.fullName === 'Nguyễn Văn An')!;
    await lan.get('/admin/enrollments/course/course-han-vinh-long');
    const marked = await lan.post('/admin/enrollments/mark', { id: an.id, course: an.courseId, mark: 'contacted' });
    expect(marked.statusCode).toBe(303);
    expect((await c.store.console.enrollmentMarks([an.id]))[0]).toMatchObject({ by: 'lan', contactedAt: c.clock.now.toISOString() });
    expect((await lan.get('/admin/enrollments/course/course-han-vinh-long')).body).toContain('liên hệ ');

    const dropped = await lan.post('/admin/enrollments/mark', { id: an.id, course: an.courseId, mark: 'dropped' });
    expect(dropped.statusCode).toBe(303);
    const after = await c.store.listEnrollments({ courseId: 'course-han-vinh-long', includeCancelled: true });
    expect(after.find((e) => e.id === an.id)?.status).toBe('cancelled');
    expect(after.find((e) => e.fullName === 'Trần Thị Bình')?.status).toBe('enrolled');
    // The moved-up person is told, in the same outbox a chat cancellation writes to.
    const notices = (await c.store.listAnnouncements()).filter((a) => a.createdBy === NOTIFICATION_CREATOR);
    expect(notices.some((a) => directRecipient(a)?.userId === 'u2' && a.text.includes('đã có chỗ cho bạn'))).toBe(true);
    expect((await c.store.console.listAudit()).map((e) => e.action)).toEqual(expect.arrayContaining(['enrollment.contacted', 'enrollment.dropped']));

    // Binh (An Giang) cannot mark a Vĩnh Long enrolment, even with its id.
    const binh = consoleBrowser(c.app, '10.1.1.1');
    await binh.login('binh');
    await binh.get('/admin/enrollments');
    const bob = after.find((e) => e.fullName === 'Trần Thị Bình')!;
    expect((await binh.post('/admin/enrollments/mark', { id: bob.id, course: bob.courseId, mark: 'dropped' })).statusCode).toBe(404);
    expect((await binh.post('/admin/enrollments/mark', { id: bob.id, course: 'course-may-an-giang', mark: 'dropped' })).statusCode).toBe(404);
    expect((await c.store.listEnrollments({ courseId: 'course-han-vinh-long' })).find((e) => e.id === bob.id)?.status).toBe('enrolled');
  });

  it('exports a course as a real workbook', async () => {
    const res = await lan.get('/admin/enrollments/export?course=course-han-vinh-long&format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="dang-ky_course-han-vinh-long_\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = wb.worksheets[0]!.getColumn(3).values.slice(2);
    expect(names).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
    expect((await c.store.console.listAudit())[0]).toMatchObject({ action: 'enrollment.export', actor: 'lan', detail: 'xlsx, 2 dòng' });
  });
});
