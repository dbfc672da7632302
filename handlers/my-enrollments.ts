/**
 * A person's own enrolments: see them ("lớp đã đăng ký"), cancel one ("hủy đăng ký lớp hàn" picks
 * the matching one or asks which), and erase their personal data ("xóa thông tin của tôi").
 * Cancelling and erasing ask first; "có" works as well as the button, so the question is a tiny
 * dialog (my-enrollments/steps.ts). A cancellation that frees a seat moves the first waiting
 * person up and tells them.
 */
import type { StoredItem } from '../src/content/model.js';
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { analysisOf, answerMessage } from '../src/conversation/understanding.js';
import { isQuestion } from '../src/engine/clauses.js';
import {
  cancelAction,
  eraseAction,
  eraseConfirmAction,
  myEnrollmentsAction,
  unenrollAction,
  unenrollConfirmAction,
} from '../src/enrollment/actions.js';
import { enrollmentDetails } from '../src/enrollment/replies.js';
import { actionNames, button, buttonRows } from '../src/replies/actions.js';
import { coursesButton, menuReply, MENU_ROW } from '../src/replies/menu.js';
import type { Button, Reply } from '../src/replies/model.js';
import type { Enrollment } from '../src/store/types.js';
import { foldVi } from '../src/text/fold.js';
import { provinceByCode } from '../src/text/provinces.js';
import { answerQuestion, askCancel, askErase, doCancel, doErase, keptReply, MY_ENROLLMENTS_DIALOG, myEnrollmentsDialog } from './my-enrollments/steps.js';

async function courses(ctx: TurnContext, list: Enrollment[]): Promise<Map<string, StoredItem>> {
  const items = await ctx.store.getItems([...new Set(list.map((e) => e.courseId))]);
  return new Map(items.map((i) => [i.id, i]));
}

const titleOf = (e: Enrollment, byId: Map<string, StoredItem>) => byId.get(e.courseId)?.title ?? e.courseId;

function cancelButtons(list: Enrollment[], byId: Map<string, StoredItem>): Button[][] {
  return buttonRows(...list.slice(0, 5).map((e) => [button(`❌ Hủy: ${titleOf(e, byId)}`.slice(0, 60), unenrollAction, e.id)]));
}

async function listMine(ctx: TurnContext): Promise<Reply[]> {
  const mine = await ctx.store.listEnrollments({ user: ctx.user });
  if (mine.length === 0) {
    return [{ text: 'Bạn chưa đăng ký lớp nào. Xem các lớp đang nhận đăng ký nhé:', buttons: [[coursesButton()], MENU_ROW] }];
  }
  const byId = await courses(ctx, mine);
  const blocks = mine.map((e) => enrollmentDetails(e, byId.get(e.courseId)));
  return [
    {
      text: `📋 Các lớp bạn đã đăng ký (${mine.length}):\n\n${blocks.join('\n\n')}`,
      buttons: [...cancelButtons(mine, byId), MENU_ROW],
    },
  ];
}

/** Words of "hủy đăng ký lớp hàn ở Vĩnh Long" that name the course. */
function cancelQuery(ctx: TurnContext, text: string): string[] {
  return analysisOf(ctx, text)
    .folded.replace(/\b(?:huy|rut|xin|dang ky|dang ki|ghi danh|khong|muon|hoc|nua|lop|khoa hoc|khoa|toi|minh|em|cho|o|tai|cua|giup|nhe|nha|a|bo|ten)\b/g, ' ')
    .split(' ')
    .filter(Boolean);
}

