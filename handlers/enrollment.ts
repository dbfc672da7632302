/**
 * Enrolling in a course, as a short dialog: full name → mobile phone → province → commune (optional)
 * → summary to confirm. Starts from a course's "Đăng ký học" button (`enroll:<id>`) or from text
 * ("đăng ký lớp gốm"). The dialog state lives in the store (ctx.setDialog), so a restart resumes it
 * and an abandoned one expires in the router. The enrolment is written to the store before the
 * person is told it worked; the course's officers are told after.
 */
import type { StoredItem } from '../src/content/model.js';
import type { DialogState, Handler, TurnContext } from '../src/conversation/handler.js';
import { analyzeQuestion } from '../src/engine/analyze.js';
import type { Intent } from '../src/engine/intents.js';
import { checkCommune, checkName, isSkip } from '../src/enrollment/person.js';
import { officerNotices } from '../src/enrollment/notify-officers.js';
import { formatPhone, looksLikePhone, normalizePhone, PHONE_EXAMPLE } from '../src/enrollment/phone.js';
import { existingReply, MENU_ROW, phoneTakenReply, PICK_LIMIT, pickReply, safeButton } from '../src/enrollment/replies.js';
import { formatDate, provinceLabel } from '../src/replies/format.js';
import { menuReply } from '../src/replies/menu.js';
import { parseAction, type Button, type Reply } from '../src/replies/model.js';
import type { EnrollmentInput } from '../src/store/types.js';
import { foldVi, tokenize } from '../src/text/fold.js';
import { detectProvinces, provinceByCode, resolveProvinceName, type Province } from '../src/text/provinces.js';
import { askHandler } from './ask.js';
import { courseClosed } from '../src/courses/schedule.js';
import { openCourses } from '../src/courses/open-courses.js';

export const ENROLL_DIALOG = 'enroll';

type Step = 'waitlist' | 'name' | 'phone' | 'province' | 'commune' | 'confirm';

interface EnrollData {
  courseId: string;
  title: string;
  fullName?: string;
  phone?: string;
  provinceCode?: string;
  commune?: string;
  /** We already asked once for a fuller name; a second single word is accepted. */
  nameAsked?: boolean;
  /** The course was full when the dialog started: the summary says "danh sách chờ". */
  full?: boolean;
}

/** The engine's top course this far ahead of the next is taken as the one meant. */
const CLEAR_LEAD = 0.06;

const CANCEL_ROW: Button[] = [{ label: '❌ Hủy đăng ký', action: 'cancel' }];

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

// Folded, so no bare "dung": "đúng" (yes, correct) folds to it too.
const CANCEL_WORDS = /^(?:huy|huy bo|thoi|thoi khong|thoi khoi dang ky|thoi khong dang ky nua|dung lai|thoat|cancel|stop|khong dang ky nua|khong muon dang ky nua|huy dang ky|huy dang ki|bo qua dang ky)$/;
/** Outside a form only the bare words: "hủy đăng ký" then means an earlier enrolment, "stop" the news. */
const STRAY_CANCEL = /^(?:huy|huy bo|thoi|thoat|cancel)$/;
const YES_WORDS = /^(?:dong y|co|co a|da co|dung|dung roi|dung vay|chinh xac|xac nhan|ok|oke|okay|oki|yes|u|uh|vang|da|da dung|da vang|duoc|dong y a|gui|gui di|duoc roi|chot)$/;
const NO_WORDS = /^(?:khong|ko|k|sai|chua dung|sua|sua lai|nhap lai|lam lai)$/;

/** "Tên tôi là …", "em tên …", "Họ tên: …": the words before the name itself. */
const NAME_LEAD = /^(?:(?:tên|ten)\s+(?:tôi|toi|em|mình|minh|con|cháu|chau|tui)\s+(?:là|la)|(?:tôi|toi|em|mình|minh|con|cháu|chau|tui)\s+(?:tên|ten)(?:\s+(?:là|la))?|(?:họ\s+và\s+tên|họ\s+tên|ho\s+ten|tên|ten)\s*:)\s*/iu;

