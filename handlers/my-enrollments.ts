/**
 * A person's own enrolments: see them ("lớp đã đăng ký"), cancel one ("hủy đăng ký lớp hàn" picks
 * the matching one or asks which), and erase their personal data ("xóa thông tin của tôi").
 * Cancelling and erasing ask first; "có" works as well as the button, so the question is a tiny
 * dialog. A cancellation that frees a seat moves the first waiting person up and tells them.
 */
import type { StoredItem } from '../src/content/model.js';
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { analysisOf } from '../src/conversation/understanding.js';
import { notificationInput } from '../src/broadcast/notifier.js';
import { officerNotices } from '../src/enrollment/notify-officers.js';
import { enrollmentDetails, MENU_ROW } from '../src/enrollment/replies.js';
import { menuReply } from '../src/replies/menu.js';
import { parseAction, type Button, type Reply } from '../src/replies/model.js';
import type { ChangeNotices, Enrollment } from '../src/store/types.js';
import { foldVi } from '../src/text/fold.js';
import { provinceByCode } from '../src/text/provinces.js';
import { myEnrollmentsAction } from '../src/enrollment/actions.js';
import { confirmAnswer } from '../src/conversation/answers.js';

const DIALOG = 'my-enrollments';

async function courses(ctx: TurnContext, list: Enrollment[]): Promise<Map<string, StoredItem>> {
  const items = await ctx.store.getItems([...new Set(list.map((e) => e.courseId))]);
  return new Map(items.map((i) => [i.id, i]));
}

const titleOf = (e: Enrollment, byId: Map<string, StoredItem>) => byId.get(e.courseId)?.title ?? e.courseId;

function cancelButtons(list: Enrollment[], byId: Map<string, StoredItem>): Button[][] {
  return list.slice(0, 5).map((e) => [{ label: `❌ Hủy: ${titleOf(e, byId)}`.slice(0, 60), action: `unenroll:${e.id}` }]);
}

