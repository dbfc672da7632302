/**
 * The command line as a newcomer meets it, through the real launcher: help for every command
 * (without starting anything), --version, a refused ADMIN_IDS, a busy port, and a one-shot `ask`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'nghebot');
const FIXTURES = join(ROOT, 'test', 'enrollment', 'fixtures');

function nghebot(args: string[], env: Record<string, string> = {}, stdin = '') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const proc = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    proc.on('error', fail);
    proc.on('close', (code) => done({ code, stdout, stderr }));
    proc.stdin.end(stdin);
  });
}

let dir: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-cli-help-'));
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => busy.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('nghebot command line', () => {
  it('serve --help prints usage and exits 0 without opening a port or reading the configuration', { timeout: 30_000 }, async () => {
    // The port is taken and the configuration is broken: a serve that started would fail on either.
    const r = await nghebot(['serve', '--help'], { PORT: String(busyPort), HOST: '127.0.0.1', ADMIN_IDS: 'web:x', DATA_DIR: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Cách dùng: nghebot serve/);
    expect(r.stdout).toContain('PORT');
    expect(r.stderr).toBe('');
  });

  it.each([
    ['import', /ĐƯỜNG_DẪN/],
    ['ask', /--json/],
    ['chat', /--user MÃ[\s\S]*thoát/],
    ['announce', /--topic[\s\S]*course \(dao-tao\)[\s\S]*--promotional/],
    ['enrollments', /--format csv\|xlsx/],
  ])('%s -h lists its options in Vietnamese', { timeout: 30_000 }, async (command, options) => {
    const r = await nghebot([command, '-h'], { DATA_DIR: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Cách dùng: nghebot ${command}`));
    expect(r.stdout).toMatch(options);
  });

  it.each([
    [['chat', '--foo'], 'tùy chọn không rõ "--foo"; xem: nghebot chat --help'],
    [['chat', '--user'], 'tùy chọn --user cần một giá trị hợp lệ; xem: nghebot chat --help'],
    [['announce', '--text', 'x', 'thừa'], 'tham số thừa "thừa"; xem: nghebot announce --help'],
  ])('a wrong option (%j) is explained in Vietnamese', { timeout: 30_000 }, async (args, message) => {
    const r = await nghebot(args, { DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`nghebot: ${message}\n`);
  });

  it('--version prints the version from package.json', { timeout: 30_000 }, async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await nghebot(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`nghebot ${version}\n`);
  });

  it.each(['web:x', 'cli:boss', 'telegram:1,web:boss'])('ADMIN_IDS=%s stops start-up with a message naming the variable', { timeout: 30_000 }, async (ids) => {
    const r = await nghebot(['serve'], { ADMIN_IDS: ids, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ADMIN_IDS/);
    expect(r.stderr).toContain('telegram:<id> hoặc zalo:<id>');
    expect(r.stderr).not.toContain('boss'); // values are never echoed
  });

  it('a busy port is one clear Vietnamese line, not a stack trace', { timeout: 60_000 }, async () => {
    const r = await nghebot(['serve'], { PORT: String(busyPort), HOST: '127.0.0.1', DATA_DIR: dir, CONTENT_DIR: FIXTURES });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cổng ${busyPort} đang có chương trình khác dùng`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a one-shot ask starts clean, whatever an earlier ask left open', { timeout: 90_000 }, async () => {
    const env = { DATA_DIR: dir };
    expect((await nghebot(['import', FIXTURES], env)).code).toBe(0);
    const first = await nghebot(['ask', 'đăng ký lớp gốm'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/họ và tên|họ tên/i); // the enrolment form opened
    const second = await nghebot(['ask', 'có lớp học may không'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Nghề: May');
    expect(second.stdout).not.toMatch(/đã dừng/i);
  });
});
