/**
 * How people ask for a person, and how they end the hand-off, read on the folded text
 * (no diacritics, chat shorthand expanded: "gap can bo", "noi chuyen voi nguoi that").
 */

const PERSON = '(?:can bo|nguoi that|nhan vien|tu van vien|nguoi tu van|admin|nguoi phu trach|nguoi)';
const REQUEST = new RegExp(
  `\\b(?:gap|noi chuyen (?:voi|cung)|tro chuyen (?:voi|cung)|chat (?:voi|cung)|chuyen (?:cho|sang|toi|qua)|nhan (?:cho|voi)|hoi|can|xin gap|muon gap) (?:mot |1 |voi )?${PERSON}\\b|\\bnguoi that\\b`,
);
/** "gặp người" alone is a request; "gặp người dạy nghề" or "hỏi người làm" is a question about people. */
const TOO_VAGUE = /\b(?:hoi|can) (?:mot |1 )?nguoi\b(?! that)/;

export function asksForPerson(folded: string): boolean {
  if (!REQUEST.test(folded)) return false;
  if (TOO_VAGUE.test(folded) && !/\b(?:can bo|nguoi that|nhan vien|tu van vien)\b/.test(folded)) return false;
  return true;
}

/** Ends a hand-off from the user's side ("hủy", "thôi", "kết thúc", "quay lại bot"). */
const END = /^(?:huy|thoi|ket thuc|dung lai|thoat|quay lai (?:voi )?bot|gap bot|tro chuyen voi bot|khong can nua|huy gap can bo)(?: (?:a|nha|nhe|di))?$/;

export function endsHandoff(folded: string): boolean {
  return END.test(folded.trim());
}
