/**
 * The enrolment dialog as a table of steps: each step has one function for a typed answer and
 * the buttons it shows. A step answers with replies, or with 'question' when the message asks
 * something instead (the dialog then steps aside and the question is answered).
 */
import type { StoredItem } from '../../src/content/model.js';
import type { TurnContext } from '../../src/conversation/handler.js';
import type { ShortAnswer } from '../../src/conversation/answers.js';
import { isQuestion } from '../../src/conversation/answers.js';
import { checkCommune, checkName, isSkip } from '../../src/enrollment/person.js';
import { looksLikePhone, normalizePhone, PHONE_EXAMPLE } from '../../src/enrollment/phone.js';
import { confirmAction, editAction, provinceAction, skipAction } from '../../src/enrollment/actions.js';
import { fixedButton } from '../../src/replies/actions.js';
import type { Reply } from '../../src/replies/model.js';
import { foldVi, tokenize } from '../../src/text/fold.js';
import { detectProvinces, provinceByCode, resolveProvinceName, type Province } from '../../src/text/provinces.js';
import { commit, stopped } from './commit.js';
import { CANCEL_ROW, prompt, withNote } from './prompts.js';
import { startFromText } from './start.js';
import { freshData, setStep, type EnrollData, type Step } from './state.js';

/** One turn inside the dialog, as a step sees it. */
export interface StepTurn {
  ctx: TurnContext;
  step: Step;
  d: EnrollData;
  /** Set for the province step, which suggests the course's province. */
  course?: StoredItem;
  /** Typed text, trimmed; empty for a button. */
  text: string;
  answer?: ShortAnswer;
}

export type StepResult = Reply[] | 'question';

interface StepSpec {
  /** A typed answer to this step's question. */
  answer(turn: StepTurn): StepResult | Promise<StepResult>;
  /** This step's buttons, by action name; undefined when the button's argument is not usable. */
  actions?: Record<string, (turn: StepTurn, arg: string | undefined) => Reply[] | Promise<Reply[]> | undefined>;
}

/** The step's question again, after a short note. */
export const again = (t: StepTurn, note: string): Reply[] => [withNote(note, prompt(t.step, t.d, t.course))];

/** "Tên tôi là …", "em tên …", "Họ tên: …": the words before the name itself. */
const NAME_LEAD = /^(?:(?:tên|ten)\s+(?:tôi|toi|em|mình|minh|con|cháu|chau|tui)\s+(?:là|la)|(?:tôi|toi|em|mình|minh|con|cháu|chau|tui)\s+(?:tên|ten)(?:\s+(?:là|la))?|(?:họ\s+và\s+tên|họ\s+tên|ho\s+ten|tên|ten)\s*:)\s*/iu;

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

function toStep(ctx: TurnContext, step: Step, d: EnrollData, note?: string, course?: StoredItem): Reply[] {
  setStep(ctx, step, d);
  const ask = prompt(step, d, course);
  return [note ? withNote(note, ask) : ask];
}

const joinWaitingList = ({ ctx, d }: StepTurn) => toStep(ctx, 'name', d, 'Dạ, mình ghi bạn vào danh sách chờ.');

export async function phoneGiven(ctx: TurnContext, d: EnrollData, phone: string): Promise<Reply[]> {
  d.phone = phone;
  return toStep(ctx, 'province', d, undefined, await ctx.store.getItem(d.courseId));
}

function communeDone(ctx: TurnContext, d: EnrollData, commune: string | undefined): Reply[] {
  if (commune) d.commune = commune;
  else delete d.commune;
  return toStep(ctx, 'confirm', d);
}

