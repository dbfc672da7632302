/**
 * Deleting content from the console: a confirmation page, the anti-forgery token, the province rule,
 * the audit log, a course with enrolments refused; and once deleted, the bot no longer answers with
 * the item (the engine here, and the web chat of the bot as `serve` builds it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServerApp } from '../../src/app.js';
import { addOfficer } from '../../src/console/accounts.js';
import { loadConfig } from '../../src/config.js';
import { provinceCodeOf } from '../../src/content/import.js';
import { createLogger } from '../../src/observability/logger.js';
import { webBrowser } from '../server/helpers.js';
import { consoleBrowser, openConsole, PASSWORD, VINH_LONG } from './helpers.js';

type Opened = Awaited<ReturnType<typeof openConsole>>;

describe('console content deletion', () => {
  let c: Opened;
  let lan: ReturnType<typeof consoleBrowser>;
  beforeEach(async () => {
    c = await openConsole();
    await c.addOfficer('lan', VINH_LONG);
    await c.addOfficer('boss', undefined, true);
    lan = consoleBrowser(c.app);
    await lan.login('lan');
  });
  afterEach(async () => c.close());

  const top = async (q: string) => (await c.engine.ask(q)).results[0]?.id;

  it('deletes the officer\'s own item after confirmation, with its token, in the audit log, and the engine stops answering with it', async () => {
    expect(await top('lop han dien vinh long')).toBe('course-han-vinh-long');
    const edit = await lan.get('/admin/content/course-han-vinh-long');
    expect(edit.body).toContain('href="/admin/content/course-han-vinh-long/delete"');
    const confirm = await lan.get('/admin/content/course-han-vinh-long/delete');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Xóa mục này?');
    expect(confirm.body).toContain('Lớp hàn điện cơ bản Vĩnh Long');

    // Without the form's token: refused, nothing deleted.
    const forged = await lan.post('/admin/content/course-han-vinh-long/delete', {}, false);
    expect(forged.statusCode).toBe(403);
    expect(await c.store.getItem('course-han-vinh-long')).toBeDefined();

    const done = await lan.post('/admin/content/course-han-vinh-long/delete');
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin/content?removed=course-han-vinh-long');
    const list = await lan.get(done.headers.location as string);
    expect(list.body).toContain('Đã xóa mục course-han-vinh-long');
    expect((await lan.get('/admin/content?removed=faq-dang-ky')).body).not.toContain('Đã xóa mục');
    expect(list.body).not.toContain('Lớp hàn điện cơ bản Vĩnh Long');
    expect(await c.store.getItem('course-han-vinh-long')).toBeUndefined();
    // The console refreshed this process's engine itself: no wait for the next revision check.
    expect(await top('lop han dien vinh long')).toBeUndefined();
    expect((await c.engine.ask('han dien')).results.map((r) => r.id)).not.toContain('course-han-vinh-long');

    const audit = await c.store.console.listAudit({ limit: 5 });
    expect(audit[0]).toMatchObject({ actor: 'lan', action: 'item.delete', target: 'course-han-vinh-long', provinceCode: VINH_LONG });
    expect(audit[0]!.detail).toContain('Lớp hàn điện cơ bản Vĩnh Long');
    // A second delete of the same item: gone already.
    expect((await lan.post('/admin/content/course-han-vinh-long/delete')).statusCode).toBe(404);
  });

  it('refuses another province\'s item (not found) and national items (read-only) to an officer; an admin deletes them', async () => {
    expect((await lan.get('/admin/content/course-may-an-giang/delete')).statusCode).toBe(404);
    await lan.get('/admin/content');
    expect((await lan.post('/admin/content/course-may-an-giang/delete')).statusCode).toBe(404);
    expect(await c.store.getItem('course-may-an-giang')).toBeDefined();
    const national = await lan.post('/admin/content/faq-dang-ky/delete');
    expect(national.statusCode).toBe(403);
    expect(national.body).toContain('chỉ quản trị viên xóa được');
    expect(await c.store.getItem('faq-dang-ky')).toBeDefined();
    expect((await lan.get('/admin/content/faq-dang-ky')).body).not.toContain('/delete');

    const boss = consoleBrowser(c.app);
    await boss.login('boss');
    await boss.get('/admin/content/faq-dang-ky/delete');
    expect((await boss.post('/admin/content/faq-dang-ky/delete')).statusCode).toBe(303);
    await boss.get('/admin/content/course-may-an-giang/delete');
    expect((await boss.post('/admin/content/course-may-an-giang/delete')).statusCode).toBe(303);
    expect(await c.store.getItems(['faq-dang-ky', 'course-may-an-giang'])).toEqual([]);
    expect((await c.store.console.listAudit({ limit: 5 })).filter((a) => a.action === 'item.delete').map((a) => a.actor)).toEqual(['boss', 'boss']);
  });

  it('refuses to delete a course with enrolments, saying why, and keeps the course and its list', async () => {
    await c.store.enroll({ channel: 'web', userId: 'w1', courseId: 'course-han-vinh-long', fullName: 'Nguyễn Văn A', phone: '0912345678', provinceCode: VINH_LONG }, c.clock.now);
    const confirm = await lan.get('/admin/content/course-han-vinh-long/delete');
    expect(confirm.statusCode).toBe(409);
    expect(confirm.body).toContain('có 1 lượt đăng ký');
    expect(confirm.body).not.toContain('Xóa hẳn');
    const post = await lan.post('/admin/content/course-han-vinh-long/delete');
    expect(post.statusCode).toBe(409);
    expect(await c.store.getItem('course-han-vinh-long')).toBeDefined();
    expect(await c.store.listEnrollments({ courseId: 'course-han-vinh-long' })).toHaveLength(1);
    expect(await top('lop han dien vinh long')).toBe('course-han-vinh-long');
    expect((await c.store.console.listAudit()).some((a) => a.action === 'item.delete')).toBe(false);
  });

  it('refuses to delete an item an unsent announcement links to, naming the announcement; once it is cancelled the item can go', async () => {
    const { announcement } = await c.store.createAnnouncement(
      { text: 'Lớp hàn điện Vĩnh Long mở đăng ký\nHạn chót cuối tháng', itemId: 'course-han-vinh-long', topics: ['course'], provinceCodes: [VINH_LONG], channels: [], sendAt: new Date(c.clock.now.getTime() + 86_400_000).toISOString(), createdBy: 'console:lan' },
      c.clock.now,
    );
    const confirm = await lan.get('/admin/content/course-han-vinh-long/delete');
    expect(confirm.statusCode).toBe(409);
    expect(confirm.body).toContain('Còn 1 thông báo chưa gửi');
    expect(confirm.body).toContain(`/admin/announcements/${announcement.id}`);
    expect(confirm.body).not.toContain('Xóa hẳn');
    expect((await lan.post('/admin/content/course-han-vinh-long/delete')).statusCode).toBe(409);
    expect(await c.store.getItem('course-han-vinh-long')).toBeDefined();

    await c.store.updateAnnouncement(announcement.id, { status: 'cancelled' });
    expect((await lan.get('/admin/content/course-han-vinh-long/delete')).body).toContain('Xóa hẳn');
    expect((await lan.post('/admin/content/course-han-vinh-long/delete')).statusCode).toBe(303);
    expect(await c.store.getItem('course-han-vinh-long')).toBeUndefined();
  });
});

describe('a deleted item in the web chat', () => {
  it('is answered before and not after an officer deletes it in the console', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghebot-console-remove-'));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, SEED_CONTENT: '0', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
    const app = await createServerApp(config, { logger: createLogger('silent') });
    try {
      await app.store.importItems([{ id: 'course-nuoi-de', kind: 'course', title: 'Lớp nuôi dê thịt Vĩnh Long', summary: 'Kỹ thuật chăn nuôi dê thịt.', province: 'Vĩnh Long' }], provinceCodeOf);
      await app.engine.refresh(true);
      const chat = webBrowser(app.server);
      const ask = async () => ((await chat.chat({ text: 'lớp nuôi dê' })).json() as { replies: { text: string }[] }).replies.map((r) => r.text).join('\n');
      expect(await ask()).toContain('Lớp nuôi dê thịt Vĩnh Long');

      await addOfficer(app.store, { username: 'lan', password: PASSWORD, provinceCode: VINH_LONG, admin: false }, 'test', new Date());
      const lan = consoleBrowser(app.server);
      await lan.login('lan');
      await lan.get('/admin/content/course-nuoi-de/delete');
      expect((await lan.post('/admin/content/course-nuoi-de/delete')).statusCode).toBe(303);
      expect(await ask()).not.toContain('Lớp nuôi dê thịt Vĩnh Long');
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
