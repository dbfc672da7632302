/**
 * "📲 Nhận tin qua số này" under a Zalo enrolment: the user agrees that, once the chat window has
 * closed, announcements reach them by a Zalo template sent to the phone of that enrolment. Only the
 * user's own enrolment counts; erasing their data ("xóa thông tin của tôi") withdraws it.
 */
import type { Handler } from '../src/conversation/handler.js';
import { phoneConsentAction } from '../src/enrollment/actions.js';
import { formatPhone } from '../src/enrollment/phone.js';
import { menuReply } from '../src/replies/menu.js';

export const phoneConsentHandler: Handler = {
  name: 'phone-consent',
  actions: [phoneConsentAction.name],
  async handle(ctx) {
    const enrollmentId = ctx.msg.kind === 'action' ? phoneConsentAction.decode(ctx.msg.action) : undefined;
    if (!enrollmentId) return undefined;
    const own = (await ctx.store.listEnrollments({ user: ctx.user })).find((e) => e.id === enrollmentId);
    if (!own?.phone) return [menuReply('Mình không tìm thấy đăng ký này của bạn.')];
    await ctx.store.recordConsentedPhone(ctx.user, own.phone, 'enrolment', ctx.now);
    return [
      menuReply(
        `Dạ, khi lâu bạn không nhắn cho mình, thông báo về lớp học sẽ gửi qua Zalo tới số ${formatPhone(own.phone)}. ` +
          'Muốn thôi, bạn gõ "xóa thông tin của tôi".',
      ),
    ];
  },
};
