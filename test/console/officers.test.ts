/**
 * Admin pages: officers' accounts and the audit log. Province officers are refused; an admin adds an
 * officer who can then sign in, and every change shows in the audit log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleBrowser, openConsole, VINH_LONG } from './helpers.js';

type Opened = Awaited<ReturnType<typeof openConsole>>;

describe('console officers and audit', () => {
  let c: Opened;
  beforeEach(async () => {
    c = await openConsole();
    await c.addOfficer('lan', VINH_LONG);
    await c.addOfficer('boss', undefined, true);
  });
  afterEach(async () => c.close());

  it('refuses province officers, and hides the admin entries from their navigation', async () => {
    const lan = consoleBrowser(c.app);
    await lan.login('lan');
    const home = await lan.get('/admin');
    expect(home.body).not.toContain('href="/admin/officers"');
    expect((await lan.get('/admin/officers')).statusCode).toBe(403);
    expect((await lan.get('/admin/audit')).statusCode).toBe(403);
    expect((await lan.post('/admin/officers', { username: 'hacker', password: 'mat-khau-rat-dai-2', province: '', admin: '1' })).statusCode).toBe(403);
    expect(await c.store.console.getAccount('hacker')).toBeUndefined();
    expect((await lan.post('/admin/officers/boss/remove')).statusCode).toBe(403);
  });

  it('lets an admin add an officer (linked to a chat user), change a password and remove one, all in the audit log', async () => {
    const boss = consoleBrowser(c.app);
    await boss.login('boss');
    expect((await boss.get('/admin/officers')).body).toContain('<td>lan</td><td>cán bộ</td><td>Vĩnh Long</td>');
    const weak = await boss.post('/admin/officers', { username: 'minh', password: 'ngan', province: VINH_LONG, link: '' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('mật khẩu cần ít nhất 10 ký tự');
    const webLink = await boss.post('/admin/officers', { username: 'minh', password: 'mat-khau-cua-minh', province: VINH_LONG, link: 'web:w123' });
    expect(webLink.body).toContain('liên kết dạng telegram:&lt;id&gt; hoặc zalo:&lt;id&gt;');
    const added = await boss.post('/admin/officers', { username: 'minh', password: 'mat-khau-cua-minh', province: VINH_LONG, link: 'telegram:555' });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('Đã thêm &quot;minh&quot;.');
    expect(await c.store.listOfficers()).toEqual([{ channel: 'telegram', userId: '555', provinceCodes: [VINH_LONG], name: 'minh' }]);
    expect((await consoleBrowser(c.app, '10.0.0.2').login('minh', 'mat-khau-cua-minh')).statusCode).toBe(303);

    const minh = consoleBrowser(c.app, '10.0.0.3');
    await minh.login('minh', 'mat-khau-cua-minh');
    expect((await minh.get('/admin')).statusCode).toBe(200);
    await boss.post('/admin/officers/update', { username: 'minh', password: 'mat-khau-moi-cua-minh', link: '' });
    expect((await minh.get('/admin')).statusCode).toBe(303); // a new password signs out everywhere
    expect((await minh.login('minh', 'mat-khau-moi-cua-minh')).statusCode).toBe(303);

    const self = await boss.post('/admin/officers/boss/remove');
    expect(self.body).toContain('Bạn không tự xóa tài khoản của mình được.');
    await boss.post('/admin/officers/minh/remove');
    expect(await c.store.console.getAccount('minh')).toBeUndefined();
    expect(await c.store.listOfficers()).toEqual([]);
    expect((await minh.get('/admin')).statusCode).toBe(303);

    const audit = await boss.get('/admin/audit');
    expect(audit.statusCode).toBe(200);
    for (const action of ['officer.add', 'officer.passwd', 'officer.remove', 'session.login']) expect(audit.body).toContain(`<td>${action}</td>`);
    expect(audit.body).not.toContain('mat-khau');
  });
});
