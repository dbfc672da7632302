/**
 * The summary confirmed: the enrolment is written (with the officers' alerts, in one transaction)
 * before the person is told it worked.
 */
import type { TurnContext } from '../../src/conversation/handler.js';
import { myEnrollmentsAction, phoneConsentAction } from '../../src/enrollment/actions.js';
import { officerNotices } from '../../src/enrollment/notify-officers.js';
import { button, fixedButton } from '../../src/replies/actions.js';
import { formatPhone } from '../../src/enrollment/phone.js';
import { existingReply, phoneTakenReply } from '../../src/enrollment/replies.js';
import { formatDate, provinceLabel } from '../../src/replies/format.js';
import { menuReply, MENU_ROW } from '../../src/replies/menu.js';
import type { Reply } from '../../src/replies/model.js';
import type { EnrollmentInput } from '../../src/store/types.js';
import { courseClosed } from '../../src/courses/schedule.js';
import { prompt, withNote } from './prompts.js';
import { closedReply } from './start.js';
import { freshData, setStep, type EnrollData } from './state.js';

/**
 * On Zalo the OA may write freely only for a while after the user's last message; past it, news reach
 * the user by a template sent to their phone, which needs their explicit yes (handlers/phone-consent.ts).
 */
function consentRow(ctx: TurnContext, enrollmentId: string) {
  if (ctx.user.channel !== 'zalo') return [];
  const consent = button('📲 Nhận tin qua số này', phoneConsentAction, enrollmentId);
  return consent ? [[consent]] : [];
}

/** Ends the dialog with a short word and the menu. */
export function stopped(ctx: TurnContext, d: EnrollData, note = 'Dạ, mình đã dừng việc đăng ký'): Reply[] {
  ctx.setDialog(undefined);
  return [menuReply(`${note} lớp "${d.title}". Khi cần, bạn bấm "Đăng ký học" ở lớp đó để làm lại nhé.`)];
}

export async function commit(ctx: TurnContext, d: EnrollData): Promise<Reply[]> {
  const course = await ctx.store.getItem(d.courseId);
  if (!course) return stopped(ctx, d, 'Khóa học này không còn trong dữ liệu, mình đã dừng việc đăng ký');
  if (courseClosed(course, ctx.today)) {
    ctx.setDialog(undefined);
    return [await closedReply(ctx, course)];
  }
  if (!d.fullName || !d.phone || !d.provinceCode) {
    // A summary without its answers (state written by an older version?): ask again, never store half a row.
    const fresh = freshData(d);
    setStep(ctx, 'name', fresh);
    return [withNote('Xin lỗi, mình cần hỏi lại thông tin của bạn.', prompt('name', fresh))];
  }
  const input: EnrollmentInput = {
    channel: ctx.user.channel,
    userId: ctx.user.userId,
    courseId: d.courseId,
    fullName: d.fullName,
    phone: d.phone,
    provinceCode: d.provinceCode,
    ...(d.commune ? { commune: d.commune } : {}),
  };
  let outcome;
  try {
    // The officers' alerts are written with the enrolment, in one transaction.
    const alerts = await officerNotices(ctx, d.courseId, ctx.now);
    outcome = await ctx.store.enroll(input, ctx.now, ({ enrollment, counts }) => alerts({ kind: 'enrolled', enrollment }, counts));
  } catch {
    // Keep the dialog at the summary: pressing "Xác nhận" again retries, nothing typed is lost.
    return [{ ...prompt('confirm', d), text: 'Xin lỗi, hệ thống đang bận nên chưa lưu được. Bạn bấm "Xác nhận" lại sau ít phút nhé. 🙏' }];
  }
  ctx.setDialog(undefined);
  const e = outcome.enrollment;
  if (outcome.phoneTaken) return [phoneTakenReply(course)];
  if (!outcome.created) return [existingReply(e, course)];
  const buttons = [[fixedButton('📋 Lớp đã đăng ký', myEnrollmentsAction)], ...consentRow(ctx, e.id), MENU_ROW];
  if (e.status === 'waiting') {
    return [
      {
        text:
          `📝 Bạn đã vào danh sách chờ lớp "${course.title}"${e.waitingPosition ? `, thứ ${e.waitingPosition}` : ''}.\n` +
          `Khi có người hủy, mình sẽ báo bạn ngay. Mã đăng ký: ${e.id}`,
        buttons,
      },
    ];
  }
  const when = course.startsAt ? `\n📅 Khai giảng: ${formatDate(course.startsAt)}` : '';
  const where = [course.place, provinceLabel(course)].filter(Boolean).join(', ');
  return [
    {
      text:
        `✅ Đăng ký thành công lớp "${course.title}"!${when}${where ? `\n📍 ${where}` : ''}\n` +
        `Mã đăng ký: ${e.id}\nCán bộ sẽ gọi số ${formatPhone(e.phone)} để hướng dẫn bạn. ` +
        'Muốn xem hoặc hủy, bạn gõ "lớp đã đăng ký".',
      buttons,
    },
  ];
}
