/**
 * Signing in to the console: redirects without a session, the session cookie, idle expiry, sign-out,
 * the anti-forgery token on every state-changing request, and the login throttle per account and
 * per address.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/console/auth.js';
import { consoleBrowser, openConsole, VINH_LONG } from './helpers.js';

type Opened = Awaited<ReturnType<typeof openConsole>>;

describe('console sign-in', () => {
  let c: Opened;
  beforeEach(async () => {
    c = await openConsole();
    await c.addOfficer('lan', VINH_LONG);
  });
  afterEach(async () => c.close());

  it('sends every /admin page to the login page without a session, and serves the login page', async () => {
    const b = consoleBrowser(c.app);
    for (const url of ['/admin', '/admin/', '/admin/content', '/admin/enrollments/export?format=csv', '/admin/officers', '/admin/try?q=han']) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/admin/login?next=${encodeURIComponent(url)}`);
    }
    const post = await b.post('/admin/content', { id: 'x' }, false);
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/admin/login');
    const login = await b.get('/admin/login?next=%2Fadmin%2Fcontent');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('<label for="f-username">Tên đăng nhập</label>');
    expect(login.body).toContain('name="next" value="/admin/content"');
    expect(login.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await b.get('/admin/console.css')).statusCode).toBe(200);
  });

  it('signs in with the right password: an HttpOnly SameSite=Strict cookie, then /admin answers 200', async () => {
    const b = consoleBrowser(c.app);
    const res = await b.login('lan');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const cookie = res.cookies.find((k) => k.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const home = await b.get('/admin');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('lan · Vĩnh Long');
    // The store keeps a hash of the token, never the token.
    expect(await c.store.console.getSession(cookie.value, new Date(0))).toBeUndefined();
    // Username case and spaces do not matter; `next` is followed only inside the console.
    const again = consoleBrowser(c.app);
    const r2 = await again.post('/admin/login', { username: ' LAN ', password: 'mat-khau-rat-dai-1', next: '/admin/content' }, false);
    expect(r2.headers.location).toBe('/admin/content');
    const r3 = await consoleBrowser(c.app).post('/admin/login', { username: 'lan', password: 'mat-khau-rat-dai-1', next: 'https://evil.example/' }, false);
    expect(r3.headers.location).toBe('/admin');
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const s = await openConsole({ TRUST_PROXY: '1' });
    try {
      await s.addOfficer('lan', VINH_LONG);
      const res = await s.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
        payload: 'username=lan&password=mat-khau-rat-dai-1',
      });
      expect(res.cookies.find((k) => k.name === SESSION_COOKIE)?.secure).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('refuses a wrong password, and answers the sixth wrong try in a row with 429 and a wait', async () => {
    const b = consoleBrowser(c.app);
    for (let i = 0; i < 5; i++) {
      const res = await b.login('lan', 'sai-mat-khau-' + i);
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('Sai tên đăng nhập hoặc mật khẩu.');
      expect(res.cookies.find((k) => k.name === SESSION_COOKIE)).toBeUndefined();
    }
    const sixth = await b.login('lan', 'sai-nua');
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBe(15 * 60);
    // While throttled even the right password is not looked at, from any address.
    expect((await consoleBrowser(c.app, '10.0.0.9').login('lan')).statusCode).toBe(429);
    c.advance(15 * 60_000 + 1000);
    expect((await b.login('lan')).statusCode).toBe(303);
  });

  it('counts a burst of parallel guesses one by one: five are checked, the rest wait', async () => {
    const b = consoleBrowser(c.app);
    const codes = (await Promise.all(Array.from({ length: 12 }, (_, i) => b.login('lan', `doan-song-song-${i}`)))).map((r) => r.statusCode);
    expect(codes.filter((s) => s === 401)).toHaveLength(5);
    expect(codes.filter((s) => s === 429)).toHaveLength(7);
  });

  it('throttles an address trying many accounts, and ignores unknown accounts the same way', async () => {
    const b = consoleBrowser(c.app, '192.0.2.7');
    for (const name of ['a1', 'a2', 'a3', 'a4', 'lan']) expect((await b.login(name, 'doan-bua-mat-khau')).statusCode).toBe(401);
    expect((await b.login('lan')).statusCode).toBe(429);
    // Another address is not held back for this account's single failure.
    expect((await consoleBrowser(c.app, '192.0.2.8').login('lan')).statusCode).toBe(303);
  });

  it('signs out, and forgets a session left idle longer than the configured time', async () => {
    const b = consoleBrowser(c.app);
    await b.login('lan');
    expect((await b.get('/admin')).statusCode).toBe(200);
    c.advance(29 * 60_000);
    expect((await b.get('/admin')).statusCode).toBe(200); // used: the idle time starts again
    c.advance(29 * 60_000);
    expect((await b.get('/admin/content')).statusCode).toBe(200);
    c.advance(31 * 60_000);
    expect((await b.get('/admin')).statusCode).toBe(303);

    await b.login('lan');
    await b.get('/admin');
    const out = await b.post('/admin/logout');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/admin/login');
    expect(b.jar.has(SESSION_COOKIE)).toBe(false);
    expect((await b.get('/admin')).statusCode).toBe(303);
  });

  it('refuses a state-changing request without its anti-forgery token, or with another browser\'s', async () => {
    const b = consoleBrowser(c.app);
    await b.login('lan');
    await b.get('/admin/content/new');
    const form = { id: 'course-moi', kind: 'course', title: 'Lớp mới tinh', province: 'Vĩnh Long' };
    const missing = await b.post('/admin/content', form, false);
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('Biểu mẫu đã hết hạn hoặc không hợp lệ');
    const forged = await b.post('/admin/content', { ...form, _csrf: 'forged-token' });
    expect(forged.statusCode).toBe(403);
    const other = consoleBrowser(c.app);
    await other.login('lan');
    await other.get('/admin/content/new');
    expect((await b.post('/admin/content', { ...form, _csrf: other.csrf })).statusCode).toBe(403);
    expect(await c.store.getItem('course-moi')).toBeUndefined();
    const ok = await b.post('/admin/content', form);
    expect(ok.statusCode).toBe(303);
    expect(await c.store.getItem('course-moi')).toBeDefined();
  });
});
