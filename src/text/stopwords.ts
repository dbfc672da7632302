/**
 * Chat particles, pronouns and function words that carry no search meaning.
 * They are dropped before fuzzy matching but kept for intent detection, so
 * this module only classifies tokens; it never changes the caller's input.
 * All tokens are folded (see foldVi), and folding merges words: a token is
 * listed only if none of its accented readings is a useful content word here,
 * or if the content readings are caught by PROTECTED_PHRASES below.
 */

import { ABBREVIATIONS } from './abbreviations.js';

/**
 * Always safe to drop on their own. Deliberately NOT listed (folded collisions):
 * - cho: chợ (market, "hội chợ") — removed only inside filler phrases like "cho em hỏi".
 * - hoi: hội (association, "hội chợ", "hội nông dân") vs hỏi (ask) — same treatment.
 * - vay: vay (loan, "vay vốn") vs vậy — see the separate rule in stripParticles.
 * - day: dạy ("dạy nghề") vs đây/đấy.  - do: độ ("trình độ"), đồ ("đồ họa") vs đó.
 * - thi: thi (exam, "thi bằng lái") vs thì.  - da: đã vs da (leather), Đà (Đà Nẵng).
 * - ma: mã ("mã ngành") vs mà.  - can: cần vs Cần Thơ.  - dang: đăng ("đăng ký") vs đang.
 * - tu: tư ("tư vấn") vs từ.  - lam: làm ("việc làm") is content.  - the: thẻ ("thẻ BHYT").
 * - chua: chữa ("sửa chữa" = repair).  - luon: lươn ("nuôi lươn").
 * - thoi: thời ("thời gian").  - ha: Hà Nội / Hà Tĩnh / Hà Giang.
 * - bao/bac/ba/ong/chu/chau/con/tai/bi/xin: each has a content reading.
 */
export const PARTICLES: ReadonlySet<string> = new Set([
  // sentence-final / interjection particles (ạ, à, á fold to "a")
  'a', 'ah', 'ak', 'oi', 'nhe', 'nha', 'nhi', 'ne', 'nhen', 'hen', 'u', 'uh', 'um', 'uhm',
  'ok', 'oke', 'oki', 'okie', 'okay', 'haha', 'hihi', 'hehe', 'huhu', 'hic', 'hix',
  // pronouns and forms of address
  'em', 'anh', 'chi', 'minh', 'toi', 'tui', 'ban', 'ad', 'admin', 'shop',
  // function words ("co" and "cua" have content readings caught by PROTECTED_PHRASES)
  'co', 'khong', 'duoc', 'gi', 'la', 'muon', 'voi', 'va', 'cua', 'cac', 'nhung', 'nao',
  'roi', 'nay', 'neu', 'o', 'vao', // not 've': về, but also vẽ (vẽ gốm)
  'len', 'sao', 'hay', 'cung', 'nhu',
  'mot', 'nhieu', 'biet', 'xem', 'giup', 'dum', 'gium', 'nua', 'phai', 'se', 'di',
  // để ("học để làm thêm"); dê and đề are kept by PROTECTED_PHRASES (nuôi dê, đề án…)
  'de',
]);

/**
 * Teencode whose every meaning is made of particles ("ko", "e", "j", "dc" is
 * not: it may be địa chỉ), so callers may strip before or after expansion.
 * A typed "v"/"z" is always vậy, never the loan "vay", so vay counts here.
 */
const PARTICLE_CODES: ReadonlySet<string> = new Set(
  [...ABBREVIATIONS]
    .filter(([, meanings]) => meanings.every((m) => m.every((t) => PARTICLES.has(t) || t === 'vay')))
    .map(([code]) => code),
);

const YEAR = /^(?:19|20)\d\d$/;

/** Number units that look like particles: "500 k" is 500 nghìn, not "không". */
const NUMBER_UNIT_TOKENS: ReadonlySet<string> = new Set(['k']);

/**
 * Phrases in which a particle-looking token is really content after folding.
 * Matched on whole tokens; every token of a matched phrase is kept.
 */
