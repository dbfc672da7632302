/**
 * Chat particles, pronouns and function words that carry no search meaning.
 * They are dropped before fuzzy matching but kept for intent detection, so
 * this module only classifies tokens; it never changes the caller's input.
 * All tokens are folded (see foldVi), and folding merges words: a token is
 * listed only if none of its accented readings is a useful content word here,
 * or if the content readings are caught by PROTECTED_PHRASES below.
 */

/**
 * Always safe to drop on their own. Deliberately NOT listed (folded collisions):
 * - cho: chợ (market, "hội chợ") — removed only inside filler phrases like "cho em hỏi".
 * - hoi: hội (association, "hội chợ", "hội nông dân") vs hỏi (ask) — same treatment.
 * - vay: vay (loan, "vay vốn") vs vậy — see the separate rule in stripParticles.
 * - day: dạy ("dạy nghề") vs đây/đấy.  - do: độ ("trình độ"), đồ ("đồ họa") vs đó.
 * - thi: thi (exam, "thi bằng lái") vs thì.  - da: đã vs da (leather), Đà (Đà Nẵng).
 * - ma: mã ("mã ngành") vs mà.  - can: cần vs Cần Thơ.  - dang: đăng ("đăng ký") vs đang.
 * - tu: tư ("tư vấn") vs từ.  - lam: làm ("việc làm") is content.  - the: thẻ ("thẻ BHYT").
 * - bao/bac/ba/ong/chu/chau/con/tai/bi/xin/ha: each has a content or place reading.
 */
export const PARTICLES: ReadonlySet<string> = new Set([
  // sentence-final / interjection particles (ạ, à, á fold to "a")
  'a', 'ah', 'ak', 'oi', 'nhe', 'nha', 'nhi', 'ne', 'nhen', 'hen', 'u', 'uh', 'um', 'uhm',
  'ok', 'oke', 'oki', 'okie', 'okay', 'haha', 'hihi', 'hehe', 'huhu', 'hic', 'hix',
  // pronouns and forms of address
  'em', 'anh', 'chi', 'minh', 'toi', 'tui', 'ban', 'ad', 'admin', 'shop',
  // function words
  'co', 'khong', 'duoc', 'gi', 'la', 'muon', 'voi', 'va', 'cua', 'cac', 'nhung', 'nao',
  'roi', 'nay', 'neu', 'de', 'o', 've', 'vao', 'len', 'sao', 'hay', 'cung', 'nhu',
  'mot', 'nhieu', 'biet', 'xem', 'giup', 'dum', 'gium', 'nua', 'luon', 'chua', 'phai',
  'se', 'di', 'thoi', 'ha', 'nhieu',
].filter((t) => t !== 'ha')); // "ha" stays out: Hà Nội / Hà Tĩnh / Hà Giang begin with it

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
  'buoi toi', 'ca toi', 'lop toi', 'toi da', 'toi thieu',
  // cua / cửa read as "cua"
  'nuoi cua', 'cua hang', 'cua nhom', 'cua sat', 'cua kinh',
  // others
  'nhu cau', 'cung cap', 'cung ung', 'hom nay', 'hien nay', 'nam nay', 'viec nhe',
  'trong oi', 'cay oi', 'chua benh', 'di cu', 'la chan', 'de an',
];

/** Question formulas with no search content; "cho"/"hoi" are dropped only here. */
const FILLER_PHRASES: readonly string[] = [
  'cho em hoi', 'cho minh hoi', 'cho toi hoi', 'cho chau hoi', 'cho tui hoi', 'cho con hoi',
  'cho hoi', 'xin hoi', 'em muon hoi', 'minh muon hoi', 'toi muon hoi', 'muon hoi',
  'nhu the nao', 'the nao', 'ra sao', 'o dau', 'cam on', 'xin chao', 'lam on', 'vui long',
  'xin cam on',
];

/** Before these, "vay" is the particle vậy ("học gì vậy"); elsewhere it may be a loan ("muốn vay"). */
const VAY_AS_PARTICLE_AFTER: ReadonlySet<string> = new Set([
  'gi', 'sao', 'nao', 'dau', 'the', 'nhu', 'khong', 'roi', 'a', 'ha', 'hả', 'ntn',
]);

const toPhrases = (list: readonly string[]): string[][] =>
  list.map((p) => p.split(' ')).sort((x, y) => y.length - x.length); // longest first

const PROTECTED = toPhrases(PROTECTED_PHRASES);
const FILLERS = toPhrases(FILLER_PHRASES);

/** True if the folded token is a particle that is always safe to drop by itself. */
export function isParticle(token: string): boolean {
  return typeof token === 'string' && PARTICLES.has(token);
}

/**
 * Removes particles and filler phrases from folded tokens for matching,
 * keeping particle-looking tokens that form protected content phrases
 * ("co khi", "nha may", "chi phi", "toi da").
 */
export function stripParticles(tokens: readonly string[]): string[] {
  if (!Array.isArray(tokens)) return [];
  const n = tokens.length;
  const keep: boolean[] = new Array<boolean>(n).fill(true);
  const locked: boolean[] = new Array<boolean>(n).fill(false);

  for (let i = 0; i < n; i++) {
    const p = matchAt(tokens, i, PROTECTED);
    for (let j = i; j < i + p; j++) locked[j] = true;
  }
  for (let i = 0; i < n; ) {
    const f = matchAt(tokens, i, FILLERS);
    if (f > 0 && !locked.slice(i, i + f).some(Boolean)) {
      for (let j = i; j < i + f; j++) keep[j] = false;
      i += f;
    } else i++;
  }
  for (let i = 0; i < n; i++) {
    if (locked[i] || !keep[i]) continue;
    const t = tokens[i];
    if (typeof t !== 'string' || t === '' || isParticle(t)) keep[i] = false;
    else if (t === 'vay' && i > 0 && VAY_AS_PARTICLE_AFTER.has(tokens[i - 1] ?? '')) keep[i] = false;
  }
  return tokens.filter((_, i) => keep[i]) as string[];
}

/** Length of the longest phrase matching at position i, or 0. */
function matchAt(tokens: readonly string[], i: number, phrases: readonly string[][]): number {
  for (const phrase of phrases) {
    if (i + phrase.length > tokens.length) continue;
    if (phrase.every((w, k) => tokens[i + k] === w)) return phrase.length;
  }
  return 0;
}
