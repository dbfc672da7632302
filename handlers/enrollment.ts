/**
 * Enrolling in a course, as a short dialog: full name → mobile phone → province → commune (optional)
 * → summary to confirm. Starts from a course's "Đăng ký học" button (`enroll:<id>`) or from text
 * ("đăng ký lớp gốm"). The dialog state lives in the store (ctx.setDialog), so a restart resumes it
 * and an abandoned one expires in the router. The enrolment is written to the store before the
 * person is told it worked; the course's officers are told after.
 *
 * The steps are a table (enrollment/steps.ts); this file handles what every step shares: stop,
 * leaving for another request, a greeting, a shared phone, a stale button.
 */
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { isBareCancel, shortAnswer } from '../src/conversation/answers.js';
import { analysisOf, answerMessage } from '../src/conversation/understanding.js';
import { isQuestion } from '../src/engine/clauses.js';
import { requestsEnrolment, type Intent } from '../src/engine/intents.js';
import { cancelAction, enrollAction, ENROLL_FORM_ACTIONS } from '../src/enrollment/actions.js';
import { normalizePhone, PHONE_EXAMPLE } from '../src/enrollment/phone.js';
import { menuAction, menuReply } from '../src/replies/menu.js';
import { parseAction, type Reply } from '../src/replies/model.js';
import { askHandler } from './ask.js';
import { showItem } from './item.js';
import { stopped } from './enrollment/commit.js';
import { prompt, withNote } from './enrollment/prompts.js';
import { coursesNamed, startEnrollment, startFromText } from './enrollment/start.js';
import { ENROLL_DIALOG, readEnrollDialog, type EnrollDialog } from './enrollment/state.js';
import { again, phoneGiven, STEP_ACTIONS, STEP_TABLE, type StepTurn } from './enrollment/steps.js';

export { ENROLL_DIALOG } from './enrollment/state.js';
export { startEnrollment } from './enrollment/start.js';

/** Requests that are clearly something else: the dialog steps aside for them. */
const LEAVING_INTENTS: ReadonlySet<Intent> = new Set([
  'menu',
  'help',
  'my_enrollments',
  'erase_data',
  'subscribe',
  'unsubscribe',
  'my_subscriptions',
  'officer',
]);

function leftForMenu(ctx: TurnContext, title: string): Reply[] {
  ctx.setDialog(undefined);
  return [menuReply(`Mình đã dừng việc đăng ký lớp "${title}". Bạn cần gì cứ chọn bên dưới nhé.`)];
}

const resumeNote = (title: string) => `Bạn đang đăng ký dở lớp "${title}", mình hỏi tiếp nhé.`;

/** One turn inside an open dialog; undefined lets the other handlers answer (the dialog is left). */
async function continueDialog(ctx: TurnContext, { step, data: d }: EnrollDialog): Promise<Reply[] | undefined> {
  const { msg } = ctx;
  const spec = STEP_TABLE[step];
  const turn: StepTurn = {
    ctx,
    step,
    d,
    // The province question suggests the course's province, so it needs the course.
    ...(step === 'province' ? { course: await ctx.store.getItem(d.courseId) } : {}),
    text: '',
  };

  if (msg.kind === 'action' && msg.action) {
    if (cancelAction.decode(msg.action)) return stopped(ctx, d);
    const { name, arg } = parseAction(msg.action);
    const own = spec.actions?.[name]?.(turn, arg);
    if (own) return own;
    if (menuAction.decode(msg.action)) return leftForMenu(ctx, d.title);
    // A stale button of this dialog (e.g. "Xác nhận" pressed twice): ask the current step again.
    if (STEP_ACTIONS.has(name)) return [prompt(step, d, turn.course)];
    // Any other button (a course, the catalogue...) is a new request: leave quietly and let it answer.
    ctx.setDialog(undefined);
    return undefined;
  }

  if (msg.kind === 'start') {
    if (msg.payload) {
      ctx.setDialog(undefined);
      return undefined;
    }
    return [withNote(resumeNote(d.title), prompt(step, d, turn.course))];
  }

  if (msg.kind === 'contact') {
    if (step !== 'phone') return [prompt(step, d, turn.course)];
    if (!msg.contact?.isOwn) return again(turn, 'Bạn gửi số điện thoại của chính mình giúp mình nhé (hoặc gõ số).');
    const phone = normalizePhone(msg.contact.phone);
    if (!phone) return again(turn, `Số này không phải số di động Việt Nam. Bạn gõ số di động, ví dụ ${PHONE_EXAMPLE}.`);
    return phoneGiven(ctx, d, phone);
  }

  if (msg.kind !== 'text' || !msg.text) return [prompt(step, d, turn.course)];
  turn.text = msg.text.trim();
  turn.answer = shortAnswer(turn.text);

  if (turn.answer === 'cancel') return stopped(ctx, d);
  if (ctx.intent && LEAVING_INTENTS.has(ctx.intent)) {
    if (ctx.intent === 'menu' || ctx.intent === 'help') return leftForMenu(ctx, d.title);
    ctx.setDialog(undefined);
    return undefined;
  }
  if (ctx.intent === 'cancel_enrollment') {
    // "hủy đăng ký lớp may": about an earlier enrolment, not this form.
    ctx.setDialog(undefined);
    return undefined;
  }
  if (ctx.intent === 'greeting') return [withNote(`Chào bạn! Mình đang giúp bạn đăng ký lớp "${d.title}".`, prompt(step, d, turn.course))];
  if (ctx.intent === 'enroll' && step !== 'confirm') {
    // "đăng ký lớp may" in the middle of another form: start the one asked for.
    ctx.setDialog(undefined);
    return startFromText(ctx);
  }

  const result = await spec.answer(turn);
  if (result !== 'question') return result;
  // A question in the middle of the form: leave the form and answer it, saying so.
  ctx.setDialog(undefined);
  const answer = await askHandler.handle(ctx);
  const note: Reply = { text: `(Mình đã dừng việc đăng ký lớp "${d.title}"; khi cần bạn bấm "Đăng ký học" để làm lại nhé.)` };
  return answer ? [note, ...answer] : [note];
}

