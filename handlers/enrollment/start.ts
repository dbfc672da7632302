/**
 * Opening the enrolment dialog: from a course's "Đăng ký học" button (one course) or from text
 * ("đăng ký lớp gốm": the course meant, or a list to pick from), or explaining why not.
 */
import type { StoredItem } from '../../src/content/model.js';
import type { Answer } from '../../src/engine/engine.js';
import { leadsClearly } from '../../src/engine/clear-lead.js';
import type { TurnContext } from '../../src/conversation/handler.js';
import { analysisOf } from '../../src/conversation/understanding.js';
import { subscribeToAction } from '../../src/broadcast/actions.js';
import { existingReply, PICK_LIMIT, pickReply } from '../../src/enrollment/replies.js';
import { button } from '../../src/replies/actions.js';
import { formatDate } from '../../src/replies/format.js';
import { menuReply, MENU_ROW } from '../../src/replies/menu.js';
import type { Reply } from '../../src/replies/model.js';
import { openCourses } from '../../src/courses/open-courses.js';
import { courseClosed } from '../../src/courses/schedule.js';
import { prompt, withNote } from './prompts.js';
import { ENROLL_DIALOG, setStep, type EnrollData, type Step } from './state.js';

/** Registration closed: say so kindly and offer the next open courses of the same trade. */
export async function closedReply(ctx: TurnContext, course: StoredItem): Promise<Reply> {
  const others = course.trade ? await openCourses(ctx.store, ctx.today, { trade: course.trade, excludeId: course.id, limit: 3 }) : [];
  const head = `Rất tiếc, lớp "${course.title}" đã hết hạn đăng ký${course.deadline ? ` (${formatDate(course.deadline)})` : ''}. 🙏`;
  if (others.length > 0) {
    return pickReply(`${head}\nCác lớp ${course.trade} khác vẫn đang nhận đăng ký, bạn chọn để đăng ký nhé:`, others.slice(0, 3));
  }
  const sub = button('🔔 Báo tôi khi có lớp mới', subscribeToAction, { topic: 'course', provinceCode: course.provinceCode ?? '*' });
  return {
    text: `${head}\nHiện chưa có lớp ${course.trade ?? 'tương tự'} nào khác đang mở. Bạn đăng ký nhận tin để được báo khi có lớp mới nhé.`,
    buttons: [...(sub ? [[sub]] : []), MENU_ROW],
  };
}

/** Opens the dialog for one course, or explains why not (closed, already enrolled, gone). */
export async function startEnrollment(ctx: TurnContext, courseId: string): Promise<Reply[]> {
  const endOpenDialog = () => {
    if (ctx.dialog?.dialog === ENROLL_DIALOG) ctx.setDialog(undefined);
  };
  const course = await ctx.store.getItem(courseId);
  if (!course || course.kind !== 'course') {
    endOpenDialog();
    return [menuReply('Khóa học này không còn trong dữ liệu. Bạn chọn lớp khác nhé.')];
  }
  if (courseClosed(course, ctx.today)) {
    endOpenDialog();
    return [await closedReply(ctx, course)];
  }
  const existing = (await ctx.store.listEnrollments({ user: ctx.user, courseId }))[0];
  if (existing) {
    endOpenDialog();
    return [existingReply(existing, course)];
  }
  const [counts] = await ctx.store.courseCounts(courseId);
  const full = counts?.capacity !== undefined && counts.enrolled >= counts.capacity;
  const data: EnrollData = { courseId, title: course.title, full };
  const step: Step = full ? 'waitlist' : 'name';
  setStep(ctx, step, data);
  const intro = full ? undefined : `✍️ Đăng ký lớp "${course.title}"\nMình hỏi vài thông tin thôi, gõ "hủy" bất cứ lúc nào để dừng.`;
  const ask = prompt(step, data, course);
  return [intro ? withNote(intro, ask) : ask];
}

/**
 * Starting an enrolment is a commitment: the wrong course costs the user a cancel and a new start,
 * a pick costs one tap. So an enrolment starts at once only on a wider lead than an answer is shown on
 * (clear-lead.ts, CLEAR_LEAD_SHARE).
 */
export const ENROL_LEAD_SHARE = 0.2;

/** "đăng ký học may ở Vĩnh Long" → the words that name the course ("may vinh long"). */
function courseQuery(ctx: TurnContext, text: string): string {
  return analysisOf(ctx, text)
    .folded.replace(
      /\b(?:toi|minh|em|con|chau|tui|tao|anh|chi)?\s*(?:muon|xin|can|cho|duoc|se|can duoc)?\s*(?:dang ky|dang ki|dki|ghi danh|ghi ten)\b/g,
      ' ',
    )
    .replace(/\b(?:tham gia|vao|di|hoc|lop|khoa hoc|khoa|nghe|voi|nhe|nha|a|ah|giup|gium|cho|toi|minh|em|muon|o|tai)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The courses the message's words name once the enrolment words are set aside (none: no words left). */
export async function coursesNamed(ctx: TurnContext): Promise<Answer | undefined> {
  const query = courseQuery(ctx, ctx.msg.text ?? '');
  // The province words stay in the query: the engine prefers courses there.
  return query ? ctx.engine.ask(query, { kinds: ['course'] }) : undefined;
}

/** "đăng ký lớp gốm": find the course meant; several → the user picks. */
export async function startFromText(ctx: TurnContext, named?: Answer): Promise<Reply[]> {
  const text = ctx.msg.text ?? '';
  const answer = named ?? (await coursesNamed(ctx));
  if (!answer) {
    const open = await openCourses(ctx.store, ctx.today, { limit: PICK_LIMIT });
    if (open.length === 0) return [menuReply('Hiện chưa có lớp nào đang nhận đăng ký. Bạn đăng ký nhận tin để được báo khi có lớp mới nhé.')];
    return [pickReply('Bạn muốn đăng ký lớp nào? Chọn một lớp bên dưới, hoặc gõ tên nghề, ví dụ "đăng ký học hàn".', open)];
  }
  // Naming a course to enrol in is a pick, not a question: the close matches are offered too.
  const candidates = answer.results.length > 0 ? answer.results : answer.suggestions;
  const found = (await ctx.engine.items(candidates)).filter((i) => i.kind === 'course');
  if (found.length === 0) {
    const open = await openCourses(ctx.store, ctx.today, { limit: PICK_LIMIT });
    const notFound = `Mình chưa tìm thấy lớp nào khớp với "${text.slice(0, 60)}".`;
    if (open.length === 0) return [menuReply(notFound)];
    return [pickReply(`${notFound} Các lớp đang nhận đăng ký:`, open)];
  }
  const open = found.filter((c) => !courseClosed(c, ctx.today));
  if (open.length === 0) return startEnrollment(ctx, found[0]!.id);
  const clear = answer.results.length > 0 && candidates[0]?.id === open[0]!.id && leadsClearly(candidates, ENROL_LEAD_SHARE);
  if (open.length === 1 || clear) return startEnrollment(ctx, open[0]!.id);
  return [pickReply(`Có ${open.length} lớp phù hợp, bạn muốn đăng ký lớp nào?`, open)];
}
