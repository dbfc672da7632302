/**
 * Takes personal data out of a question before it is stored: phone numbers, id numbers (CMND 9
 * digits, CCCD 12) and names the user typed after "tên tôi là", "em tên", "họ tên"… Over-masking
 * is the safe side: a long amount of money may be masked too, a phone number never kept.
 */

/** What replaces masked text: no letters, so it never becomes a search word. */
export const MASK = '***';

/** 9 or more digits, possibly split by spaces, dots or dashes, optionally after +84: phones and id numbers. */
const LONG_NUMBER = /(?<![\p{L}\p{N}])\+?\d(?:[\s.-]?\d){8,}(?![\p{L}\p{N}])/gu;

/** Cues after which the next words are a name, whatever their case. */
const NAME_CUE = new RegExp(
  String.raw`(?<![\p{L}])(?:h[oọ]\s+(?:v[aà]\s+)?t[eê]n|t[eê]n\s+(?:c[uủ]a\s+)?(?:t[oô]i|em|m[iì]nh|con|ch[aá]u|anh|ch[iị]|b[aà]|c[oô]|ch[uú])|(?:t[oô]i|em|m[iì]nh|con|ch[aá]u)\s+t[eê]n)(?:\s+l[aà])?\s*:?\s+`,
  'giu',
);
/** Cues after which Capitalised words are a name ("tôi là Nguyễn Văn An", not "tôi là nông dân"). */
const INTRO_CUE = /(?<![\p{L}])(?:t[oô]i|em|m[iì]nh|con|ch[aá]u)\s+l[aà]\s+/giu;

/** Words that end a name: what usually follows it in a message. */
const AFTER_NAME = new Set(
  ['ở', 'o', 'nam', 'năm', 'sinh', 'sdt', 'số', 'so', 'đt', 'dt', 'muốn', 'muon', 'hỏi', 'hoi', 'cho', 'và', 'va', 'nhà', 'nha', 'quê', 'que', 'xin', 'đang', 'dang', 'có', 'co', 'cần', 'can', 'thì', 'thi', 'ạ', 'a', 'nhé', 'nhe', 'đăng', 'dang'].map((w) => w.normalize('NFC')),
);
const MAX_NAME_WORDS = 4;
const WORD = /^[\p{L}]+/u;

/** Masks up to four name words at `from`; `capitalised` keeps only words starting with a capital. */
function maskNameAt(text: string, from: number, capitalised: boolean): { text: string; end: number } {
  let pos = from;
  let words = 0;
  let end = from;
  while (words < MAX_NAME_WORDS) {
    const m = WORD.exec(text.slice(pos));
    if (!m) break;
    const word = m[0];
    if (AFTER_NAME.has(word.toLowerCase())) break;
    if (capitalised && word[0] === word[0]!.toLowerCase()) break;
    words++;
    end = pos + word.length;
    const space = /^[ \t]+/.exec(text.slice(end));
    if (!space) break;
    pos = end + space[0].length;
  }
  if (words === 0) return { text, end: from };
  return { text: text.slice(0, from) + MASK + text.slice(end), end: from + MASK.length };
}

function maskNames(text: string, cue: RegExp, capitalised: boolean): string {
  let out = text;
  let searchFrom = 0;
  for (;;) {
    cue.lastIndex = searchFrom;
    const m = cue.exec(out);
    if (!m) return out;
    const at = m.index + m[0].length;
    const masked = maskNameAt(out, at, capitalised);
    out = masked.text;
    searchFrom = Math.max(masked.end, at);
  }
}

export function maskPersonalData(text: string): string {
  let out = text.normalize('NFC').replace(LONG_NUMBER, MASK);
  out = maskNames(out, NAME_CUE, false);
  out = maskNames(out, INTRO_CUE, true);
  return out;
}
