/**
 * Deleting a content item: a confirmation page, then the POST that deletes. The officer's province
 * rule decides (national items only by an admin); a course anyone enrolled in is refused by the
 * store, so its enrolment list keeps its course; so is an item an announcement still to be sent
 * links to. The answer engine of this process is refreshed at
 * once; other processes drop the item at their next look at the content revision.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KIND_LABELS, type StoredItem } from '../../content/model.js';
import type { Announcement } from '../../store/types.js';
import { deleteItem, pendingAnnouncementsLinking } from '../content-edit.js';
import { csrfField, formatTime, html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { canRead, canWrite, officerOf, provinceName } from '../scope.js';

type Params = { Params: { id: string } };

function announcementsRefusal(item: StoredItem, announcements: Announcement[]) {
  return html`<h1>Không xóa được: ${item.title}</h1>
<p class="alert" role="alert">Còn ${announcements.length} thông báo chưa gửi có nút "Xem chi tiết" mở mục này. Xóa mục thì các thông báo đó mất nút của nó, nên hệ thống không cho xóa. Hủy (hoặc chờ gửi xong) các thông báo này rồi xóa lại:</p>
<ul>${announcements.map((a) => html`<li><a href="/admin/announcements/${a.id}">${a.text.split('\n')[0]!.slice(0, 80)}</a></li>`)}</ul>
<p class="row"><a class="btn" href="/admin/content/${item.id}">Về mục này</a></p>`;
}

function enrolmentsRefusal(item: StoredItem, enrolments: number) {
  return html`<h1>Không xóa được: ${item.title}</h1>
<p class="alert" role="alert">Khóa học này có ${enrolments} lượt đăng ký (kể cả lượt đã hủy). Xóa khóa học thì danh sách đăng ký mất khóa học của nó, nên hệ thống không cho xóa.</p>
<p>Muốn bot thôi giới thiệu khóa này: sửa <b>Hạn đăng ký</b> hoặc <b>Ngày kết thúc</b> về một ngày đã qua.</p>
<p class="row"><a class="btn" href="/admin/content/${item.id}">Sửa mục này</a> <a class="btn light" href="/admin/enrollments">Xem đăng ký học</a></p>`;
}

export function contentRemoveRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  /** The item if the officer may delete it; otherwise undefined, the refusal sent (404 unseen, 403 read-only). */
  async function removable(req: FastifyRequest<Params>, reply: FastifyReply): Promise<StoredItem | undefined> {
    const o = officerOf(req);
    const item = await ctx.store.getItem(req.params.id);
    if (!item || !canRead(o, item.provinceCode)) {
      ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Không có mục này</h1><p><a href="/admin/content">Về danh sách</a></p>` });
      return undefined;
    }
    if (!canWrite(o, item.provinceCode)) {
      ctx.render(req, reply, { title: 'Không được phép', status: 403, body: html`<h1>Bạn không xóa được mục này</h1><p>Nội dung ${provinceName(item.provinceCode)} chỉ quản trị viên xóa được.</p>` });
      return undefined;
    }
    return item;
  }

  app.get<Params>('/content/:id/delete', async (req, reply) => {
    const item = await removable(req, reply);
    if (!item) return reply;
    const title = `Xóa ${item.title}`;
    if (item.kind === 'course') {
      const enrolments = (await ctx.store.listEnrollments({ courseId: item.id, includeCancelled: true })).length;
      if (enrolments > 0) return ctx.render(req, reply, { title, current: '/admin/content', status: 409, body: enrolmentsRefusal(item, enrolments) });
    }
    const linked = await pendingAnnouncementsLinking(ctx.store, item.id);
    if (linked.length > 0) return ctx.render(req, reply, { title, current: '/admin/content', status: 409, body: announcementsRefusal(item, linked) });
    const body = html`<h1>Xóa mục này?</h1>
<dl class="box"><dt>Tiêu đề</dt><dd>${item.title}</dd><dt>Mã</dt><dd>${item.id}</dd><dt>Loại</dt><dd>${KIND_LABELS[item.kind]}</dd>
<dt>Tỉnh/thành</dt><dd>${provinceName(item.provinceCode)}</dd><dt>Cập nhật</dt><dd>${formatTime(item.importedAt)}</dd></dl>
<p class="alert" role="alert">Bot sẽ thôi trả lời bằng mục này. Không hoàn tác được: muốn có lại thì thêm hoặc nhập lại mục cùng mã.</p>
<form method="post" action="/admin/content/${item.id}/delete" class="row">${csrfField(reply.generateCsrf())}
<button class="btn danger">Xóa hẳn</button> <a class="btn light" href="/admin/content/${item.id}">Không xóa</a></form>`;
    return ctx.render(req, reply, { title, current: '/admin/content', body });
  });

  app.post<Params>('/content/:id/delete', async (req, reply) => {
    const o = officerOf(req);
    const item = await removable(req, reply);
    if (!item) return reply;
    const outcome = await deleteItem(ctx.store, o.username, item.id, ctx.now());
    if (!outcome.removed && outcome.reason === 'enrolments') {
      return ctx.render(req, reply, { title: `Xóa ${item.title}`, current: '/admin/content', status: 409, body: enrolmentsRefusal(item, outcome.enrolments) });
    }
    if (!outcome.removed && outcome.reason === 'announcements') {
      return ctx.render(req, reply, { title: `Xóa ${item.title}`, current: '/admin/content', status: 409, body: announcementsRefusal(item, outcome.announcements) });
    }
    if (!outcome.removed) return ctx.render(req, reply, { title: 'Không có', status: 404, body: html`<h1>Mục này đã bị xóa</h1><p><a href="/admin/content">Về danh sách</a></p>` });
    // This process stops answering with it now, not at its next look at the revision.
    await ctx.engine?.refresh(true);
    return reply.redirect(`/admin/content?removed=${encodeURIComponent(outcome.item.id)}`, 303);
  });
}
