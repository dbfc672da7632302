/**
 * The officers' web console under /admin, in its own fastify scope: its own cookie, form, upload and
 * anti-forgery plugins, a sign-in check before every page but the login page and the stylesheet, and
 * HTML error pages. It reads and writes through the same store ports and domain modules as the chat
 * handlers.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config.js';
import type { AnswerEngine } from '../engine/engine.js';
import type { Store } from '../store/ports.js';
import { readSession, type SignedIn } from './auth.js';
import { html, type Html } from './html.js';
import { CONSOLE_CSP, CONSOLE_CSS, page, type NavEntry } from './layout.js';
import { announcementRoutes } from './routes/announcements.js';
import { auditRoutes, officerRoutes } from './routes/officers.js';
import { contentRoutes } from './routes/content.js';
import { contentRemoveRoutes } from './routes/content-remove.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { enrollmentRoutes } from './routes/enrollments.js';
import { loginRoutes } from './routes/login.js';
import { tryAskRoutes } from './routes/try-ask.js';
import { provinceName } from './scope.js';

/** A page group another module adds to the console (its nav entry and its routes, under /admin). */
export interface ConsoleSection {
  nav: NavEntry;
  routes(app: FastifyInstance, ctx: ConsoleContext): void | Promise<void>;
}

export interface ConsoleOptions {
  store: Store;
  config: AppConfig;
  /** For "Thử hỏi"; without it the page says the engine is not available in this process. */
  engine?: AnswerEngine;
  /** Page groups built elsewhere (the unanswered questions and the hand-off inbox plug in here). */
  sections?: ConsoleSection[];
  /** The clock (tests move it to expire sessions and throttles). */
  now?: () => Date;
}

export interface ConsoleContext {
  store: Store;
  config: AppConfig;
  engine?: AnswerEngine;
  now(): Date;
  idleMs: number;
  /** Renders a full page for the signed-in officer. */
  render(req: FastifyRequest, reply: FastifyReply, view: { title: string; current?: string; body: Html; status?: number; notice?: string }): FastifyReply;
}

declare module 'fastify' {
  interface FastifyRequest {
    officer?: SignedIn;
  }
}

export const CONSOLE_NAV: NavEntry[] = [
  { path: '/admin', label: 'Tổng quan' },
  { path: '/admin/content', label: 'Nội dung' },
  { path: '/admin/try', label: 'Thử hỏi' },
  { path: '/admin/enrollments', label: 'Đăng ký học' },
  { path: '/admin/announcements', label: 'Thông báo' },
];
const ADMIN_NAV: NavEntry[] = [
  { path: '/admin/officers', label: 'Cán bộ', adminOnly: true },
  { path: '/admin/audit', label: 'Nhật ký', adminOnly: true },
];

/** Paths anyone may open: the sign-in page itself and its stylesheet. */
const PUBLIC = new Set(['/admin/login', '/admin/console.css']);

export async function consolePlugin(app: FastifyInstance, opts: ConsoleOptions): Promise<void> {
  const now = opts.now ?? (() => new Date());
  const idleMs = opts.config.CONSOLE_SESSION_IDLE_MINUTES * 60_000;
  const sections = opts.sections ?? [];
  const nav = [...CONSOLE_NAV, ...sections.map((s) => s.nav), ...ADMIN_NAV];

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await app.register(fastifyMultipart, { limits: { fileSize: 5 * 1024 * 1024, files: 10, fields: 10 } });
  // The secret lives in its own HttpOnly cookie; every form carries the token made from it.
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'nghebot_admin_csrf',
    cookieOpts: { path: '/admin', httpOnly: true, sameSite: 'strict', secure: 'auto' },
    // A file upload's body is read by its handler, after this check: its form puts the token in the query.
    getToken: (req) => (req.body as { _csrf?: unknown } | undefined)?._csrf?.toString() ?? (req.query as { _csrf?: string })._csrf ?? req.headers['x-csrf-token']?.toString() ?? '',
  });

  app.addHook('onRequest', async (_req, reply) => {
    void reply.header('content-security-policy', CONSOLE_CSP).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
  });
  app.addHook('preHandler', async (req, reply) => {
    const path = req.routeOptions.url ?? '';
    if (PUBLIC.has(path)) return;
    const signedIn = await readSession(opts.store, req, idleMs, now());
    if (!signedIn) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
      return reply.redirect(`/admin/login${next}`, 303);
    }
    req.officer = signedIn;
  });
  // After the session check: every state-changing request of a signed-in officer carries the token.
  // (Callback style: on a bad token the plugin answers itself and never calls back.)
  app.addHook('preHandler', (req, reply, done) => {
    if (!req.officer || req.method === 'GET' || req.method === 'HEAD') return done();
    app.csrfProtection(req, reply, done);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err, route: req.routeOptions.url }, 'console request failed');
    else req.log.info({ code: err.code, status, route: req.routeOptions.url }, 'console request refused');
    const message =
      err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET'
        ? 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Bạn mở lại trang và thử lại.'
        : status === 413
          ? 'Tệp quá lớn (tối đa 5 MB).'
          : status >= 500
            ? 'Có lỗi ở máy chủ. Bạn thử lại sau.'
            : 'Yêu cầu không hợp lệ.';
    const body = html`<h1>Không thực hiện được</h1><p class="alert" role="alert">${message}</p><p><a href="/admin">Về trang chính</a></p>`;
    return reply.code(status).type('text/html; charset=utf-8').send(page({ title: 'Lỗi', nav: [] }, body).text);
  });

  app.setNotFoundHandler((_req, reply) => {
    const body = html`<h1>Không có trang này</h1><p><a href="/admin">Về trang chính</a></p>`;
    return reply.code(404).type('text/html; charset=utf-8').send(page({ title: 'Không có trang này', nav: [] }, body).text);
  });

  const ctx: ConsoleContext = {
    store: opts.store,
    config: opts.config,
    ...(opts.engine ? { engine: opts.engine } : {}),
    now,
    idleMs,
    render(req, reply, view) {
      const a = req.officer?.account;
      const body = page(
        {
          title: view.title,
          nav,
          ...(view.current ? { current: view.current } : {}),
          ...(view.notice ? { notice: view.notice } : {}),
          ...(a ? { officer: { username: a.username, admin: a.admin, provinceName: provinceName(a.provinceCode) }, csrf: reply.generateCsrf() } : {}),
        },
        view.body,
      );
      return reply.code(view.status ?? 200).type('text/html; charset=utf-8').send(body.text);
    },
  };

  app.get('/console.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CONSOLE_CSS));
  loginRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  contentRoutes(app, ctx);
  contentRemoveRoutes(app, ctx);
  tryAskRoutes(app, ctx);
  enrollmentRoutes(app, ctx);
  announcementRoutes(app, ctx);
  officerRoutes(app, ctx);
  auditRoutes(app, ctx);
  for (const s of sections) await s.routes(app, ctx);
}
