/**
 * Short answers inside a dialog — yes, no, stop — and whether a message asks something instead of
 * answering, understood in one place for every dialog. Read on the folded text, so "đồng ý",
 * "dong y" and "Đồng ý!" are the same answer.
 */
import { foldVi } from '../text/fold.js';

export type ShortAnswer = 'yes' | 'no' | 'cancel';

// Folded, so no bare "dung": "đúng" (yes, correct) folds to it too.
const CANCEL = /^(?:huy|huy bo|thoi|thoi khong|thoi khoi dang ky|thoi khong dang ky nua|dung lai|thoat|cancel|stop|khong dang ky nua|khong muon dang ky nua|huy dang ky|huy dang ki|bo qua dang ky)$/;
/** Outside a dialog only the bare words: "hủy đăng ký" then means an earlier enrolment, "stop" the news. */
const BARE_CANCEL = /^(?:huy|huy bo|thoi|thoat|cancel)$/;
const YES = /^(?:dong y|co|co a|da co|dung|dung roi|dung vay|chinh xac|xac nhan|ok|oke|okay|oki|yes|u|uh|vang|da|da dung|da vang|duoc|dong y a|gui|gui di|duoc roi|chot)$/;
const NO = /^(?:khong|ko|k|sai|chua dung|sua|sua lai|nhap lai|lam lai)$/;

/** Yes, no or stop, when the whole message is one of them ("Đúng rồi!" is yes); undefined for anything else. */
export function shortAnswer(text: string): ShortAnswer | undefined {
  const f = foldVi(text);
  if (CANCEL.test(f)) return 'cancel';
  if (YES.test(f)) return 'yes';
  if (NO.test(f)) return 'no';
  return undefined;
}

// "Bạn chắc chắn muốn hủy / xóa …?": naming the act ("hủy", "xóa đi") confirms it, "thôi" keeps things.
const CONFIRM_ACT = /^(?:co|co a|dong y|dung|dung roi|ok|oke|yes|u|vang|da|da co|chac chan|huy|huy di|xoa|xoa di|xac nhan)$/;
const KEEP = /^(?:khong|ko|k|thoi|khong huy|khong xoa|de lai|giu lai|chua)$/;

/** The answer to "are you sure you want to cancel / erase …?": 'yes' goes ahead, 'no' keeps things as they are. */
export function confirmAnswer(text: string): 'yes' | 'no' | undefined {
  const f = foldVi(text);
  if (CONFIRM_ACT.test(f)) return 'yes';
  if (KEEP.test(f)) return 'no';
  return undefined;
}

/** "Hủy", "thôi" with no dialog open: nothing to stop. */
export function isBareCancel(text: string): boolean {
  return BARE_CANCEL.test(foldVi(text));
}

/** "có lớp may không", "học phí bao nhiêu?": a question, not an answer to a dialog's step. */
export function isQuestion(text: string): boolean {
  if (text.includes('?')) return true;
  const f = foldVi(text);
  return (
    /\b(?:khong|ko|hok|hong|chua|gi|nao|dau|bao nhieu|the nao|ra sao|lam sao)$/.test(f) ||
    /^(?:co lop|co khoa|cho hoi|cho minh hoi|cho em hoi|lam sao|bao gio|khi nao|o dau|hoc phi|lop nao|khoa nao)\b/.test(f)
  );
}
