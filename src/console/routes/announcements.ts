/**
 * Announcements: compose (text, linked item, topics, provinces, channels; now, a time or a repeating
 * schedule), preview (the message as people see it, the audience per channel and how many quiet hours
 * hold back), then schedule; the list, live progress and cancel. Every rule is the broadcast domain's
 * (draft.ts, audience.ts, message.ts, quiet-hours.ts); the running bot's jobs send it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { countAudience, describeAudience, PUSH_CHANNELS } from '../../broadcast/audience.js';
import { previewReach, TIER_VI, ZALO_TIERS } from '../../broadcast/reach-preview.js';
import { DraftError, parseDateTime, parseProvince, toAnnouncementInput, whenNote, type Draft, type When } from '../../broadcast/draft.js';
import { announcementReply } from '../../broadcast/message.js';
import { NOTIFICATION_CREATOR } from '../../broadcast/notifier.js';
import { quietPolicy, sendableAt } from '../../broadcast/quiet-hours.js';
import { TOPIC_LABELS, TOPICS } from '../../broadcast/topics.js';
import type { Announcement, AnnouncementInput, ChannelName, Topic } from '../../store/types.js';
import { PROVINCES } from '../../text/provinces.js';
import { csrfField, field, formatTime, html, raw, type Html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { area, provinceName, type Officer } from '../scope.js';

const STATUS_VI = { scheduled: 'đã hẹn', sending: 'đang gửi', done: 'đã gửi xong', cancelled: 'đã hủy' } as const;
const CHANNEL_VI: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo', web: 'Web chat' };

interface ComposeForm {
  text: string;
  item: string;
  topics: string[];
  provinces: string[];
  channels: string[];
  when: string;
  at: string;
  cron: string;
  promotional: boolean;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : []);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function readForm(body: Record<string, unknown>): ComposeForm {
  return {
    text: str(body.text),
    item: str(body.item).trim(),
    topics: list(body.topics),
    provinces: list(body.provinces),
    channels: list(body.channels),
    when: str(body.when) || 'now',
    at: str(body.at),
    cron: str(body.cron),
    promotional: body.promotional === '1',
  };
}

/** The draft the officer asked for, within their provinces (their own when they name none). */
function toDraft(o: Officer, f: ComposeForm, timeZone: string): Draft {
  const mine = area(o);
  let provinceCodes = f.provinces.filter(Boolean).map(parseProvince);
  if (mine) {
    if (provinceCodes.some((c) => !mine.includes(c))) throw new DraftError(`bạn chỉ gửi được cho ${mine.map(provinceName).join(', ') || 'tỉnh mình phụ trách'}`);
    if (!provinceCodes.length) provinceCodes = mine;
    if (!provinceCodes.length) throw new DraftError('tài khoản chưa có tỉnh phụ trách');
  }
  const when: When =
    f.when === 'at' ? { kind: 'at', at: parseDateTime(f.at.replace('T', ' '), timeZone) } : f.when === 'cron' ? { kind: 'cron', expression: f.cron.trim() } : { kind: 'now' };
  return {
    text: f.text,
    topics: f.topics.filter((t): t is Topic => (TOPICS as readonly string[]).includes(t)),
    provinceCodes,
    channels: f.channels.filter((c): c is ChannelName => (PUSH_CHANNELS as readonly string[]).includes(c)),
    when,
    createdBy: `console:${o.username}`,
    ...(f.item ? { itemId: f.item } : {}),
    ...(f.promotional ? { promotional: true } : {}),
  };
}

/** An officer handles the announcements of their own provinces; an admin all of them. */
function visible(o: Officer, a: Announcement): boolean {
  if (a.createdBy === NOTIFICATION_CREATOR) return false;
  const mine = area(o);
  return !mine || (a.provinceCodes.length > 0 && a.provinceCodes.every((c) => mine.includes(c)));
}

