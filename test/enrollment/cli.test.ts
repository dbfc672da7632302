/**
 * The bar, through the real CLI: a scripted `nghebot chat` conversation enrols a user, and
 * `nghebot enrollments export` lists their phone exactly once, even after the same conversation
 * is replayed. Also the `enrollments` command's table, xlsx file and argument errors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.js';
import { testStoreAt, type TestStoreSite } from '../store/support/test-store.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'nghebot');

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function nghebot(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    proc.stdout.on('data', (b: Buffer) => out.push(b));
    proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    proc.on('error', fail);
    proc.on('close', (code) => done({ code, stdout: Buffer.concat(out), stderr }));
    proc.stdin.end(stdin);
  });
}

const PHONE = '0938123456';
// What a person types, one message per line; "1" presses the first button (Xác nhận).
const SCRIPT = ['đăng ký lớp gốm', 'nguyễn thị mai', '0938 123 456', 'Vĩnh Long', 'bỏ qua', '1'].join('\n') + '\n';

let dir: string;
let env: Record<string, string>;
let site: TestStoreSite;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-enrol-cli-'));
  // The embedded store in DATA_DIR, or a fresh MongoDB database when MONGODB_URI is set.
  site = testStoreAt(dir);
  env = { DATA_DIR: dir, ...site.env };
  const imported = await nghebot(['import', FIXTURES], env);
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(async () => {
  await site.drop();
  rmSync(dir, { recursive: true, force: true });
});

const count = (hay: string, needle: string) => hay.split(needle).length - 1;

describe('enrolment through the CLI', () => {
  it('a scripted chat enrols the user; the CSV export lists the phone once, also after a replay', { timeout: 90_000 }, async () => {
    const chat = await nghebot(['chat', '--user', 'U'], env, SCRIPT);
    expect(chat.code, chat.stderr).toBe(0);
    const transcript = chat.stdout.toString('utf8');
    expect(transcript.split('---\n').length - 1).toBe(6); // one reply block per line
    expect(transcript).toContain('Đăng ký thành công lớp "Lớp làm gốm thủ công"');

    let csv = await nghebot(['enrollments', 'export', '--format', 'csv'], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect([...csv.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM for Excel
    let text = csv.stdout.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFFMã đăng ký,Khóa học,Họ và tên,Số điện thoại,Tỉnh/thành,Xã/phường,Trạng thái,Thời gian đăng ký');
    expect(count(text, PHONE)).toBe(1);
    expect(text).toContain('Nguyễn Thị Mai');

    const replay = await nghebot(['chat', '--user', 'U'], env, SCRIPT);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout.toString('utf8')).toContain('đã đăng ký lớp này rồi');

    csv = await nghebot(['enrollments', 'export', '--format', 'csv'], env);
    text = csv.stdout.toString('utf8');
    expect(count(text, PHONE)).toBe(1);
    expect(text.trim().split('\r\n')).toHaveLength(2); // header + one row
  });

  it('lists counts per course and writes a real xlsx', { timeout: 60_000 }, async () => {
    const list = await nghebot(['enrollments', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    const table = list.stdout.toString('utf8');
    expect(table).toMatch(/course-gom\s+Lớp làm gốm thủ công\s+1\s+0\s+2/);
    expect(table).toMatch(/course-may\s+Lớp may công nghiệp\s+0\s+0\s+10/);

    const out = join(dir, 'ds.xlsx');
    const x = await nghebot(['enrollments', 'export', '--course', 'course-gom', '--format', 'xlsx', '--out', out], env);
    expect(x.code, x.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as never);
    const row = wb.worksheets[0]!.getRow(2);
    expect(row.getCell(3).value).toBe('Nguyễn Thị Mai');
    expect(row.getCell(4).value).toBe(PHONE);
    expect(row.getCell(7).value).toBe('Đã nhận');

    // Without --out and with stdout piped (not a terminal), the workbook goes to stdout.
    const piped = await nghebot(['enrollments', 'export', '--format', 'xlsx'], env);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip, i.e. a real .xlsx
  });

  it('answers bad arguments with a clear error and exit 1', { timeout: 60_000 }, async () => {
    for (const args of [
      ['enrollments'],
      ['enrollments', 'export', '--format', 'pdf'],
      ['enrollments', 'export'],
      ['enrollments', 'list', '--course', 'khong-co-lop-nay'],
      ['enrollments', 'list', '--bogus'],
    ]) {
      const r = await nghebot(args, env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^nghebot: /);
      expect(r.stderr).not.toContain('    at '); // no stack trace
    }
  });
});