const PROTECTED_PHRASES: readonly string[] = [
  // cơ / cô read as "co"
  'co khi', 'co dien', 'co so', 'co hoi', 'co quan', 'co ban', 'co giao', 'co che', 'co cau',
  // chi phí etc. read as "chi"
  'chi phi', 'chi tra', 'chi tiet', 'chi nhanh', 'chi hoi', 'chi cuc',
  // tiếng Anh (English courses)
  'tieng anh', 'anh van',
  // bán / ban read as "ban"
  'ban hang', 'buon ban', 'mua ban', 'ban le', 'ban si', 'ban hanh', 'ban dau', 'ban quan ly',
  // nhà read as "nha"
  'nha may', 'nha hang', 'nha o', 'nha nuoc', 'nha truong', 'nha tuyen dung', 'nha xuong',
  'nha tro', 'xay nha', 'sua nha',
  // tối read as "toi" (evening classes, tối đa / tối thiểu in support rules)
  'buoi toi', 'ca toi', 'lop toi', 'hoc toi', 'toi da', 'toi thieu',
  // cua / cửa read as "cua"
  'nuoi cua', 'cua hang', 'cua nhom', 'cua sat', 'cua kinh',
  // "bao nhiêu" asks for an amount (fees, allowances) and FAQ titles contain it
  'bao nhieu',
  // dê (goats) and đề read as "de"
  'nuoi de', 'thit de', 'de lai', 'de an', 'de nghi', 'de xuat', 'chu de', 'van de', 'de thi', 'de cuong', 'de tai',
  // others
  'nhu cau', 'cung cap', 'cung ung', 'hom nay', 'hien nay', 'nam nay', 'viec nhe',
  'trong oi', 'cay oi', 'di cu', 'nuoi voi',
];

/** Question formulas with no search content; "cho"/"hoi" are dropped only here. */
const FILLER_PHRASES: readonly string[] = [
  'cho em hoi', 'cho minh hoi', 'cho toi hoi', 'cho chau hoi', 'cho tui hoi', 'cho con hoi',
  'cho hoi', 'xin hoi', 'em muon hoi', 'minh muon hoi', 'toi muon hoi', 'muon hoi',
  'nhu the nao', 'the nao', 'ra sao', 'o dau', 'cam on', 'xin chao', 'lam on', 'vui long',
  'xin cam on', 'moi duoc',
  // "when" / "how": bao/giờ/lúc/làm each have a content reading, the phrase has none
  'bao gio', 'luc nao', 'may gio', 'lam sao',
  // when, relative to now: the content gives dates, not "next year"
  'nam sau', 'nam toi', 'thang sau', 'thang toi', 'tuan sau', 'tuan toi', 'sap toi', 'bay gio', 'hien gio',
  'ngay nao', 'hom nao', 'ca ngay',
  // who is asking for whom ("ông tôi 62 tuổi…", "mẹ em muốn học…"): ông, bà, mẹ, nhà… have content readings
  'ong toi', 'ong em', 'ba toi', 'ba em', 'me toi', 'me em', 'bo toi', 'bo em', 'cha toi', 'cha em',
  'ong noi', 'ong ngoai', 'ba noi', 'ba ngoai', 'con toi', 'con em', 'con minh', 'vo toi', 'vo em',
  'chong toi', 'chong em', 'nha toi', 'nha em', 'nha minh', 'gia dinh toi', 'gia dinh em',
];

/** Before these, "vay" is the particle vậy ("học gì vậy"); elsewhere it may be a loan ("muốn vay"). */
// "khong" is excluded on purpose: "không vay được" is about a loan.
const VAY_AS_PARTICLE_AFTER: ReadonlySet<string> = new Set(['gi', 'sao', 'nao', 'dau', 'the', 'nhu']);
/** "muốn vay ạ", "cần vay anh": after these, vay is a loan however the sentence ends. */
const WANTING: ReadonlySet<string> = new Set(['muon', 'can', 'xin', 'duoc', 'cho', 'de', 'di', 'phai', 'dang', 'ky']);
// Closing particles and forms of address (a typed "a" reads as anh).
const CLOSING: ReadonlySet<string> = new Set(['a', 'ah', 'ha', 'nhi', 'nhe', 'nha', 'ta', 'anh', 'chi', 'em', 'ad', 'admin', 'ban']);