function composeForm(o: Officer, f: ComposeForm, csrf: string, error?: string): Html {
  const check = (name: string, value: string, label: string, on: boolean) =>
    html`<label class="row"><input type="checkbox" name="${name}" value="${value}"${on ? raw(' checked') : ''}> ${label}</label>`;
  const mine = area(o);
  const provinceChoices = PROVINCES.filter((p) => !mine || mine.includes(p.code));
  return html`<h2>Soạn thông báo</h2>${error ? html`<p class="alert" role="alert">${error}</p>` : ''}
<form method="post" action="/admin/announcements/preview" class="box">${csrfField(csrf)}
${field({ name: 'text', label: 'Nội dung', value: f.text, rows: 5, required: true })}
${field({ name: 'item', label: 'Kèm mục nội dung (mã, không bắt buộc)', value: f.item })}
<fieldset><legend>Chủ đề (bỏ trống: mọi chủ đề)</legend>${TOPICS.map((t) => check('topics', t, TOPIC_LABELS[t], f.topics.includes(t)))}</fieldset>
<div class="field"><label for="f-provinces">Tỉnh/thành${mine ? '' : ' (bỏ trống: cả nước)'}</label><select id="f-provinces" name="provinces" multiple size="4">${provinceChoices.map(
    (p) => html`<option value="${p.code}"${f.provinces.includes(p.code) ? raw(' selected') : ''}>${p.name}</option>`,
  )}</select></div>
<fieldset><legend>Kênh (bỏ trống: mọi kênh)</legend>${PUSH_CHANNELS.map((c) => check('channels', c, CHANNEL_VI[c] ?? c, f.channels.includes(c)))}</fieldset>
<fieldset><legend>Khi nào</legend>
<label class="row"><input type="radio" name="when" value="now"${f.when === 'now' ? raw(' checked') : ''}> Gửi ngay</label>
<label class="row"><input type="radio" name="when" value="at"${f.when === 'at' ? raw(' checked') : ''}> Hẹn giờ (giờ Việt Nam)</label>
${field({ name: 'at', label: 'Thời điểm', type: 'datetime-local', value: f.at })}
<label class="row"><input type="radio" name="when" value="cron"${f.when === 'cron' ? raw(' checked') : ''}> Lặp lại theo lịch</label>
${field({ name: 'cron', label: 'Lịch cron', value: f.cron, hint: 'ví dụ "0 7 * * 1": 7 giờ sáng thứ Hai' })}</fieldset>
${check('promotional', '1', 'Tin quảng bá (qua Zalo không gửi từ 22 giờ đến 6 giờ)', f.promotional)}
<p><button>Xem trước</button></p></form>`;
}

/** The same form, every field hidden, to confirm what was previewed. */
function confirmForm(f: ComposeForm, csrf: string): Html {
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  return html`<form method="post" action="/admin/announcements" class="inline">${csrfField(csrf)}${hidden('text', f.text)}${hidden('item', f.item)}${f.topics.map((t) => hidden('topics', t))}${f.provinces.map((p) =>
    hidden('provinces', p),
  )}${f.channels.map((c) => hidden('channels', c))}${hidden('when', f.when)}${hidden('at', f.at)}${hidden('cron', f.cron)}${f.promotional ? hidden('promotional', '1') : ''}<button>Xác nhận gửi</button></form>`;
}