/** "hủy đăng ký lớp hàn": the one enrolment meant, or a question which. */
async function pickToCancel(ctx: TurnContext): Promise<Reply[] | undefined> {
  const mine = await ctx.store.listEnrollments({ user: ctx.user });
  if (mine.length === 0) {
    // "Đăng ký rồi mà bận … thì hủy sao?" from someone with nothing enrolled here (perhaps at the
    // centre): a question about cancelling, which the content answers, goes to the question handler.
    if (isQuestion(ctx.msg.text ?? '') && (await answerMessage(ctx)).results.length > 0) return undefined;
    return [menuReply('Bạn chưa đăng ký lớp nào nên không có gì để hủy ạ.')];
  }
  const byId = await courses(ctx, mine);
  const words = cancelQuery(ctx, ctx.msg.text ?? '');
  if (words.length === 0) {
    if (mine.length === 1) return askCancel(ctx, mine[0]!);
    return [{ text: 'Bạn muốn hủy đăng ký lớp nào?', buttons: [...cancelButtons(mine, byId), MENU_ROW] }];
  }
  // Score each enrolment by how many of the words its course's title, trade or province contains.
  const scored = mine.map((e) => {
    const c = byId.get(e.courseId);
    const hay = ` ${foldVi([c?.title, c?.trade, c?.province, provinceByCode(c?.provinceCode ?? '')?.name, e.courseId.replace(/-/g, ' ')].filter(Boolean).join(' '))} `;
    return { e, score: words.filter((w) => hay.includes(` ${w} `)).length };
  });
  const best = Math.max(...scored.map((s) => s.score));
  const matches = best > 0 ? scored.filter((s) => s.score === best).map((s) => s.e) : [];
  if (matches.length === 1) return askCancel(ctx, matches[0]!);
  if (matches.length > 1) return [{ text: 'Có mấy lớp khớp, bạn muốn hủy lớp nào?', buttons: [...cancelButtons(matches, byId), MENU_ROW] }];
  return [
    {
      text: 'Mình không thấy lớp đó trong các lớp bạn đã đăng ký. Bạn chọn lớp muốn hủy:',
      buttons: [...cancelButtons(mine, byId), MENU_ROW],
    },
  ];
}

async function onAction(ctx: TurnContext, action: string): Promise<Reply[] | undefined> {
  if (myEnrollmentsAction.decode(action)) return listMine(ctx);
  const asked = unenrollAction.decode(action);
  if (asked) {
    const e = (await ctx.store.listEnrollments({ user: ctx.user })).find((x) => x.id === asked);
    if (!e) return [menuReply('Đăng ký này không còn (có thể đã hủy trước đó).')];
    return askCancel(ctx, e);
  }
  const confirmed = unenrollConfirmAction.decode(action);
  if (confirmed) return doCancel(ctx, confirmed);
  if (eraseAction.decode(action)) return askErase(ctx);
  if (eraseConfirmAction.decode(action)) return doErase(ctx);
  const open = ctx.dialog?.dialog === MY_ENROLLMENTS_DIALOG;
  // "↩️ Không, giữ lại" under the question.
  if (open && cancelAction.decode(action)) {
    ctx.setDialog(undefined);
    return [keptReply()];
  }
  // Another button: the question is dropped and that button answered by its owner.
  myEnrollmentsDialog.close(ctx);
  return undefined;
}

export const myEnrollmentsHandler: Handler = {
  name: MY_ENROLLMENTS_DIALOG,
  actions: actionNames(myEnrollmentsAction, unenrollAction, unenrollConfirmAction, eraseAction, eraseConfirmAction),
  async handle(ctx) {
    const { msg } = ctx;
    if (msg.kind === 'action' && msg.action) return onAction(ctx, msg.action);
    if (msg.kind !== 'text') return undefined;
    if (ctx.dialog?.dialog === MY_ENROLLMENTS_DIALOG) {
      const answered = await answerQuestion(ctx, msg.text ?? '');
      if (answered) return answered;
    }
    switch (ctx.intent) {
      case 'my_enrollments':
        return listMine(ctx);
      case 'cancel_enrollment':
        return pickToCancel(ctx);
      case 'erase_data':
        return askErase(ctx);
      default:
        return undefined;
    }
  },
};
