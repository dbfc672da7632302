/**
 * Cancelling one enrolment, from the person's chat or the officers' console, and telling whoever it
 * concerns: the first waiting person when they move up, and the course's officers.
 */
import type { StoredItem } from '../content/model.js';
import type { TurnContext } from '../conversation/handler.js';
import { notificationInput } from '../broadcast/notifier.js';
import { fixedButton } from '../replies/actions.js';
import { MENU_ROW } from '../replies/menu.js';
import type { Reply } from '../replies/model.js';
import type { ChangeNotices, Enrollment } from '../store/types.js';
import { myEnrollmentsAction } from './actions.js';
import { officerNotices } from './notify-officers.js';

/**
 * Cancels `e`. `anonymous` leaves the person's name and phone out of the officers' message (they
 * are erasing their data). Everyone's message is written with the cancellation, in one transaction:
 * a crash keeps both or neither.
 */
export async function cancelAndNotify(ctx: Pick<TurnContext, 'store' | 'config' | 'now'>, e: Enrollment, anonymous = false): Promise<Enrollment | undefined> {
  const course = await ctx.store.getItem(e.courseId);
  const alerts = await officerNotices(ctx, e.courseId, ctx.now);
  const notices: ChangeNotices = ({ enrollment, promoted, counts }) => {
    const shown = anonymous ? { ...enrollment, fullName: '(đã xóa thông tin)', phone: '', provinceCode: '' } : enrollment;
    const event = promoted
      ? { kind: 'cancelled' as const, enrollment: shown, promoted }
      : { kind: 'cancelled' as const, enrollment: shown };
    const out = alerts(event, counts);
    if (promoted) out.push(notificationInput({ channel: promoted.channel, userId: promoted.userId }, promotedReply(course, promoted), ctx.now, 'enrolment_confirmed'));
    return out;
  };
  const outcome = await ctx.store.cancelEnrollment(e.id, ctx.now, notices);
  return outcome.cancelled;
}

function promotedReply(course: StoredItem | undefined, p: Enrollment): Reply {
  return {
    text:
      `🎉 Tin vui: lớp "${course?.title ?? p.courseId}" đã có chỗ cho bạn!\n` +
      `Bạn được chuyển từ danh sách chờ sang danh sách học chính thức. Mã đăng ký: ${p.id}\n` +
      'Cán bộ sẽ gọi điện để hướng dẫn bạn. Nếu không học được nữa, bạn gõ "hủy đăng ký" để nhường chỗ nhé.',
    buttons: [[fixedButton('📋 Lớp đã đăng ký', myEnrollmentsAction)], MENU_ROW],
  };
}