const toPhrases = (list: readonly string[]): string[][] =>
  list.map((p) => p.split(' ')).sort((x, y) => y.length - x.length); // longest first

const PROTECTED = toPhrases(PROTECTED_PHRASES);
const FILLERS = toPhrases(FILLER_PHRASES);

/** True if the folded token (or teencode for one, like "ko") is a particle that is safe to drop by itself. */
export function isParticle(token: string): boolean {
  return typeof token === 'string' && (PARTICLES.has(token) || PARTICLE_CODES.has(token));
}

/**
 * For each position, true if the token may be dropped for matching in this
 * context: particles, filler phrases ("cho em hỏi"), and "vậy" after a
 * question word, but not particle-looking tokens inside protected content
 * phrases ("cơ khí", "nhà máy", "chi phí", "tối đa", "bao nhiêu") nor "k"
 * right after a number. Use this instead of isParticle when positions matter.
 */
export function particleMask(tokens: readonly string[]): boolean[] {
  if (!Array.isArray(tokens)) return [];
  const n = tokens.length;
  const drop: boolean[] = new Array<boolean>(n).fill(false);
  const locked: boolean[] = new Array<boolean>(n).fill(false);
  // Phrases are matched on the primary reading so "cho e hoi" = "cho em hoi".
  const canonical = tokens.map(canonicalForm);

  for (let i = 0; i < n; i++) {
    const p = matchAt(canonical, i, PROTECTED);
    for (let j = i; j < i + p; j++) locked[j] = true;
  }
  for (let i = 0; i < n; ) {
    const f = matchAt(canonical, i, FILLERS);
    if (f > 0 && !locked.slice(i, i + f).some(Boolean)) {
      for (let j = i; j < i + f; j++) drop[j] = true;
      i += f;
    } else i++;
  }
  for (let i = 0; i < n; i++) {
    if (locked[i] || drop[i]) continue;
    const t = tokens[i];
    const afterNumber = i > 0 && /^\d+$/.test(tokens[i - 1] ?? '');
    if (typeof t !== 'string' || t === '') drop[i] = true;
    else if (afterNumber && NUMBER_UNIT_TOKENS.has(t)) continue;
    else if (isParticle(t)) drop[i] = true;
    else if (t === 'vay' && i > 0 && VAY_AS_PARTICLE_AFTER.has(tokens[i - 1] ?? '')) drop[i] = true;
    // "… khai giảng vậy ạ": vậy before a closing particle ends the sentence; a loan is asked for otherwise.
    else if (t === 'vay' && i > 0 && CLOSING.has(tokens[i + 1] ?? '') && i + 2 >= n && !WANTING.has(tokens[i - 1] ?? '')) drop[i] = true;
    // "năm 2027": the year says it all; "năm" alone would match every "năm" in the content.
    else if (t === 'nam' && YEAR.test(tokens[i + 1] ?? '')) drop[i] = true;
  }
  return drop;
}

/** The tokens left after particleMask: what to match on. Never mutates the input. */
export function stripParticles(tokens: readonly string[]): string[] {
  const drop = particleMask(tokens);
  return drop.map((d, i) => (d ? undefined : tokens[i])).filter((t): t is string => typeof t === 'string');
}

/** A one-word abbreviation's most likely reading ("e" → "em"); other tokens unchanged. */
function canonicalForm(token: unknown): string {
  if (typeof token !== 'string') return '';
  const first = ABBREVIATIONS.get(token)?.[0];
  return first?.length === 1 && first[0] !== undefined ? first[0] : token;
}

/** Length of the longest phrase matching at position i, or 0. */
function matchAt(tokens: readonly string[], i: number, phrases: readonly string[][]): number {
  for (const phrase of phrases) {
    if (i + phrase.length > tokens.length) continue;
    if (phrase.every((w, k) => tokens[i + k] === w)) return phrase.length;
  }
  return 0;
}