/** "có lớp may không", "học phí bao nhiêu?": a question, not an answer to the form. */
function isQuestion(text: string): boolean {
  if (text.includes('?')) return true;
  const f = foldVi(text);
  return (
    /\b(?:khong|ko|hok|hong|chua|gi|nao|dau|bao nhieu|the nao|ra sao|lam sao)$/.test(f) ||
    /^(?:co lop|co khoa|cho hoi|cho minh hoi|cho em hoi|lam sao|bao gio|khi nao|o dau|hoc phi|lop nao|khoa nao)\b/.test(f)
  );
}

/** Registration closed: say so kindly and offer the next open courses of the same trade. */
async function closedReply(ctx: TurnContext, course: StoredItem): Promise<Reply> {
  const others = course.trade ? await openCourses(ctx.store, ctx.today, { trade: course.trade, excludeId: course.id, limit: 3 }) : [];
  const head = `Rất tiếc, lớp "${course.title}" đã hết hạn đăng ký${course.deadline ? ` (${formatDate(course.deadline)})` : ''}. 🙏`;
  if (others.length > 0) {
    return pickReply(`${head}\nCác lớp ${course.trade} khác vẫn đang nhận đăng ký, bạn chọn để đăng ký nhé:`, others.slice(0, 3));
  }
  const sub = safeButton('🔔 Báo tôi khi có lớp mới', 'sub', `course:${course.provinceCode ?? '*'}`);
  return {
    text: `${head}\nHiện chưa có lớp ${course.trade ?? 'tương tự'} nào khác đang mở. Bạn đăng ký nhận tin để được báo khi có lớp mới nhé.`,
    buttons: [...(sub ? [[sub]] : []), MENU_ROW],
  };
}

// ---------------------------------------------------------------- the dialog

function provinceName(code: string | undefined): string {
  return (code && provinceByCode(code)?.name) || code || '';
}

function summary(d: EnrollData): string {
  const lines = [
    'Bạn kiểm tra lại thông tin đăng ký nhé:',
    `• Lớp: ${d.title}`,
    `• Họ và tên: ${d.fullName}`,
    `• Điện thoại: ${formatPhone(d.phone ?? '')}`,
    `• Tỉnh/thành: ${provinceName(d.provinceCode)}`,
  ];
  if (d.commune) lines.push(`• Xã/phường: ${d.commune}`);
  if (d.full) lines.push('', '⏳ Lớp đã đủ chỗ: bạn sẽ vào danh sách chờ.');
  lines.push('', 'Đúng thì bấm "Xác nhận" hoặc gõ "đồng ý".');
  return lines.join('\n');
}

/** The question of each step, also used to resume a dialog. */
function prompt(step: Step, d: EnrollData, course?: StoredItem): Reply {
  switch (step) {
    case 'waitlist':
      return {
        text: `Lớp "${d.title}" đã đủ chỗ. Bạn có muốn vào danh sách chờ không? Khi có người hủy, mình sẽ báo bạn ngay.`,
        buttons: [[{ label: '✅ Vào danh sách chờ', action: 'confirm' }], [{ label: '❌ Thôi', action: 'cancel' }]],
      };
    case 'name':
      return { text: 'Bạn cho mình xin họ và tên đầy đủ (ví dụ: Nguyễn Văn An).', buttons: [CANCEL_ROW] };
    case 'phone':
      return {
        text: `Bạn cho mình số điện thoại di động để cán bộ liên hệ (ví dụ: ${PHONE_EXAMPLE}).`,
        requestContact: true,
        buttons: [CANCEL_ROW],
      };
    case 'province': {
      const buttons: Button[][] = [];
      const code = course?.provinceCode;
      const suggest = code ? safeButton(`📍 ${provinceName(code)}`, 'prov', code) : undefined;
      if (suggest) buttons.push([suggest]);
      buttons.push(CANCEL_ROW);
      return { text: 'Bạn đang sống ở tỉnh/thành nào? (ví dụ: Vĩnh Long, An Giang; tên tỉnh cũ cũng được)', buttons };
    }
    case 'commune':
      return {
        text: 'Bạn ở xã/phường nào? (không bắt buộc, gõ "bỏ qua" nếu không muốn ghi)',
        buttons: [[{ label: '⏭ Bỏ qua', action: 'skip' }], CANCEL_ROW],
      };
    case 'confirm':
      return {
        text: summary(d),
        buttons: [
          [{ label: '✅ Xác nhận', action: 'confirm' }],
          [{ label: '✏️ Sửa lại', action: 'edit' }],
          CANCEL_ROW,
        ],
      };
  }
}

