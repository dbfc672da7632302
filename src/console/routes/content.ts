/**
 * Content pages: the list (search, kind, province, date), the item form (new and edit, errors at their
 * field), and the upload of pack files. National items are shown to every officer, read-only unless
 * they are an admin.
 */
import type { FastifyInstance } from 'fastify';
import { CONTENT_KINDS, KIND_LABELS, type ContentKind } from '../../content/model.js';
import type { ContentProblem } from '../../content/load.js';
import type { StoredItem } from '../../content/model.js';
import { foldVi } from '../../text/fold.js';
import { PROVINCES } from '../../text/provinces.js';
import { formFromBody, formFromItem, importUploads, saveItem, type ItemForm } from '../content-edit.js';
import { csrfField, field, formatTime, html, options, type Html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { canRead, canWrite, provinceName, type Officer } from '../scope.js';

const LIST_LIMIT = 200;
/** Items read per query for the list (the store has no text search): past it, the oldest are not searched. */
const SCAN_LIMIT = 20_000;
const KIND_CHOICES = CONTENT_KINDS.map((k) => [k, KIND_LABELS[k]] as const);

interface ListQuery {
  q?: string;
  /** The id of an item just deleted, for the notice. */
  removed?: string;
  kind?: string;
  province?: string;
  from?: string;
  to?: string;
}

const isDay = (s: string | undefined): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);

async function listItems(ctx: ConsoleContext, o: Officer, q: ListQuery): Promise<StoredItem[]> {
  const kind = CONTENT_KINDS.includes(q.kind as ContentKind) ? (q.kind as ContentKind) : undefined;
  const base = { limit: SCAN_LIMIT, ...(kind ? { kind } : {}) };
  const national = async () => (await ctx.store.listItems(base)).filter((i) => i.provinceCode === undefined);
  let items: StoredItem[];
  // A province is read by its own query, so an officer's items are never cut off by other provinces'.
  if (q.province === '*') items = await national();
  else if (q.province) items = canRead(o, q.province) ? await ctx.store.listItems({ ...base, provinceCode: q.province }) : [];
  else if (o.admin) items = await ctx.store.listItems(base);
  else items = [...(o.provinceCode ? await ctx.store.listItems({ ...base, provinceCode: o.provinceCode }) : []), ...(await national())];
  items = items.filter((i) => canRead(o, i.provinceCode));
  const words = q.q ? foldVi(q.q).split(/\s+/).filter(Boolean) : [];
  if (words.length) items = items.filter((i) => words.every((w) => foldVi(`${i.id} ${i.title} ${i.summary ?? ''} ${i.place ?? ''}`).includes(w)));
  // Dates are the day the item was last written, in Vietnam's time (what an officer means by "hôm nay").
  const day = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
  if (isDay(q.from)) items = items.filter((i) => day(i.importedAt) >= q.from!);
  if (isDay(q.to)) items = items.filter((i) => day(i.importedAt) <= q.to!);
  return items.sort((a, b) => b.rev - a.rev);
}

function provinceChoices(o: Officer): Array<readonly [string, string]> {
  const own = PROVINCES.filter((p) => canRead(o, p.code)).map((p) => [p.code, p.name] as const);
  return [['', 'Mọi tỉnh'], ['*', 'Toàn quốc (không ghi tỉnh)'], ...own];
}

