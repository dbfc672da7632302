/**
 * The enrolment list as officers open it: a CSV (UTF-8 with BOM, so Excel shows the accents) or a
 * real .xlsx workbook. One module builds the rows for both the CLI (`nghebot enrollments export`)
 * and the officer's "/xuat" in chat, so the two never disagree.
 */
import { localDate } from '../time/clock.js';
import type { StoredItem } from '../content/model.js';
import type { CourseCounts, Enrollment, EnrollmentStatus } from '../store/types.js';
import type { ContentStore, EnrollmentStore } from '../store/ports.js';
import { provinceByCode } from '../text/provinces.js';

export const EXPORT_HEADERS = [
  'Mã đăng ký',
  'Khóa học',
  'Họ và tên',
  'Số điện thoại',
  'Tỉnh/thành',
  'Xã/phường',
  'Trạng thái',
  'Thời gian đăng ký',
] as const;

export const STATUS_LABELS: Record<EnrollmentStatus, string> = {
  enrolled: 'Đã nhận',
  waiting: 'Danh sách chờ',
  cancelled: 'Đã hủy',
};

export interface ExportRow {
  id: string;
  courseId: string;
  course: string;
  fullName: string;
  phone: string;
  province: string;
  commune: string;
  status: string;
  createdAt: string;
}

export interface ExportFilter {
  courseId?: string;
  /** Only courses in these provinces (an officer's area); undefined or empty = all. */
  provinceCodes?: string[];
  includeCancelled?: boolean;
  /** Also list courses nobody enrolled in yet (for the CLI table: "0/20" is worth seeing). */
  includeEmptyCourses?: boolean;
}

export interface ExportData {
  rows: ExportRow[];
  /** Per course: title and counts, for the summary sheet and the CLI table. */
  courses: Array<CourseCounts & { title: string; provinceCode?: string }>;
}

const STATUS_ORDER: Record<EnrollmentStatus, number> = { enrolled: 0, waiting: 1, cancelled: 2 };

/** Reads the enrolments (and the courses they belong to) matching the filter. */
export async function loadExport(store: ContentStore & EnrollmentStore, filter: ExportFilter = {}): Promise<ExportData> {
  const listFilter: { courseId?: string; includeCancelled?: boolean } = {};
  if (filter.courseId !== undefined) listFilter.courseId = filter.courseId;
  if (filter.includeCancelled) listFilter.includeCancelled = true;
  const enrollments = await store.listEnrollments(listFilter);
  const counts = await store.courseCounts(filter.courseId);
  if (filter.includeEmptyCourses && filter.courseId === undefined) {
    const known = new Set(counts.map((c) => c.courseId));
    for (const item of await store.listItems({ kind: 'course', limit: 5000 })) {
      if (known.has(item.id)) continue;
      counts.push(item.capacity ? { courseId: item.id, enrolled: 0, waiting: 0, capacity: item.capacity } : { courseId: item.id, enrolled: 0, waiting: 0 });
    }
  }
  const ids = [...new Set([...counts.map((c) => c.courseId), ...enrollments.map((e) => e.courseId)])];
  const items = new Map<string, StoredItem>((await store.getItems(ids)).map((i) => [i.id, i]));
  const area = filter.provinceCodes?.length ? new Set(filter.provinceCodes) : undefined;
  // A course without a province is national: every officer may see it. A course whose item is gone
  // says nothing about its place: its enrolments go by the enrollee's province, its counts to admins.
  const inArea = (courseId: string, enrolleeProvince?: string) => {
    if (!area) return true;
    const item = items.get(courseId);
    if (!item) return enrolleeProvince !== undefined && area.has(enrolleeProvince);
    return !item.provinceCode || area.has(item.provinceCode);
  };
  const title = (courseId: string) => items.get(courseId)?.title ?? courseId;

  const rows = enrollments
    .filter((e) => inArea(e.courseId, e.provinceCode))
    .sort(
      (a, b) =>
        title(a.courseId).localeCompare(title(b.courseId), 'vi') ||
        a.courseId.localeCompare(b.courseId) ||
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        a.createdAt.localeCompare(b.createdAt),
    )
    .map((e) => toRow(e, title(e.courseId)));
  const courses = counts
    .filter((c) => inArea(c.courseId))
    .map((c) => {
      const out: ExportData['courses'][number] = { ...c, title: title(c.courseId) };
      const code = items.get(c.courseId)?.provinceCode;
      if (code) out.provinceCode = code;
      return out;
    })
    .sort((a, b) => a.title.localeCompare(b.title, 'vi') || a.courseId.localeCompare(b.courseId));
  return { rows, courses };
}

function toRow(e: Enrollment, course: string): ExportRow {
  return {
    id: e.id,
    courseId: e.courseId,
    course,
    fullName: e.fullName,
    phone: e.phone,
    province: provinceByCode(e.provinceCode)?.name ?? e.provinceCode,
    commune: e.commune ?? '',
    status: STATUS_LABELS[e.status],
    createdAt: formatDateTime(e.createdAt),
  };
}

const rowValues = (r: ExportRow): string[] => [r.id, r.course, r.fullName, r.phone, r.province, r.commune, r.status, r.createdAt];

/** dd/mm/yyyy HH:mm in Vietnam's time zone, as officers write it. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

function csvCell(value: string): string {
  // A cell starting with = + - @ would run as a formula when the file is opened in Excel.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV with a UTF-8 byte-order mark and CRLF line ends: what Excel on Windows expects. */
export function toCsv(rows: ExportRow[]): Buffer {
  const lines = [EXPORT_HEADERS.map(csvCell).join(','), ...rows.map((r) => rowValues(r).map(csvCell).join(','))];
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

/** An .xlsx workbook: the list (phones as text, so the leading 0 stays) and a per-course summary. */
export async function toXlsx(data: ExportData): Promise<Buffer> {
  // Loaded on first export: exceljs is a quarter of a second of start-up for every bot and CLI run.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nghebot';
  const sheet = wb.addWorksheet('Danh sách đăng ký', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_HEADERS.map((header, i) => ({
    header,
    width: [14, 36, 26, 15, 18, 22, 15, 18][i],
    style: i === 3 ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of data.rows) sheet.addRow(rowValues(r));
  if (data.rows.length > 0) sheet.autoFilter = { from: 'A1', to: `H${data.rows.length + 1}` };

  const summary = wb.addWorksheet('Tổng hợp');
  summary.columns = [
    { header: 'Mã khóa học', width: 28 },
    { header: 'Khóa học', width: 36 },
    { header: 'Đã nhận', width: 10 },
    { header: 'Danh sách chờ', width: 14 },
    { header: 'Số chỗ', width: 10 },
  ];
  summary.getRow(1).font = { bold: true };
  for (const c of data.courses) summary.addRow([c.courseId, c.title, c.enrolled, c.waiting, c.capacity ?? '']);

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** e.g. dang-ky_course-han-dien_2027-01-05.xlsx, the day being `now`'s in `timeZone` (TIMEZONE). */
export function exportFileName(ext: 'csv' | 'xlsx', now: Date, timeZone: string, courseId?: string): string {
  const day = localDate(now, timeZone);
  return `dang-ky_${courseId ?? 'tat-ca'}_${day}.${ext}`;
}