export const STEP_TABLE: Record<Step, StepSpec> = {
  waitlist: {
    answer(t) {
      if (t.answer === 'yes') return joinWaitingList(t);
      if (t.answer === 'no') return stopped(t.ctx, t.d, 'Dạ, mình không ghi danh sách chờ');
      return 'question';
    },
    actions: { [confirmAction.name]: joinWaitingList },
  },

  name: {
    answer(t) {
      const { ctx, d, text } = t;
      if (looksLikePhone(text)) return again(t, 'Bước này mình cần họ và tên trước, số điện thoại mình hỏi ngay sau.');
      if (isQuestion(text) || text.split(/\s+/).length > 7) return 'question';
      const check = checkName(text.replace(NAME_LEAD, ''));
      if (!check.ok) {
        const why =
          check.reason === 'digits' ? 'Tên không có chữ số ạ.' : check.reason === 'length' ? 'Tên cần từ 2 đến 60 chữ cái.' : 'Tên chỉ gồm chữ cái và khoảng trắng.';
        return again(t, why);
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
      return toStep(ctx, 'phone', d, `Cảm ơn ${check.name}.`);
    },
  },

  phone: {
    async answer(t) {
      const { text } = t;
      // "số của em là 0912 345 678": the number inside the sentence.
      const inside = /\+?\d[\d\s.\-()]{7,}\d/.exec(text)?.[0];
      const phone = normalizePhone(text) ?? (inside ? normalizePhone(inside) : undefined);
      if (phone) return phoneGiven(t.ctx, t.d, phone);
      if (!looksLikePhone(text) && isQuestion(text)) return 'question';
      if (!/\d/.test(text)) {
        return again(t, 'Cán bộ cần số điện thoại để báo lịch học cho bạn. Nếu chưa có, bạn dùng tạm số người thân, hoặc gõ "hủy" để dừng.');
      }
      return again(t, `Số điện thoại chưa đúng. Bạn gõ số di động 10 số, ví dụ ${PHONE_EXAMPLE} hoặc +84 912 345 678.`);
    },
  },

  province: {
    answer(t) {
      const found = resolveProvince(t.text);
      if (found) {
        t.d.provinceCode = found.province.code;
        const note = found.former ? `Ghi nhận: ${found.province.name} (${found.former} cũ).` : `Ghi nhận: ${found.province.name}.`;
        return toStep(t.ctx, 'commune', t.d, note);
      }
      if (isQuestion(t.text)) return 'question';
      return again(t, 'Mình chưa nhận ra tỉnh/thành này.');
    },
    actions: {
      [provinceAction.name](t, code) {
        const province = code ? provinceByCode(code) : undefined;
        if (!province) return undefined;
        t.d.provinceCode = province.code;
        return toStep(t.ctx, 'commune', t.d);
      },
    },
  },

  commune: {
    answer(t) {
      if (isSkip(t.text)) return communeDone(t.ctx, t.d, undefined);
      if (isQuestion(t.text)) return 'question';
      const check = checkCommune(t.text);
      if (!check.ok) return again(t, 'Tên xã/phường chưa đọc được, bạn gõ lại (ví dụ: xã Mỏ Cày) hoặc gõ "bỏ qua".');
      return communeDone(t.ctx, t.d, check.commune);
    },
    actions: { [skipAction.name]: (t) => communeDone(t.ctx, t.d, undefined) },
  },

  confirm: {
    answer(t) {
      const { ctx, d } = t;
      if (t.answer === 'yes') return commit(ctx, d);
      if (t.answer === 'no') {
        return [{ text: 'Bạn muốn sửa lại thông tin hay dừng đăng ký?', buttons: [[fixedButton('✏️ Sửa lại', editAction)], CANCEL_ROW] }];
      }
      if (ctx.intent === 'enroll') {
        ctx.setDialog(undefined);
        return startFromText(ctx);
      }
      if (isQuestion(t.text)) return 'question';
      return [withNote('Mình chưa hiểu ý bạn.', prompt('confirm', d))];
    },
    actions: {
      [confirmAction.name]: (t) => commit(t.ctx, t.d),
      [editAction.name]: (t) => toStep(t.ctx, 'name', freshData(t.d), 'Mình làm lại từ đầu nhé.'),
    },
  },
};

/** Every action name some step's button carries: pressed at another step, it is a stale button of this dialog. */
export const STEP_ACTIONS: ReadonlySet<string> = new Set(Object.values(STEP_TABLE).flatMap((s) => Object.keys(s.actions ?? {})));