async function listMine(ctx: TurnContext): Promise<Reply[]> {
  const mine = await ctx.store.listEnrollments({ user: ctx.user });
  if (mine.length === 0) {
    return [
      {
        text: 'Bạn chưa đăng ký lớp nào. Xem các lớp đang nhận đăng ký nhé:',
        buttons: [[{ label: '🎓 Khóa học nghề', action: 'browse:course' }], MENU_ROW],
      },
    ];
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

/** Asks before cancelling one enrolment of this user. */
async function askCancel(ctx: TurnContext, e: Enrollment): Promise<Reply[]> {
  const course = await ctx.store.getItem(e.courseId);
  ctx.setDialog({ dialog: DIALOG, step: 'cancel', data: { enrollmentId: e.id } });
  const waiting = e.status === 'enrolled' ? ' Chỗ của bạn sẽ nhường cho người đang chờ.' : '';
  return [
    {
      text: `Bạn chắc chắn muốn hủy đăng ký lớp "${course?.title ?? e.courseId}"?${waiting}`,
      buttons: [[{ label: '✅ Có, hủy đăng ký', action: `unenroll-ok:${e.id}` }], [{ label: '↩️ Không, giữ lại', action: 'cancel' }]],
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
async function pickToCancel(ctx: TurnContext): Promise<Reply[]> {
  const mine = await ctx.store.listEnrollments({ user: ctx.user });
  if (mine.length === 0) return [menuReply('Bạn chưa đăng ký lớp nào nên không có gì để hủy ạ.')];
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

/**
 * Cancels one enrolment and tells whoever it concerns: the first waiting person when they move up,
 * and the course's officers. `anonymous` leaves the person's name and phone out of the officers'
 * message (they are erasing their data).
 */
export async function cancelAndNotify(ctx: Pick<TurnContext, 'store' | 'config' | 'now'>, e: Enrollment, anonymous = false): Promise<Enrollment | undefined> {
  const course = await ctx.store.getItem(e.courseId);
  const alerts = await officerNotices(ctx, e.courseId, ctx.now);
  // Everyone's message is written with the cancellation, in one transaction: a crash keeps both or neither.
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
    buttons: [[{ label: '📋 Lớp đã đăng ký', action: 'myenroll' }], MENU_ROW],
  };
}

async function doCancel(ctx: TurnContext, enrollmentId: string): Promise<Reply[]> {
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
      buttons: [[{ label: '🎓 Khóa học nghề', action: 'browse:course' }], MENU_ROW],
    },
  ];
}

function askErase(ctx: TurnContext): Reply[] {
  ctx.setDialog({ dialog: DIALOG, step: 'erase', data: {} });
  return [
    {
      text:
        'Bạn muốn xóa họ tên, số điện thoại và các đăng ký nhận tin đã gửi cho mình?\n' +
        'Các lớp bạn đang đăng ký hoặc đang chờ cũng sẽ bị hủy. Việc này không hoàn tác được.',
      buttons: [[{ label: '🗑 Xóa thông tin của tôi', action: 'erase-ok' }], [{ label: '↩️ Không, giữ lại', action: 'cancel' }]],
    },
  ];
}

async function doErase(ctx: TurnContext): Promise<Reply[]> {
  ctx.setDialog(undefined);
  const active = await ctx.store.listEnrollments({ user: ctx.user });
  // Cancel first: a seat held by someone nobody can reach any more is a seat lost to the waiting list.
  for (const e of active) await cancelAndNotify(ctx, e, true);
  const erased = await ctx.store.erasePersonalData(ctx.user);
  await ctx.store.unsubscribe(ctx.user);
  const what = erased > 0 ? `Mình đã xóa họ tên và số điện thoại của bạn (${erased} lượt đăng ký)` : 'Mình không còn lưu họ tên hay số điện thoại nào của bạn';
  return [menuReply(`🗑 ${what} và ngừng gửi tin cho bạn. Khi cần, bạn cứ nhắn lại mình nhé.`)];
}

export const myEnrollmentsHandler: Handler = {
  name: DIALOG,
  actions: [myEnrollmentsAction.name, 'unenroll', 'unenroll-ok', 'erase', 'erase-ok'],
  async handle(ctx) {
    const { msg } = ctx;
    const dialog = ctx.dialog?.dialog === DIALOG ? ctx.dialog : undefined;
    if (msg.kind === 'action' && msg.action) {
      const { name, arg } = parseAction(msg.action);
      if (name === 'myenroll') return listMine(ctx);
      if (name === 'unenroll' && arg) {
        const e = (await ctx.store.listEnrollments({ user: ctx.user })).find((x) => x.id === arg);
        if (!e) return [menuReply('Đăng ký này không còn (có thể đã hủy trước đó).')];
        return askCancel(ctx, e);
      }
      if (name === 'unenroll-ok' && arg) return doCancel(ctx, arg);
      if (name === 'erase') return askErase(ctx);
      if (name === 'erase-ok') return doErase(ctx);
      if (name === 'cancel' && dialog) {
        ctx.setDialog(undefined);
        return [menuReply('Dạ, mình giữ nguyên ạ.')];
      }
      if (dialog) ctx.setDialog(undefined);
      return undefined;
    }
    if (msg.kind !== 'text') return undefined;

    if (dialog) {
      const answer = confirmAnswer(msg.text ?? '');
      if (answer === 'yes') {
        if (dialog.step === 'erase') return doErase(ctx);
        const id = dialog.data.enrollmentId;
        if (typeof id === 'string') return doCancel(ctx, id);
      }
      if (answer === 'no') {
        ctx.setDialog(undefined);
        return [menuReply('Dạ, mình giữ nguyên ạ.')];
      }
      // Something else: the question is dropped and the message handled as a new request below.
      ctx.setDialog(undefined);
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