function listPage(o: Officer, q: ListQuery, items: StoredItem[]): Html {
  const rows = items.slice(0, LIST_LIMIT).map(
    (i) => html`<tr><td><a href="/admin/content/${i.id}">${i.title}</a><br><small class="muted">${i.id}</small></td><td>${KIND_LABELS[i.kind]}</td>
<td>${provinceName(i.provinceCode)}</td><td>${formatTime(i.importedAt)}</td><td>${canWrite(o, i.provinceCode) ? 'sửa được' : html`<span class="muted">chỉ xem</span>`}</td></tr>`,
  );
  return html`<h1>Nội dung</h1>
<p class="row"><a class="btn" href="/admin/content/new">Thêm mục mới</a> <a class="btn light" href="/admin/content/upload">Nhập từ tệp</a></p>
<form method="get" action="/admin/content" class="box filters" role="search">
${field({ name: 'q', label: 'Tìm', value: q.q ?? '' })}
<div class="field"><label for="f-kind">Loại</label><select id="f-kind" name="kind">${options([['', 'Mọi loại'], ...KIND_CHOICES], q.kind)}</select></div>
<div class="field"><label for="f-province">Tỉnh/thành</label><select id="f-province" name="province">${options(provinceChoices(o), q.province)}</select></div>
${field({ name: 'from', label: 'Cập nhật từ ngày', type: 'date', value: q.from ?? '' })}
${field({ name: 'to', label: 'đến ngày', type: 'date', value: q.to ?? '' })}
<button>Lọc</button></form>
<p class="muted">${items.length} mục${items.length > LIST_LIMIT ? `, hiện ${LIST_LIMIT} mục mới nhất` : ''}.</p>
<div class="scroll"><table><thead><tr><th scope="col">Tiêu đề</th><th scope="col">Loại</th><th scope="col">Tỉnh/thành</th><th scope="col">Cập nhật</th><th scope="col">Quyền</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

const LABELS: Record<string, string> = {
  id: 'Mã (a-z, 0-9, gạch ngang)', kind: 'Loại', title: 'Tiêu đề', summary: 'Tóm tắt (câu trả lời ngắn trong chat)', body: 'Nội dung chi tiết',
  keywords: 'Từ khóa (cách nhau bằng ;)', tags: 'Nhãn (cách nhau bằng ;)', province: 'Tỉnh/thành', place: 'Địa điểm (xã, phường, nơi học)',
  startsAt: 'Ngày bắt đầu', endsAt: 'Ngày kết thúc', deadline: 'Hạn đăng ký', contact: 'Liên hệ', trade: 'Nghề (khóa học)',
  capacity: 'Số chỗ (khóa học)', fee: 'Học phí (khóa học)', 'source.ref': 'Số văn bản', 'source.issuer': 'Cơ quan ban hành',
  'source.date': 'Ngày ban hành', 'source.url': 'Đường dẫn văn bản',
};

function errorsByField(problems: ContentProblem[]): { at: Map<string, string>; rest: ContentProblem[] } {
  const at = new Map<string, string>();
  const rest: ContentProblem[] = [];
  for (const p of problems) {
    // The form is one item: every problem with a field it shows belongs under that field.
    if (LABELS[p.field]) at.set(p.field, at.has(p.field) ? `${at.get(p.field)}; ${p.reason}` : p.reason);
    else rest.push(p);
  }
  return { at, rest };
}

export function problemTable(problems: ContentProblem[]): Html {
  if (!problems.length) return html``;
  return html`<div class="alert" role="alert"><p>Có ${problems.length} lỗi, chưa lưu gì:</p><div class="scroll"><table><thead><tr><th scope="col">Tệp</th><th scope="col">Mục</th><th scope="col">Trường</th><th scope="col">Lý do</th></tr></thead><tbody>${problems
    .slice(0, 500)
    .map((p) => html`<tr><td>${p.file}</td><td>${p.item}</td><td>${LABELS[p.field] ?? p.field}</td><td>${p.reason}</td></tr>`)}</tbody></table></div></div>`;
}

function itemForm(o: Officer, form: ItemForm, csrf: string, editing: string | undefined, problems: ContentProblem[] = []): Html {
  const { at, rest } = errorsByField(problems);
  const f = (name: keyof ItemForm, extra: { type?: string; rows?: number; required?: boolean; hint?: string } = {}) =>
    field({ name, label: LABELS[name]!, value: form[name] ?? '', ...(at.get(name) ? { error: at.get(name)! } : {}), ...extra });
  const provinceField = o.admin
    ? f('province', { hint: 'Bỏ trống: nội dung toàn quốc. Tên tỉnh cũ hay mới đều được.' })
    : field({ name: 'province', label: LABELS.province!, value: form.province ?? provinceName(o.provinceCode), ...(at.get('province') ? { error: at.get('province')! } : {}), hint: `Bạn chỉ lưu được nội dung của ${provinceName(o.provinceCode)}.` });
  return html`<h1>${editing ? 'Sửa mục' : 'Thêm mục mới'}</h1>${problemTable(rest)}
${at.size ? html`<p class="alert" role="alert">Có ${at.size} trường cần sửa, xem dưới mỗi trường.</p>` : ''}
<form method="post" action="${editing ? `/admin/content/${editing}` : '/admin/content'}" class="box" novalidate>${csrfField(csrf)}
${editing ? html`<p>Mã: <b>${editing}</b></p>` : f('id', { required: true })}
<div class="field${at.get('kind') ? ' bad' : ''}"><label for="f-kind">Loại</label><select id="f-kind" name="kind">${options(KIND_CHOICES, form.kind)}</select>${at.get('kind') ? html`<p class="err">${at.get('kind')!}</p>` : ''}</div>
${f('title', { required: true })}${f('summary', { rows: 3 })}${f('body', { rows: 6 })}
<div class="two">${provinceField}${f('place')}</div>
<div class="two">${f('startsAt', { hint: 'ví dụ 31/01/2027' })}${f('endsAt')}</div>
<div class="two">${f('deadline')}${f('contact')}</div>
<div class="two">${f('trade')}${f('capacity', { type: 'number' })}</div>
${f('fee')}${f('keywords')}${f('tags')}
<fieldset><legend>Văn bản nguồn</legend><div class="two">${f('source.ref')}${f('source.issuer')}</div><div class="two">${f('source.date')}${f('source.url', { type: 'url' })}</div></fieldset>
<p><button>Lưu</button> <a href="/admin/content">Hủy</a></p></form>
${editing ? html`<p><a class="btn danger" href="/admin/content/${editing}/delete">Xóa mục này…</a></p>` : ''}`;
}

function uploadForm(csrf: string, problems: ContentProblem[] = []): Html {
  return html`<h1>Nhập nội dung từ tệp</h1>${problemTable(problems)}
<form method="post" action="/admin/content/upload?_csrf=${encodeURIComponent(csrf)}" enctype="multipart/form-data" class="box">
<div class="field"><label for="f-files">Tệp YAML, JSON, CSV hoặc Excel (.xlsx)</label><input id="f-files" type="file" name="files" multiple accept=".yaml,.yml,.json,.csv,.xlsx" required>
<small>Tất cả hoặc không: có một lỗi thì không mục nào được nhập. Nhập lại cùng mã thì cập nhật mục đó. CSV và Excel: một loại mỗi tệp (cột kind, hoặc tên tệp như courses.csv).</small></div>
<button>Nhập</button></form>`;
}

export function contentRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const officer = (req: { officer?: { account: Officer } }) => req.officer!.account;
  const audit = (actor: string, action: string, target: string, detail: string, provinceCode?: string) =>
    ctx.store.console.appendAudit({ actor, action, target, detail, ...(provinceCode ? { provinceCode } : {}) }, ctx.now());

  app.get<{ Querystring: ListQuery }>('/content', async (req, reply) => {
    const o = officer(req);
    // Only when it is really gone: a link cannot make the page claim a deletion that did not happen.
    const removed = req.query.removed && !(await ctx.store.getItem(req.query.removed)) ? req.query.removed : undefined;
    const notice = removed ? `Đã xóa mục ${removed}. Bot không còn trả lời bằng mục này.` : undefined;
    return ctx.render(req, reply, { title: 'Nội dung', current: '/admin/content', ...(notice ? { notice } : {}), body: listPage(o, req.query, await listItems(ctx, o, req.query)) });
  });

  app.get('/content/new', async (req, reply) => ctx.render(req, reply, { title: 'Thêm mục', current: '/admin/content', body: itemForm(officer(req), { kind: 'course' }, reply.generateCsrf(), undefined) }));

  app.post<{ Body: Record<string, unknown> }>('/content', async (req, reply) => {
    const o = officer(req);
    const form = formFromBody(req.body ?? {});
    const outcome = await saveItem(ctx.store, o, form);
    if (!outcome.ok) return ctx.render(req, reply, { title: 'Thêm mục', current: '/admin/content', status: 422, body: itemForm(o, form, reply.generateCsrf(), undefined, outcome.problems) });
    const id = (form.id ?? '').trim();
    const stored = await ctx.store.getItem(id);
    await audit(o.username, 'item.create', id, stored?.title ?? '', stored?.provinceCode);
    return reply.redirect(`/admin/content/${encodeURIComponent(id)}?saved=1`, 303);
  });

  app.get('/content/upload', async (req, reply) => ctx.render(req, reply, { title: 'Nhập từ tệp', current: '/admin/content', body: uploadForm(reply.generateCsrf()) }));

  app.post('/content/upload', async (req, reply) => {
    const o = officer(req);
    const files: Array<{ name: string; data: Buffer }> = [];
    for await (const part of req.files()) files.push({ name: part.filename.replace(/[\\/]/g, '_').slice(-120), data: await part.toBuffer() });
    const outcome = await importUploads(ctx.store, o, files);
    if (!outcome.ok) return ctx.render(req, reply, { title: 'Nhập từ tệp', current: '/admin/content', status: 422, body: uploadForm(reply.generateCsrf(), outcome.problems) });
    const r = outcome.result;
    const detail = `${files.map((f) => f.name).join(', ')}: ${r.inserted} mới, ${r.updated} cập nhật, ${r.unchanged} không đổi`;
    await audit(o.username, 'item.import', files.map((f) => f.name).join(', ').slice(0, 200), detail, o.admin ? undefined : o.provinceCode);
    return ctx.render(req, reply, { title: 'Nhập từ tệp', current: '/admin/content', notice: `Đã nhập: ${r.inserted} mục mới, ${r.updated} mục cập nhật, ${r.unchanged} mục không đổi.`, body: uploadForm(reply.generateCsrf()) });
  });

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>('/content/:id', async (req, reply) => {
    const o = officer(req);
    const item = await ctx.store.getItem(req.params.id);
    if (!item || !canRead(o, item.provinceCode)) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có mục này</h1><p><a href="/admin/content">Về danh sách</a></p>` });
    const notice = req.query.saved ? 'Đã lưu. Bot trả lời theo nội dung mới trong vài giây.' : undefined;
    if (!canWrite(o, item.provinceCode)) {
      return ctx.render(req, reply, { title: item.title, current: '/admin/content', body: html`<h1>${item.title}</h1><p class="notice">Nội dung ${provinceName(item.provinceCode)}: bạn chỉ xem được.</p><pre class="reply">${item.summary ?? ''}\n\n${item.body ?? ''}</pre>` });
    }
    return ctx.render(req, reply, { title: item.title, current: '/admin/content', ...(notice ? { notice } : {}), body: itemForm(o, formFromItem(item), reply.generateCsrf(), item.id) });
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/content/:id', async (req, reply) => {
    const o = officer(req);
    const item = await ctx.store.getItem(req.params.id);
    if (!item || !canWrite(o, item.provinceCode)) return ctx.render(req, reply, { title: 'Không được phép', status: 403, body: html`<h1>Bạn không sửa được mục này</h1>` });
    const form = formFromBody(req.body ?? {});
    const outcome = await saveItem(ctx.store, o, form, item.id);
    if (!outcome.ok) return ctx.render(req, reply, { title: 'Sửa mục', current: '/admin/content', status: 422, body: itemForm(o, form, reply.generateCsrf(), item.id, outcome.problems) });
    const stored = await ctx.store.getItem(item.id);
    await audit(o.username, 'item.update', item.id, stored?.title ?? '', stored?.provinceCode);
    return reply.redirect(`/admin/content/${encodeURIComponent(item.id)}?saved=1`, 303);
  });
}
