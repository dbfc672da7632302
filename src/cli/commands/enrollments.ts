/**
 * `nghebot enrollments list [--course ID]` shows the counts per course and who enrolled;
 * `nghebot enrollments export [--course ID] --format csv|xlsx [--out FILE]` writes the list for Excel.
 * The output holds names and phones: it is for officers, so it goes where they say (a file, or
 * stdout they redirect), never into a log.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AppConfig } from '../../config.js';
import { exportFileName, loadExport, toCsv, toXlsx, type ExportData, type ExportFilter } from '../../enrollment/export.js';
import { openStore } from '../../store/index.js';
import type { ContentStore, EnrollmentStore } from '../../store/ports.js';
import { argumentError, CliError } from '../errors.js';
import type { Command } from './index.js';

const USAGE = 'enrollments list [--course ID] | enrollments export [--course ID] --format csv|xlsx [--out FILE]';

function parse(args: string[]) {
  const [sub, ...rest] = args;
  if (sub !== 'list' && sub !== 'export') {
    throw new CliError(`cần "list" hoặc "export": nghebot ${USAGE}`);
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: {
        course: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        all: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new CliError(`tham số thừa: ${positionals.join(' ')}`);
    return { sub, ...values };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw argumentError(err, 'enrollments');
  }
}

/** Pads to a width counting characters, not UTF-16 units, so Vietnamese columns line up. */
function pad(s: string, width: number): string {
  const chars = [...s.normalize('NFC')];
  const cut = chars.length > width ? chars.slice(0, width - 1).join('') + '…' : s.normalize('NFC');
  return cut + ' '.repeat(Math.max(0, width - [...cut].length));
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.min(40, Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function listText(data: ExportData): string {
  const counts = table(
    ['Mã khóa học', 'Khóa học', 'Đã nhận', 'Chờ', 'Số chỗ'],
    data.courses.map((c) => [c.courseId, c.title, String(c.enrolled), String(c.waiting), c.capacity ? String(c.capacity) : '-']),
  );
  const people = table(
    ['Mã đăng ký', 'Khóa học', 'Họ và tên', 'Điện thoại', 'Tỉnh/thành', 'Trạng thái', 'Thời gian'],
    data.rows.map((r) => [r.id, r.course, r.fullName, r.phone, r.province, r.status, r.createdAt]),
  );
  return `Số lượng theo khóa học:\n${counts}\n\nNgười đăng ký (${data.rows.length}):\n${people}\n`;
}

async function checkCourse(store: ContentStore & EnrollmentStore, courseId: string): Promise<void> {
  if (!/^[a-z0-9-]{1,80}$/.test(courseId)) throw new CliError(`--course: mã khóa học không hợp lệ "${courseId.slice(0, 80)}"`);
  const item = await store.getItem(courseId);
  if (item && item.kind !== 'course') throw new CliError(`--course: "${courseId}" không phải khóa học`);
  // A course removed from the content may still have enrolments; only refuse when nothing is known.
  if (!item && (await store.listEnrollments({ courseId, includeCancelled: true })).length === 0) {
    throw new CliError(`--course: không có khóa học "${courseId}"`);
  }
}

export const enrollmentsCommand: Command = {
  summary: 'xem và xuất danh sách đăng ký học (csv, xlsx)',
  usage: 'enrollments list|export [--course ID] [--format csv|xlsx] [--out FILE]',
  async run(args: string[], config: AppConfig) {
    const opts = parse(args);
    if (opts.sub === 'list' && (opts.format !== undefined || opts.out !== undefined)) {
      throw new CliError('--format và --out chỉ dùng với "export"');
    }
    const format = opts.format;
    if (opts.sub === 'export' && format !== 'csv' && format !== 'xlsx') {
      throw new CliError('export cần --format csv hoặc --format xlsx');
    }
    // A workbook is binary: never dump it onto a terminal.
    if (format === 'xlsx' && !opts.out && process.stdout.isTTY) {
      throw new CliError(`xlsx cần --out FILE, ví dụ --out ${exportFileName('xlsx', new Date(), opts.course)}`);
    }
    const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI });
    try {
      if (opts.course !== undefined) await checkCourse(store, opts.course);
      const filter: ExportFilter = {};
      if (opts.course !== undefined) filter.courseId = opts.course;
      if (opts.all) filter.includeCancelled = true;
      if (opts.sub === 'list') filter.includeEmptyCourses = true;
      const data = await loadExport(store, filter);
      if (opts.sub === 'list') {
        process.stdout.write(listText(data));
        return 0;
      }
      const buf = format === 'csv' ? toCsv(data.rows) : await toXlsx(data);
      if (opts.out) {
        try {
          writeFileSync(opts.out, buf);
        } catch (err) {
          throw new CliError(`không ghi được ${opts.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        process.stderr.write(`Đã ghi ${data.rows.length} dòng vào ${opts.out}\n`);
      } else {
        await new Promise<void>((resolve, reject) => process.stdout.write(buf, (err) => (err ? reject(err) : resolve())));
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