function setStep(ctx: TurnContext, step: Step, data: EnrollData): void {
  ctx.setDialog({ dialog: ENROLL_DIALOG, step, data: { ...data } });
}

function withNote(note: string, reply: Reply): Reply {
  return { ...reply, text: `${note}\n\n${reply.text}` };
}

/** Opens the dialog for one course, or explains why not (closed, already enrolled, gone). */
export async function startEnrollment(ctx: TurnContext, courseId: string): Promise<Reply[]> {
  const course = await ctx.store.getItem(courseId);
  if (!course || course.kind !== 'course') {
    if (ctx.dialog?.dialog === ENROLL_DIALOG) ctx.setDialog(undefined);
    return [menuReply('Khóa học này không còn trong dữ liệu. Bạn chọn lớp khác nhé.')];
  }
  if (courseClosed(course, ctx.today)) {
    if (ctx.dialog?.dialog === ENROLL_DIALOG) ctx.setDialog(undefined);
    return [await closedReply(ctx, course)];
  }
  const existing = (await ctx.store.listEnrollments({ user: ctx.user, courseId }))[0];
  if (existing) {
    if (ctx.dialog?.dialog === ENROLL_DIALOG) ctx.setDialog(undefined);
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

/** "đăng ký học may ở Vĩnh Long" → the words that name the course ("may vinh long"). */
function courseQuery(text: string): string {
  return analyzeQuestion(text)
    .folded.replace(
      /\b(?:toi|minh|em|con|chau|tui|tao|anh|chi)?\s*(?:muon|xin|can|cho|duoc|se|can duoc)?\s*(?:dang ky|dang ki|dki|ghi danh|ghi ten)\b/g,
      ' ',
    )
    .replace(/\b(?:tham gia|vao|di|hoc|lop|khoa hoc|khoa|nghe|voi|nhe|nha|a|ah|giup|gium|cho|toi|minh|em|muon|o|tai)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "đăng ký lớp gốm": find the course meant; several → the user picks. */
async function startFromText(ctx: TurnContext): Promise<Reply[]> {
  const text = ctx.msg.text ?? '';
  const query = courseQuery(text);
  if (!query) {
    const open = await openCourses(ctx.store, ctx.today, { limit: PICK_LIMIT });
    if (open.length === 0) return [menuReply('Hiện chưa có lớp nào đang nhận đăng ký. Bạn đăng ký nhận tin để được báo khi có lớp mới nhé.')];
    return [pickReply('Bạn muốn đăng ký lớp nào? Chọn một lớp bên dưới, hoặc gõ tên nghề, ví dụ "đăng ký học hàn".', open)];
  }
  // The province words stay in the query: the engine prefers courses there.
  const answer = await ctx.engine.ask(query, { kinds: ['course'] });
  // Naming a course to enrol in is a pick, not a question: the close matches are offered too.
  const candidates = answer.results.length > 0 ? answer.results : answer.suggestions;
  const found = (await ctx.engine.items(candidates)).filter((i) => i.kind === 'course');
  if (found.length === 0) {
    const open = await openCourses(ctx.store, ctx.today, { limit: PICK_LIMIT });
    const text0 = `Mình chưa tìm thấy lớp nào khớp với "${text.slice(0, 60)}".`;
    if (open.length === 0) return [menuReply(text0)];
    return [pickReply(`${text0} Các lớp đang nhận đăng ký:`, open)];
  }
  const open = found.filter((c) => !courseClosed(c, ctx.today));
  if (open.length === 0) return startEnrollment(ctx, found[0]!.id);
  const [top, second] = candidates;
  const clear = answer.results.length > 0 && top && top.id === open[0]!.id && (!second || top.score - second.score >= CLEAR_LEAD);
  if (open.length === 1 || clear) return startEnrollment(ctx, open[0]!.id);
  return [pickReply(`Có ${open.length} lớp phù hợp, bạn muốn đăng ký lớp nào?`, open)];
}

/** Ends the dialog with a short word and the menu. */
function stopped(ctx: TurnContext, d: EnrollData, note = 'Dạ, mình đã dừng việc đăng ký'): Reply[] {
  ctx.setDialog(undefined);
  return [menuReply(`${note} lớp "${d.title}". Khi cần, bạn bấm "Đăng ký học" ở lớp đó để làm lại nhé.`)];
}

function leftForMenu(ctx: TurnContext, d: EnrollData): Reply[] {
  ctx.setDialog(undefined);
  return [menuReply(`Mình đã dừng việc đăng ký lớp "${d.title}". Bạn cần gì cứ chọn bên dưới nhé.`)];
}

function resolveProvince(text: string): { province: Province; former?: string } | undefined {
  const exact = resolveProvinceName(text);
  if (exact) {
    const typed = foldVi(text);
    const former = exact.formerNames.find((f) => typed.includes(foldVi(f)) && foldVi(f) !== foldVi(exact.shortName));
    return former ? { province: exact, former } : { province: exact };
  }
  const hit = detectProvinces(tokenize(text))[0];
  if (!hit) return undefined;
  return hit.matchedFormer ? { province: hit.province, former: hit.matchedFormer } : { province: hit.province };
}

async function commit(ctx: TurnContext, d: EnrollData): Promise<Reply[]> {
  const course = await ctx.store.getItem(d.courseId);
  if (!course) return stopped(ctx, d, 'Khóa học này không còn trong dữ liệu, mình đã dừng việc đăng ký');
  if (courseClosed(course, ctx.today)) {
    ctx.setDialog(undefined);
    return [await closedReply(ctx, course)];
  }
  const input: EnrollmentInput = {
    channel: ctx.user.channel,
    userId: ctx.user.userId,
    courseId: d.courseId,
    fullName: d.fullName!,
    phone: d.phone!,
    provinceCode: d.provinceCode!,
  };
  if (!input.fullName || !input.phone || !input.provinceCode) {
    // A summary without its answers (state written by an older version?): ask again, never store half a row.
    const fresh: EnrollData = { courseId: d.courseId, title: d.title, full: Boolean(d.full) };
    setStep(ctx, 'name', fresh);
    return [withNote('Xin lỗi, mình cần hỏi lại thông tin của bạn.', prompt('name', fresh))];
  }
  if (d.commune) input.commune = d.commune;
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
  const buttons = [[{ label: '📋 Lớp đã đăng ký', action: 'myenroll' }], MENU_ROW];
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

/** One turn inside an open dialog; undefined lets the other handlers answer (the dialog is left). */
async function continueDialog(ctx: TurnContext, dialog: DialogState): Promise<Reply[] | undefined> {
  const step = dialog.step as Step;
  const d = dialog.data as unknown as EnrollData;
  const { msg } = ctx;
  // The province question suggests the course's province, so it needs the course.
  const course = step === 'province' ? await ctx.store.getItem(d.courseId) : undefined;
  const again = (note: string) => [withNote(note, prompt(step, d, course))];

  if (msg.kind === 'action' && msg.action) {
    const { name, arg } = parseAction(msg.action);
    if (name === 'cancel') return stopped(ctx, d);
    if (name === 'confirm' && step === 'waitlist') {
      setStep(ctx, 'name', d);
      return [withNote('Dạ, mình ghi bạn vào danh sách chờ.', prompt('name', d))];
    }
    if (name === 'confirm' && step === 'confirm') return commit(ctx, d);
    if (name === 'edit' && step === 'confirm') {
      const fresh: EnrollData = { courseId: d.courseId, title: d.title, full: Boolean(d.full) };
      setStep(ctx, 'name', fresh);
      return [withNote('Mình làm lại từ đầu nhé.', prompt('name', fresh))];
    }
    if (name === 'skip' && step === 'commune') {
      delete d.commune;
      setStep(ctx, 'confirm', d);
      return [prompt('confirm', d)];
    }
    if (name === 'prov' && step === 'province' && arg && provinceByCode(arg)) {
      d.provinceCode = provinceByCode(arg)!.code;
      setStep(ctx, 'commune', d);
      return [prompt('commune', d)];
    }
    if (name === 'menu') return leftForMenu(ctx, d);
    // A stale button of this dialog (e.g. "Xác nhận" pressed twice): ask the current step again.
    if (['confirm', 'edit', 'skip', 'prov'].includes(name)) return [prompt(step, d, course)];
    // Any other button (a course, the catalogue...) is a new request: leave quietly and let it answer.
    ctx.setDialog(undefined);
    return undefined;
  }

  if (msg.kind === 'start') {
    if (msg.payload) {
      ctx.setDialog(undefined);
      return undefined;
    }
    return [withNote(`Bạn đang đăng ký dở lớp "${d.title}", mình hỏi tiếp nhé.`, prompt(step, d, course))];
  }

  if (msg.kind === 'contact') {
    if (step !== 'phone') return [prompt(step, d, course)];
    if (!msg.contact?.isOwn) return again('Bạn gửi số điện thoại của chính mình giúp mình nhé (hoặc gõ số).');
    const phone = normalizePhone(msg.contact.phone);
    if (!phone) return again(`Số này không phải số di động Việt Nam. Bạn gõ số di động, ví dụ ${PHONE_EXAMPLE}.`);
    d.phone = phone;
    setStep(ctx, 'province', d);
    return [prompt('province', d, await ctx.store.getItem(d.courseId))];
  }

  if (msg.kind !== 'text' || !msg.text) return [prompt(step, d, course)];
  const text = msg.text.trim();
  const folded = foldVi(text);

  if (CANCEL_WORDS.test(folded)) return stopped(ctx, d);
  if (ctx.intent && LEAVING_INTENTS.has(ctx.intent)) {
    ctx.setDialog(undefined);
    if (ctx.intent === 'menu' || ctx.intent === 'help') return leftForMenu(ctx, d);
    return undefined;
  }
  if (ctx.intent === 'cancel_enrollment') {
    // "hủy đăng ký lớp may": about an earlier enrolment, not this form.
    ctx.setDialog(undefined);
    return undefined;
  }
  if (ctx.intent === 'greeting') return [withNote(`Chào bạn! Mình đang giúp bạn đăng ký lớp "${d.title}".`, prompt(step, d, course))];
  if (ctx.intent === 'enroll' && step !== 'confirm') {
    // "đăng ký lớp may" in the middle of another form: start the one asked for.
    ctx.setDialog(undefined);
    return startFromText(ctx);
  }

  switch (step) {
    case 'waitlist':
      if (YES_WORDS.test(folded)) {
        setStep(ctx, 'name', d);
        return [withNote('Dạ, mình ghi bạn vào danh sách chờ.', prompt('name', d))];
      }
      if (NO_WORDS.test(folded)) return stopped(ctx, d, 'Dạ, mình không ghi danh sách chờ');
      break;

    case 'name': {
      if (looksLikePhone(text)) return again('Bước này mình cần họ và tên trước, số điện thoại mình hỏi ngay sau.');
      if (isQuestion(text) || text.split(/\s+/).length > 7) break;
      const check = checkName(text.replace(NAME_LEAD, ''));
      if (!check.ok) {
        const why =
          check.reason === 'digits'
            ? 'Tên không có chữ số ạ.'
            : check.reason === 'length'
              ? 'Tên cần từ 2 đến 60 chữ cái.'
              : 'Tên chỉ gồm chữ cái và khoảng trắng.';
        return again(`${why}`);
      }
      if (check.singleWord && !d.nameAsked) {
        d.nameAsked = true;
        setStep(ctx, 'name', d);
        return [
          {
            text: `Bạn ghi đầy đủ cả họ và tên giúp mình nhé, ví dụ "Nguyễn Văn ${check.name}". Nếu tên bạn đúng là "${check.name}" thì gõ lại một lần nữa.`,
            buttons: [CANCEL_ROW],
          },
        ];
      }
      d.fullName = check.name;
      setStep(ctx, 'phone', d);
      return [withNote(`Cảm ơn ${check.name}.`, prompt('phone', d))];
    }

    case 'phone': {
      // "số của em là 0912 345 678": the number inside the sentence.
      const inside = /\+?\d[\d\s.\-()]{7,}\d/.exec(text)?.[0];
      const phone = normalizePhone(text) ?? (inside ? normalizePhone(inside) : undefined);
      if (phone) {
        d.phone = phone;
        setStep(ctx, 'province', d);
        return [prompt('province', d, await ctx.store.getItem(d.courseId))];
      }
      if (!looksLikePhone(text) && isQuestion(text)) break;
      if (!/\d/.test(text)) {
        return again('Cán bộ cần số điện thoại để báo lịch học cho bạn. Nếu chưa có, bạn dùng tạm số người thân, hoặc gõ "hủy" để dừng.');
      }
      return again(`Số điện thoại chưa đúng. Bạn gõ số di động 10 số, ví dụ ${PHONE_EXAMPLE} hoặc +84 912 345 678.`);
    }

    case 'province': {
      const found = resolveProvince(text);
      if (found) {
        d.provinceCode = found.province.code;
        setStep(ctx, 'commune', d);
        const note = found.former ? `Ghi nhận: ${found.province.name} (${found.former} cũ).` : `Ghi nhận: ${found.province.name}.`;
        return [withNote(note, prompt('commune', d))];
      }
      if (isQuestion(text)) break;
      return again('Mình chưa nhận ra tỉnh/thành này.');
    }

    case 'commune': {
      if (isSkip(text)) {
        delete d.commune;
        setStep(ctx, 'confirm', d);
        return [prompt('confirm', d)];
      }
      if (isQuestion(text)) break;
      const check = checkCommune(text);
      if (!check.ok) return again('Tên xã/phường chưa đọc được, bạn gõ lại (ví dụ: xã Mỏ Cày) hoặc gõ "bỏ qua".');
      d.commune = check.commune;
      setStep(ctx, 'confirm', d);
      return [prompt('confirm', d)];
    }

    case 'confirm':
      if (YES_WORDS.test(folded)) return commit(ctx, d);
      if (NO_WORDS.test(folded)) {
        return [
          {
            text: 'Bạn muốn sửa lại thông tin hay dừng đăng ký?',
            buttons: [[{ label: '✏️ Sửa lại', action: 'edit' }], CANCEL_ROW],
          },
        ];
      }
      if (ctx.intent === 'enroll') {
        ctx.setDialog(undefined);
        return startFromText(ctx);
      }
      if (isQuestion(text)) break;
      return [withNote('Mình chưa hiểu ý bạn.', prompt('confirm', d))];
  }

  // A question in the middle of the form: leave the form and answer it, saying so.
  ctx.setDialog(undefined);
  const answer = await askHandler.handle(ctx);
  const note: Reply = { text: `(Mình đã dừng việc đăng ký lớp "${d.title}"; khi cần bạn bấm "Đăng ký học" để làm lại nhé.)` };
  return answer ? [note, ...answer] : [note];
}

export const enrollmentHandler: Handler = {
  name: ENROLL_DIALOG,
  async handle(ctx) {
    const { msg } = ctx;
    if (msg.kind === 'action' && msg.action) {
      const { name, arg } = parseAction(msg.action);
      if (name === 'enroll' && arg) {
        // The same course's button pressed again mid-form: carry on rather than start over.
        const open = ctx.dialog?.dialog === ENROLL_DIALOG ? ctx.dialog : undefined;
        if (open && (open.data as unknown as EnrollData).courseId === arg) {
          const d = open.data as unknown as EnrollData;
          const step = open.step as Step;
          return [withNote(`Bạn đang đăng ký dở lớp "${d.title}", mình hỏi tiếp nhé.`, prompt(step, d, await ctx.store.getItem(arg)))];
        }
        return startEnrollment(ctx, arg);
      }
    }
    const dialog = ctx.dialog?.dialog === ENROLL_DIALOG ? ctx.dialog : undefined;
    if (dialog) return continueDialog(ctx, dialog);
    const stray =
      (msg.kind === 'action' && msg.action === 'cancel') || (msg.kind === 'text' && STRAY_CANCEL.test(foldVi(msg.text ?? '')));
    if (stray && !ctx.dialog) {
      // "Hủy"/"thôi" after a form already ended or expired: nothing to stop, say so kindly.
      return [menuReply('Dạ, không có gì đang làm dở. Bạn cần gì cứ nhắn mình nhé.')];
    }
    if (msg.kind === 'text' && ctx.intent === 'enroll') {
      // "đăng ký học nghề cần giấy tờ gì" asks about enrolling: when the whole message is confidently
      // answered by something other than a course, the question handler answers it.
      const whole = await ctx.engine.ask(msg.text ?? '');
      if (whole.results[0] && whole.results[0].kind !== 'course') return undefined;
      return startFromText(ctx);
    }
    return undefined;
  },
};