async function previewBody(ctx: ConsoleContext, input: AnnouncementInput, f: ComposeForm, csrf: string): Promise<Html> {
  const now = ctx.now();
  const policy = quietPolicy(ctx.config);
  const item = input.itemId ? await ctx.store.getItem(input.itemId) : undefined;
  const shown = announcementReply({ ...input, id: '', status: 'scheduled', createdAt: now.toISOString() }, item);
  const due = new Date(input.sendAt ?? now.toISOString());
  const channels = (input.channels.length ? input.channels : PUSH_CHANNELS).filter((c) => PUSH_CHANNELS.includes(c));
  const rows: Html[] = [];
  for (const channel of channels) {
    const n = await countAudience(ctx.store, { ...input, channels: [channel] });
    const held = !input.cron && sendableAt(due, policy, channel, Boolean(input.promotional)).getTime() > due.getTime() ? n : 0;
    rows.push(html`<tr><td>${CHANNEL_VI[channel] ?? channel}</td><td>${n}</td><td>${held}</td></tr>`);
  }
  // Zalo by route: inside the chat window, by template (user id, consented phone), or not reachable.
  const reach = channels.includes('zalo') ? await previewReach(ctx.store, input, ctx.config, now, item) : undefined;
  const zaloRoutes = reach?.channels.zalo
    ? html`<h2>Zalo theo cách gửi</h2><div class="scroll"><table><tbody>${ZALO_TIERS.map((t) => html`<tr><td>${TIER_VI[t]}</td><td>${reach.zalo[t]}</td></tr>`)}</tbody></table></div>
<p>Tin mẫu ước tính: ${reach.templateMessages} × ${reach.pricePerTemplateVnd.toLocaleString('vi-VN')} đ = ${reach.costVnd.toLocaleString('vi-VN')} đ.</p>`
    : '';
  return html`<h1>Xem trước thông báo</h1>
<div class="box"><pre class="reply">${shown.text}</pre>${(shown.buttons ?? []).flat().map((b) => html`<span class="tag">${b.label}</span> `)}</div>
<p>Người nhận: ${describeAudience(input)}. Gửi: ${whenNote(input, now, policy)}.</p>
<div class="scroll"><table><thead><tr><th scope="col">Kênh</th><th scope="col">Người nhận</th><th scope="col">Bị giữ do giờ nghỉ</th></tr></thead><tbody>${rows}</tbody></table></div>
${zaloRoutes}
<p class="row">${confirmForm(f, csrf)} <a class="btn light" href="/admin/announcements">Sửa lại</a></p>`;
}

