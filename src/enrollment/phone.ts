/**
 * Vietnamese mobile numbers as people type them ("0912.345.678", "+84 912 345 678", "84912345678")
 * normalised to the one form stored and shown to officers: 0XXXXXXXXX, ten digits.
 * Only mobile prefixes (03, 05, 07, 08, 09) are accepted: officers call or Zalo these people,
 * and a landline or a number missing a digit is a registration nobody can reach.
 */

/** What we show when asking again, written the way people read numbers aloud. */
export const PHONE_EXAMPLE = '0912 345 678';

const MOBILE = /^0[35789]\d{8}$/;

/** The normalised number, or undefined when it is not a Vietnamese mobile number. */
export function normalizePhone(raw: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // Separators people (and phone contact cards) put in: spaces, dots, dashes, brackets.
  let s = raw.normalize('NFKC').trim().replace(/[\s.\-–()]/g, '');
  if (s.length === 0 || s.length > 20) return undefined;
  if (s.startsWith('+')) {
    if (!s.startsWith('+84')) return undefined;
    s = s.slice(3);
  } else if (s.startsWith('0084')) {
    s = s.slice(4);
  } else if (s.startsWith('84') && s.length === 11) {
    s = s.slice(2);
  } else if (!s.startsWith('0')) {
    return undefined;
  }
  if (!/^\d+$/.test(s)) return undefined;
  // "+84 0912…": some people keep the trunk 0 after the country code.
  if (!s.startsWith('0')) s = `0${s}`;
  return MOBILE.test(s) ? s : undefined;
}

/** 0912345678 → "0912 345 678", easier to check by eye in a summary. */
export function formatPhone(phone: string): string {
  return /^\d{10}$/.test(phone) ? `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}` : phone;
}

/** True when the text is mostly digits: the user meant a phone number, even a wrong one. */
export function looksLikePhone(text: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  return digits >= 6 && digits >= text.replace(/[\s.\-()+]/g, '').length * 0.8;
}
