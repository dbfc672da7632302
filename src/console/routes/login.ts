/**
 * Sign-in and sign-out. `POST /admin/login` takes the form fields `username` and `password`; it is
 * the one POST without an anti-forgery token (there is no session yet to forge a request from, and
 * the session cookie is SameSite=Strict).
 */
import type { FastifyInstance } from 'fastify';
import { checkLogin, endSession, startSession } from '../auth.js';
import { field, html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';

/** Only a path inside the console: never an open redirect to another site. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[A-Za-z0-9/_.?=&%-]*)?$/.test(next) && !next.startsWith('/admin/login') ? next : '/admin';
}

function loginForm(next: string, username = '', error?: string) {
  return html`<div class="login box"><h1>Đăng nhập quản trị</h1>
${error ? html`<p class="alert" role="alert">${error}</p>` : ''}
<form method="post" action="/admin/login">
<input type="hidden" name="next" value="${next}">
${field({ name: 'username', label: 'Tên đăng nhập', value: username, required: true })}
${field({ name: 'password', label: 'Mật khẩu', type: 'password', required: true })}
<button>Đăng nhập</button></form>
<p class="muted">Tài khoản do quản trị viên tạo bằng lệnh <code>nghebot officers add</code>.</p></div>`;
}

export function loginRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get<{ Querystring: { next?: string } }>('/login', async (req, reply) => ctx.render(req, reply, { title: 'Đăng nhập', body: loginForm(safeNext(req.query.next)) }));

  app.post<{ Body: { username?: unknown; password?: unknown; next?: unknown } }>('/login', async (req, reply) => {
    const body = req.body ?? {};
    const username = typeof body.username === 'string' ? body.username.trim().toLowerCase().slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const now = ctx.now();
    const outcome = await checkLogin(ctx.store, username, password, req.ip, now);
    if (!outcome.ok) {
      if (outcome.retryAfterS !== undefined) {
        const minutes = Math.ceil(outcome.retryAfterS / 60);
        void reply.header('retry-after', String(outcome.retryAfterS));
        return ctx.render(req, reply, { title: 'Đăng nhập', status: 429, body: loginForm(next, username, `Sai quá nhiều lần. Bạn đợi khoảng ${minutes} phút rồi thử lại.`) });
      }
      req.log.info({ route: '/admin/login' }, 'console sign-in refused');
      return ctx.render(req, reply, { title: 'Đăng nhập', status: 401, body: loginForm(next, username, 'Sai tên đăng nhập hoặc mật khẩu.') });
    }
    await startSession(ctx.store, reply, outcome.account.username, now);
    // Sessions nobody signed out of would pile up: each sign-in sweeps the idle ones.
    await ctx.store.console.purgeSessions(new Date(now.getTime() - ctx.idleMs));
    await ctx.store.console.appendAudit({ actor: outcome.account.username, action: 'session.login', target: outcome.account.username }, now);
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (req, reply) => {
    await endSession(ctx.store, req, reply);
    return reply.redirect('/admin/login', 303);
  });
}
