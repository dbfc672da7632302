/**
 * The "are you sure?" dialog of a person's own enrolments as a table of steps: cancelling one
 * enrolment, or erasing their personal data. Each step has one function for the answer, read by
 * the shared confirmAnswer ("có", "hủy đi" go ahead; "không", "thôi" keep things). The state is
 * checked when read back.
 */
import { z } from 'zod';
import { confirmAnswer } from '../../src/conversation/answers.js';
import { dialogTable } from '../../src/conversation/dialog-state.js';
import type { TurnContext } from '../../src/conversation/handler.js';
import { cancelAction, eraseConfirmAction, unenrollConfirmAction } from '../../src/enrollment/actions.js';
import { cancelAndNotify } from '../../src/enrollment/cancel.js';
import { button, buttonRows, fixedButton } from '../../src/replies/actions.js';
import { coursesButton, menuReply, MENU_ROW } from '../../src/replies/menu.js';
import type { Reply } from '../../src/replies/model.js';
import type { Enrollment } from '../../src/store/types.js';

export const MY_ENROLLMENTS_DIALOG = 'my-enrollments';

export const myEnrollmentsDialog = dialogTable(MY_ENROLLMENTS_DIALOG, ['cancel', 'erase'], z.object({ enrollmentId: z.string().min(1).optional() }));

const keepButton = () => fixedButton('↩️ Không, giữ lại', cancelAction);

export const keptReply = (): Reply => menuReply('Dạ, mình giữ nguyên ạ.');

/** Asks before cancelling one enrolment of this user. */
export async function askCancel(ctx: TurnContext, e: Enrollment): Promise<Reply[]> {
  const course = await ctx.store.getItem(e.courseId);
  myEnrollmentsDialog.set(ctx, 'cancel', { enrollmentId: e.id });
  const waiting = e.status === 'enrolled' ? ' Chỗ của bạn sẽ nhường cho người đang chờ.' : '';
  return [
    {
      text: `Bạn chắc chắn muốn hủy đăng ký lớp "${course?.title ?? e.courseId}"?${waiting}`,
      buttons: buttonRows([button('✅ Có, hủy đăng ký', unenrollConfirmAction, e.id)], [keepButton()]),
    },
  ];
}

export async function doCancel(ctx: TurnContext, enrollmentId: string): Promise<Reply[]> {
  ctx.setDialog(undefined);
  // Only the person's own enrolment: an id from someone else's button does nothing.
  const mine = await ctx.store.listEnrollments({ user: ctx.user, includeCancelled: true });
  const e = mine.find((x) => x.id === enrollmentId);
  if (!e) return [menuReply('Mình không tìm thấy đăng ký này trong các lớp của bạn.')];
  const course = await ctx.store.getItem(e.courseId);
  const title = course?.title ?? e.courseId;
  if (e.status === 'cancelled') return [menuReply(`Đăng ký lớp "${title}" đã được hủy trước đó rồi ạ.`)];
  await cancelAndNotify(ctx, e);
  return [
    {
      text: `Đã hủy đăng ký lớp "${title}". Cảm ơn bạn đã báo để nhường chỗ cho người khác. Khi cần, bạn đăng ký lại lúc nào cũng được.`,
      buttons: [[coursesButton()], MENU_ROW],
    },
  ];
}

export function askErase(ctx: TurnContext): Reply[] {
  myEnrollmentsDialog.set(ctx, 'erase', {});
  return [
    {
      text:
        'Bạn muốn xóa họ tên, số điện thoại và các đăng ký nhận tin đã gửi cho mình?\n' +
        'Các lớp bạn đang đăng ký hoặc đang chờ cũng sẽ bị hủy. Việc này không hoàn tác được.',
      buttons: [[fixedButton('🗑 Xóa thông tin của tôi', eraseConfirmAction)], [keepButton()]],
    },
  ];
}

export async function doErase(ctx: TurnContext): Promise<Reply[]> {
  ctx.setDialog(undefined);
  const active = await ctx.store.listEnrollments({ user: ctx.user });
  // Cancel first: a seat held by someone nobody can reach any more is a seat lost to the waiting list.
  for (const e of active) await cancelAndNotify(ctx, e, true);
  const erased = await ctx.store.erasePersonalData(ctx.user);
  await ctx.store.unsubscribe(ctx.user);
  const what = erased > 0 ? `Mình đã xóa họ tên và số điện thoại của bạn (${erased} lượt đăng ký)` : 'Mình không còn lưu họ tên hay số điện thoại nào của bạn';
  return [menuReply(`🗑 ${what} và ngừng gửi tin cho bạn. Khi cần, bạn cứ nhắn lại mình nhé.`)];
}

/** One step's answer to "yes": what it goes ahead with; undefined when its state lacks what it needs. */
export const CONFIRM_STEPS: Record<'cancel' | 'erase', (ctx: TurnContext, data: { enrollmentId?: string | undefined }) => Promise<Reply[]> | undefined> = {
  cancel: (ctx, { enrollmentId }) => (enrollmentId ? doCancel(ctx, enrollmentId) : undefined),
  erase: (ctx) => doErase(ctx),
};

/**
 * A typed message while the question is open: "yes" goes ahead, "no" keeps things. Anything else
 * (or a state that no longer reads back) drops the question: undefined, and the message is then
 * handled as a new request.
 */
export async function answerQuestion(ctx: TurnContext, text: string): Promise<Reply[] | undefined> {
  const open = myEnrollmentsDialog.open(ctx.dialog);
  const answer = confirmAnswer(text);
  if (open && answer === 'yes') {
    const done = CONFIRM_STEPS[open.step](ctx, open.data);
    if (done) return done;
  }
  ctx.setDialog(undefined);
  return open && answer === 'no' ? [keptReply()] : undefined;
}
