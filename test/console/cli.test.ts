/**
 * `nghebot officers` through the real CLI: the password comes from standard input (never an
 * argument), the account then signs in to the console, and list / passwd / link / remove work.
 * `nghebot content remove`: the deletion reaches an engine running in another process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogin } from '../../src/console/auth.js';
import { provinceCodeOf } from '../../src/content/import.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { testStoreAt, type TestStoreSite } from '../store/support/test-store.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'nghebot');

function nghebot(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
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

describe('nghebot officers', () => {
  let dir: string;
  let env: Record<string, string>;
  let site: TestStoreSite;
  // The embedded store, or a MongoDB database when MONGODB_URI is set (CI's MongoDB half).
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghebot-officers-cli-'));
    site = testStoreAt(dir);
    env = { DATA_DIR: dir, ...site.env };
  });
  afterAll(async () => {
    await site.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async (username: string, password: string) => {
    const store = await site.open();
    try {
      return (await checkLogin(store, username, password, '127.0.0.1', new Date())).ok;
    } finally {
      await store.close();
    }
  };

  it('adds an officer with the password from standard input, who can then sign in', async () => {
    const add = await nghebot(['officers', 'add', 'Lan', '--province', 'Bến Tre', '--link', 'telegram:4242'], env, 'mat-khau-cua-lan\n');
    expect(add.stderr).toContain('Đã tạo tài khoản "lan"');
    expect(add.code).toBe(0);
    const list = await nghebot(['officers', 'list'], env);
    expect(list.stdout).toContain('lan\tcán bộ\tVĩnh Long\ttelegram:4242');
    expect(await signIn('lan', 'mat-khau-cua-lan')).toBe(true);
    expect(await signIn('lan', 'sai')).toBe(false);
    // The linked Telegram user is a chat officer for the same province.
    const store = await site.open();
    expect(await store.listOfficers()).toEqual([{ channel: 'telegram', userId: '4242', provinceCodes: ['86'], name: 'lan' }]);
    await store.close();
  }, 60_000);

  it('refuses what it must: no password, a short one, a taken name, an unknown province, a web link, a password as an argument', async () => {
    expect((await nghebot(['officers', 'add', 'minh', '--province', 'Vĩnh Long'], env, '')).stderr).toContain('cần mật khẩu ở đầu vào chuẩn');
    expect((await nghebot(['officers', 'add', 'minh', '--province', 'Vĩnh Long'], env, 'ngan\n')).stderr).toContain('mật khẩu cần ít nhất 10 ký tự');
    expect((await nghebot(['officers', 'add', 'lan', '--province', 'Vĩnh Long'], env, 'mat-khau-khac-nua\n')).stderr).toContain('tên đăng nhập "lan" đã có');
    expect((await nghebot(['officers', 'add', 'minh', '--province', 'Atlantis'], env, 'mat-khau-cua-minh\n')).stderr).toContain('không nhận ra tỉnh/thành "Atlantis"');
    expect((await nghebot(['officers', 'add', 'minh', '--province', 'Vĩnh Long', '--link', 'web:w1'], env, 'mat-khau-cua-minh\n')).stderr).toContain('liên kết dạng telegram:<id> hoặc zalo:<id>');
    expect((await nghebot(['officers', 'add', 'minh'], env, 'mat-khau-cua-minh\n')).stderr).toContain('cần --province');
    const asArg = await nghebot(['officers', 'add', 'minh', '--province', 'Vĩnh Long', '--password', 'mat-khau-cua-minh'], env, '');
    expect(asArg.code).toBe(1);
    expect(asArg.stderr).toContain('tùy chọn không rõ "--password"');
    expect((await nghebot(['officers', 'list'], env)).stdout).not.toContain('minh');
  }, 180_000);

  it('changes a password, unlinks, and removes', async () => {
    expect((await nghebot(['officers', 'passwd', 'lan'], env, 'mat-khau-moi-cua-lan\n')).code).toBe(0);
    expect(await signIn('lan', 'mat-khau-moi-cua-lan')).toBe(true);
    expect((await nghebot(['officers', 'link', 'lan', '--none'], env)).code).toBe(0);
    expect((await nghebot(['officers', 'list'], env)).stdout).toContain('lan\tcán bộ\tVĩnh Long\t-');
    expect((await nghebot(['officers', 'remove', 'lan'], env)).code).toBe(0);
    expect((await nghebot(['officers', 'remove', 'lan'], env)).stderr).toContain('không có tài khoản "lan"');
    expect(await signIn('lan', 'mat-khau-moi-cua-lan')).toBe(false);
    expect((await nghebot(['officers', '--help'], {})).stdout).toContain('Cách dùng: nghebot officers add');
  }, 120_000);
});

describe('nghebot content remove', () => {
  let dir: string;
  let env: Record<string, string>;
  let site: TestStoreSite;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghebot-content-cli-'));
    site = testStoreAt(dir);
    env = { DATA_DIR: dir, ...site.env };
  });
  afterAll(async () => {
    await site.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes an item in another process; a running engine following the store stops answering with it; a course with enrolments is refused', async () => {
    const store = await site.open();
    try {
      await store.importItems(
        [
          { id: 'course-nuoi-de', kind: 'course', title: 'Lớp nuôi dê thịt', summary: 'Kỹ thuật chăn nuôi dê thịt.', province: 'Vĩnh Long' },
          { id: 'course-may', kind: 'course', title: 'Lớp may công nghiệp', summary: 'Khóa 2 tháng dạy may.', province: 'Vĩnh Long' },
          { id: 'fair-gom', kind: 'fair', title: 'Hội chợ gốm Mang Thít', summary: 'Trưng bày gốm đỏ.', province: 'Vĩnh Long' },
        ],
        provinceCodeOf,
      );
      await store.enroll({ channel: 'web', userId: 'w1', courseId: 'course-may', fullName: 'Nguyễn Văn A', phone: '0912345678', provinceCode: '86' }, new Date());
      const engine = new AnswerEngine(store);
      await engine.load();
      expect((await engine.ask('lop nuoi de')).results[0]?.id).toBe('course-nuoi-de');

      const removed = await nghebot(['content', 'remove', 'course-nuoi-de'], env);
      expect(removed.stdout).toContain('Đã xóa "Lớp nuôi dê thịt"');
      expect(removed.code).toBe(0);
      await engine.refresh(true);
      expect((await engine.ask('lop nuoi de')).results.map((r) => r.id)).not.toContain('course-nuoi-de');
      expect((await store.console.listAudit())[0]).toMatchObject({ actor: 'cli', action: 'item.delete', target: 'course-nuoi-de' });

      const again = await nghebot(['content', 'remove', 'course-nuoi-de'], env);
      expect(again.stderr).toContain('Không có mục course-nuoi-de');
      expect(again.code).toBe(1);
      const refused = await nghebot(['content', 'remove', 'course-may'], env);
      expect(refused.stderr).toContain('có 1 lượt đăng ký');
      expect(refused.code).toBe(1);
      expect(await store.getItem('course-may')).toBeDefined();

      const { announcement } = await store.createAnnouncement(
        { text: 'Hội chợ gốm sắp mở', itemId: 'fair-gom', topics: ['fair'], provinceCodes: ['86'], channels: [], sendAt: new Date(Date.now() + 86_400_000).toISOString(), createdBy: 'cli' },
        new Date(),
      );
      const linked = await nghebot(['content', 'remove', 'fair-gom'], env);
      expect(linked.stderr).toContain(`còn thông báo chưa gửi trỏ tới mục này (${announcement.id})`);
      expect(linked.code).toBe(1);
      expect(await store.getItem('fair-gom')).toBeDefined();
    } finally {
      await store.close();
    }
  }, 60_000);
});
