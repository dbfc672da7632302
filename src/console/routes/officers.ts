/**
 * Admin pages: the officers' accounts (add, remove, set a new password, link to a chat user) through
 * the same rules as `nghebot officers`, and the audit log of every change. Province officers get 403.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, addOfficer, checkProvince, linkText, parseLink, removeOfficer, setLink, setPassword } from '../../console/accounts.js';
import { PROVINCES } from '../../text/provinces.js';
import { csrfField, field, formatTime, html, options, type Html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { provinceName } from '../scope.js';

function forbidden(ctx: ConsoleContext, req: FastifyRequest, reply: FastifyReply) {
  return ctx.render(req, reply, { title: 'Không được phép', status: 403, body: html`<h1>Trang này chỉ dành cho quản trị viên</h1><p><a href="/admin">Về trang chính</a></p>` });
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

async function officersPage(ctx: ConsoleContext, csrf: string, error?: string, form: Record<string, string> = {}): Promise<Html> {
  const accounts = await ctx.store.console.listAccounts();
  const rows = accounts.map(
    (a) => html`<tr><td>${a.username}</td><td>${a.admin ? 'quản trị' : 'cán bộ'}</td><td>${provinceName(a.provinceCode)}</td><td>${linkText(a.linked) || '—'}</td>
<td><form method="post" action="/admin/officers/${a.username}/remove" class="inline">${csrfField(csrf)}<button class="btn danger" aria-label="Xóa tài khoản ${a.username}">Xóa</button></form></td></tr>`,
  );
  const provinces = [['', '— (quản trị toàn quốc)'] as const, ...PROVINCES.map((p) => [p.code, p.name] as const)];
  return html`<h1>Cán bộ</h1>
<div class="scroll"><table><thead><tr><th scope="col">Tên</th><th scope="col">Vai trò</th><th scope="col">Tỉnh/thành</th><th scope="col">Liên kết chat</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table></div>
<h2>Thêm cán bộ</h2>${error ? html`<p class="alert" role="alert">${error}</p>` : ''}
<form method="post" action="/admin/officers" class="box">${csrfField(csrf)}
<div class="two">${field({ name: 'username', label: 'Tên đăng nhập', value: form.username ?? '', required: true })}${field({ name: 'password', label: 'Mật khẩu (ít nhất 10 ký tự)', type: 'password', required: true })}</div>
<div class="two"><div class="field"><label for="f-province">Tỉnh/thành</label><select id="f-province" name="province">${options(provinces, form.province)}</select></div>
${field({ name: 'link', label: 'Liên kết chat (telegram:MÃ hoặc zalo:MÃ)', value: form.link ?? '' })}</div>
<div class="field"><label><input type="checkbox" name="admin" value="1"${form.admin ? html` checked` : ''}> Quản trị viên (xem mọi tỉnh, quản lý cán bộ)</label></div>
<button>Thêm</button></form>
<h2>Đổi mật khẩu hoặc liên kết</h2>
<form method="post" action="/admin/officers/update" class="box">${csrfField(csrf)}
<div class="two">${field({ name: 'username', label: 'Tên đăng nhập', required: true })}${field({ name: 'password', label: 'Mật khẩu mới (bỏ trống: giữ nguyên)', type: 'password' })}</div>
${field({ name: 'link', label: 'Liên kết chat mới (bỏ trống: giữ nguyên; "-" để bỏ)' })}
<button>Lưu</button></form>`;
}

export function officerRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const admin = (req: FastifyRequest) => req.officer!.account;

  app.get('/officers', async (req, reply) => {
    if (!admin(req).admin) return forbidden(ctx, req, reply);
    return ctx.render(req, reply, { title: 'Cán bộ', current: '/admin/officers', body: await officersPage(ctx, reply.generateCsrf()) });
  });

  app.post<{ Body: Record<string, unknown> }>('/officers', async (req, reply) => {
    const me = admin(req);
    if (!me.admin) return forbidden(ctx, req, reply);
    const b = req.body ?? {};
    const form = { username: str(b.username), province: str(b.province), link: str(b.link), admin: str(b.admin) };
    try {
      const provinceCode = form.province ? checkProvince(form.province) : undefined;
      const linked = form.link.trim() ? parseLink(form.link) : undefined;
      await addOfficer(ctx.store, { username: form.username, password: str(b.password), admin: form.admin === '1', ...(provinceCode ? { provinceCode } : {}), ...(linked ? { linked } : {}) }, me.username, ctx.now());
    } catch (err) {
      if (!(err instanceof AccountError)) throw err;
      return ctx.render(req, reply, { title: 'Cán bộ', current: '/admin/officers', status: 422, body: await officersPage(ctx, reply.generateCsrf(), err.message, form) });
    }
    return ctx.render(req, reply, { title: 'Cán bộ', current: '/admin/officers', notice: `Đã thêm "${form.username.trim().toLowerCase()}".`, body: await officersPage(ctx, reply.generateCsrf()) });
  });

  app.post<{ Body: Record<string, unknown> }>('/officers/update', async (req, reply) => {
    const me = admin(req);
    if (!me.admin) return forbidden(ctx, req, reply);
    const b = req.body ?? {};
    const username = str(b.username).trim().toLowerCase();
    try {
      if (!(await ctx.store.console.getAccount(username))) throw new AccountError(`không có tài khoản "${username}"`);
      if (str(b.password)) await setPassword(ctx.store, username, str(b.password), me.username, ctx.now());
      const link = str(b.link).trim();
      if (link) await setLink(ctx.store, username, link === '-' ? null : parseLink(link), me.username, ctx.now());
    } catch (err) {
      if (!(err instanceof AccountError)) throw err;
      return ctx.render(req, reply, { title: 'Cán bộ', current: '/admin/officers', status: 422, body: await officersPage(ctx, reply.generateCsrf(), err.message) });
    }
    return ctx.render(req, reply, { title: 'Cán bộ', current: '/admin/officers', notice: `Đã lưu "${username}".`, body: await officersPage(ctx, reply.generateCsrf()) });
  });

  app.post<{ Params: { username: string } }>('/officers/:username/remove', async (req, reply) => {
    const me = admin(req);
    if (!me.admin) return forbidden(ctx, req, reply);
    let notice = `Đã xóa "${req.params.username}".`;
    if (req.params.username === me.username) notice = 'Bạn không tự xóa tài khoản của mình được.';
    else {
      try {
        await removeOfficer(ctx.store, req.params.username, me.username, ctx.now());
      } catch (err) {
        if (!(err instanceof AccountError)) throw err;
        notice = err.message;
      }
    }
    return ctx.render(req, reply, { title: 'Cán bộ', current: '/admin/officers', notice, body: await officersPage(ctx, reply.generateCsrf()) });
  });
}

export function auditRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get('/audit', async (req, reply) => {
    if (!req.officer!.account.admin) return forbidden(ctx, req, reply);
    const entries = await ctx.store.console.listAudit({ limit: 300 });
    const rows = entries.map(
      (e) => html`<tr><td>${formatTime(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.target}</td><td>${e.detail ?? ''}</td><td>${e.provinceCode ? provinceName(e.provinceCode) : ''}</td></tr>`,
    );
    const body = html`<h1>Nhật ký thay đổi</h1><p class="muted">300 thay đổi gần nhất: ai, làm gì, lúc nào.</p>
<div class="scroll"><table><thead><tr><th scope="col">Lúc</th><th scope="col">Ai</th><th scope="col">Việc</th><th scope="col">Đối tượng</th><th scope="col">Chi tiết</th><th scope="col">Tỉnh</th></tr></thead><tbody>${rows}</tbody></table></div>`;
    return ctx.render(req, reply, { title: 'Nhật ký', current: '/admin/audit', body });
  });
}