export function announcementRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const officer = (req: FastifyRequest) => req.officer!.account as Officer;
  const empty: ComposeForm = { text: '', item: '', topics: [], provinces: [], channels: [], when: 'now', at: '', cron: '', promotional: false };

  const listPage = async (o: Officer, csrf: string, form = empty, error?: string): Promise<Html> => {
    const all = (await ctx.store.listAnnouncements()).filter((a) => visible(o, a)).slice(-50).reverse();
    const rows: Html[] = [];
    for (const a of all) {
      const s = await ctx.store.deliveryStats(a.id);
      rows.push(html`<tr><td><a href="/admin/announcements/${a.id}">${a.text.length > 60 ? a.text.slice(0, 59) + '…' : a.text}</a></td><td>${STATUS_VI[a.status]}</td>
<td>${a.cron ? `lịch ${a.cron}` : formatTime(a.sendAt)}</td><td>${s.sent}/${s.total}</td><td>${a.createdBy}</td></tr>`);
    }
    return html`<h1>Thông báo</h1><div class="scroll"><table><thead><tr><th scope="col">Nội dung</th><th scope="col">Trạng thái</th><th scope="col">Gửi lúc</th><th scope="col">Đã gửi</th><th scope="col">Người tạo</th></tr></thead><tbody>${rows}</tbody></table></div>
${composeForm(o, form, csrf, error)}`;
  };

  app.get('/announcements', async (req, reply) => ctx.render(req, reply, { title: 'Thông báo', current: '/admin/announcements', body: await listPage(officer(req), reply.generateCsrf()) }));

  /** Preview and create share the checks: a draft that fails goes back to the form with the reason. */
  const checked = async (req: FastifyRequest<{ Body: Record<string, unknown> }>) => {
    const form = readForm(req.body ?? {});
    try {
      return { form, input: await toAnnouncementInput(ctx.store, toDraft(officer(req), form, ctx.config.TIMEZONE), ctx.now(), ctx.config.TIMEZONE) };
    } catch (err) {
      if (err instanceof DraftError) return { form, error: err.message };
      throw err;
    }
  };

  app.post<{ Body: Record<string, unknown> }>('/announcements/preview', async (req, reply) => {
    const { form, input, error } = await checked(req);
    if (!input) return ctx.render(req, reply, { title: 'Thông báo', current: '/admin/announcements', status: 422, body: await listPage(officer(req), reply.generateCsrf(), form, error) });
    return ctx.render(req, reply, { title: 'Xem trước', current: '/admin/announcements', body: await previewBody(ctx, input, form, reply.generateCsrf()) });
  });

  app.post<{ Body: Record<string, unknown> }>('/announcements', async (req, reply) => {
    const o = officer(req);
    const { form, input, error } = await checked(req);
    if (!input) return ctx.render(req, reply, { title: 'Thông báo', current: '/admin/announcements', status: 422, body: await listPage(o, reply.generateCsrf(), form, error) });
    const now = ctx.now();
    const { announcement } = await ctx.store.createAnnouncement(input, now);
    await ctx.store.console.appendAudit({ actor: o.username, action: 'announcement.create', target: announcement.id, detail: describeAudience(input), ...(o.provinceCode ? { provinceCode: o.provinceCode } : {}) }, now);
    return reply.redirect(`/admin/announcements/${announcement.id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/announcements/:id', async (req, reply) => {
    const o = officer(req);
    const a = await ctx.store.getAnnouncement(req.params.id);
    if (!a || !visible(o, a)) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có thông báo này trong phạm vi của bạn</h1>` });
    const s = await ctx.store.deliveryStats(a.id);
    const live = a.status === 'sending' || (a.status === 'scheduled' && !a.cron);
    // While it runs the page reloads itself (a meta refresh: no script needed).
    if (live) void reply.header('refresh', '5');
    const failures = s.failed ? await ctx.store.console.failedDeliveryErrors(a.id) : [];
    const reasons = new Map<string, number>();
    // The outbox keeps its retry counts in front of the reason ("[t=1 s=2] 403: blocked"): count by reason.
    for (const f of failures) {
      const reason = f.error.replace(/^\[t=\d+ s=\d+\]\s*/, '') || 'không rõ';
      reasons.set(reason, (reasons.get(reason) ?? 0) + f.count);
    }
    const why = reasons.size
      ? html`<h2>Lỗi theo lý do</h2><ul>${[...reasons].sort((x, y) => y[1] - x[1]).map(([reason, n]) => html`<li>${reason}: ${n}</li>`)}</ul>`
      : '';
    const stats = html`<div class="scroll"><table><thead><tr><th scope="col">Tổng</th><th scope="col">Đã gửi</th><th scope="col">Chờ gửi</th><th scope="col">Đang gửi</th><th scope="col">Lỗi</th><th scope="col">Không rõ</th></tr></thead>
<tbody><tr><td>${s.total}</td><td>${s.sent}</td><td>${s.pending}</td><td>${s.claimed}</td><td>${s.failed}</td><td>${s.unknown}</td></tr></tbody></table></div>`;
    const cancel =
      a.status === 'scheduled' || a.status === 'sending'
        ? html`<form method="post" action="/admin/announcements/${a.id}/cancel" class="inline">${csrfField(reply.generateCsrf())}<button class="btn danger">Hủy thông báo</button></form>`
        : '';
    const body = html`<h1>Thông báo ${a.id}</h1><p>Trạng thái: <b>${STATUS_VI[a.status]}</b> · ${a.cron ? `lặp lại theo lịch ${a.cron}` : `gửi lúc ${formatTime(a.sendAt)}`}</p>
<p>${describeAudience(a)}</p><pre class="reply">${a.text}</pre>${stats}${why}<p class="row">${cancel} <a href="/admin/announcements">Về danh sách</a></p>`;
    return ctx.render(req, reply, { title: 'Thông báo', current: '/admin/announcements', body });
  });

  app.post<{ Params: { id: string } }>('/announcements/:id/cancel', async (req, reply) => {
    const o = officer(req);
    const a = await ctx.store.getAnnouncement(req.params.id);
    if (!a || !visible(o, a)) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có thông báo này trong phạm vi của bạn</h1>` });
    // Compare-and-set, as the CLI does: a fan-out or "done" that won the race is not overwritten.
    if (await ctx.store.updateAnnouncement(a.id, { status: 'cancelled' }, { status: ['scheduled', 'sending'] })) {
      await ctx.store.console.appendAudit({ actor: o.username, action: 'announcement.cancel', target: a.id, ...(o.provinceCode ? { provinceCode: o.provinceCode } : {}) }, ctx.now());
    }
    return reply.redirect(`/admin/announcements/${a.id}`, 303);
  });
}