export const enrollmentHandler: Handler = {
  name: ENROLL_DIALOG,
  actions: ENROLL_FORM_ACTIONS,
  async handle(ctx) {
    const { msg } = ctx;
    const open = readEnrollDialog(ctx.dialog);
    if (open && 'invalid' in open) {
      // A state this version cannot read (an older version's, or damaged): forget it, start afresh.
      ctx.setDialog(undefined);
    }
    const dialog = open && !('invalid' in open) ? open : undefined;
    const courseId = enrollAction.decode(msg.action);
    if (msg.kind === 'action' && courseId) {
      // The same course's button pressed again mid-form: carry on rather than start over.
      if (dialog && dialog.data.courseId === courseId) {
        return [withNote(resumeNote(dialog.data.title), prompt(dialog.step, dialog.data, await ctx.store.getItem(courseId)))];
      }
      return startEnrollment(ctx, courseId);
    }
    if (dialog) return continueDialog(ctx, dialog);
    const stray = (msg.kind === 'action' && cancelAction.decode(msg.action)) || (msg.kind === 'text' && isBareCancel(msg.text ?? ''));
    if (stray && !ctx.dialog) {
      // "Hủy"/"thôi" after a form already ended or expired: nothing to stop, say so kindly.
      return [menuReply('Dạ, không có gì đang làm dở. Bạn cần gì cứ nhắn mình nhé.')];
    }
    if (msg.kind === 'text' && ctx.intent === 'enroll') {
      // "đăng ký học nghề cần giấy tờ gì" asks about enrolling: when the whole message is answered by
      // something other than a course, or comes closest to one ("đăng ký rồi mà bận … hủy sao?"), the
      // question handler answers it.
      // A course named ("đăng ký học may") is enrolled in, though the documents FAQ says "đăng ký học"
      // too; so is a bare "đăng ký học", which names nothing else.
      const named = await coursesNamed(ctx);
      if (named && named.results.length === 0) {
        const whole = await answerMessage(ctx);
        const closest = whole.results[0] ?? whole.suggestions[0];
        // "đăng ký kết hôn", "đăng ký tạm trú": a public service, whose office the question handler names.
        if (whole.service || (closest && closest.kind !== 'course')) return undefined;
      }
      // A question about enrolling that does not ask to be enrolled ("lớp gốm còn nhận đăng ký không,
      // hạn chót bao giờ", "14 tuổi đăng ký được chưa") gets the course it names, with its deadline
      // and enrol button, or else the question handler's answer; the form waits for a request.
      const text = msg.text ?? '';
      if (isQuestion(text) && !requestsEnrolment(analysisOf(ctx, text).folded)) {
        const [course] = (await ctx.engine.items([...(named?.results ?? []), ...(named?.suggestions ?? [])])).filter((i) => i.kind === 'course');
        return course ? [showItem(course, ctx.today)] : undefined;
      }
      return startFromText(ctx, named);
    }
    return undefined;
  },
};
