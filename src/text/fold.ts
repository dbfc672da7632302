/**
 * Low-level text normalisation for Vietnamese chat input: cleaning raw
 * messages for storage/display, folding diacritics for search keys, and
 * splitting folded text into tokens. Every function accepts any string
 * (or even a non-string at runtime) and never throws.
 */

/** Characters that should become a plain space before anything else. */
// U+0085 (NEL) is a C1 control but means "line break", so it becomes a space, not nothing.
const WHITESPACE_LIKE = /[\t\n\v\f\r\u0085\p{Zs}\p{Zl}\p{Zp}]+/gu;

/**
 * Invisible or unsafe code points: C0/C1 controls (Cc), format characters (Cf:
 * zero-width space/joiners, bidi marks and overrides, BOM, soft hyphen, tag
 * characters), lone surrogates (Cs) and private-use glyphs (Co).
 * Unassigned code points (Cn) are kept on purpose: new emoji are unassigned in
 * older Unicode tables and are harmless.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu;

/** More than three stacked combining marks is "Zalgo" noise, never Vietnamese. */
const MARK_PILE = /(\p{M}{3})\p{M}+/gu;

/** Đ/đ have no Unicode decomposition; Ð/ð (eth) and Ɖ/ɖ (African D) are visual lookalikes. */
const D_LIKE = /[đĐ\u00D0\u00F0\u0189\u0256]/g;

/** The nine marks Vietnamese uses after NFD: five tones plus circumflex, breve, horn. */
const VI_MARKS = /[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031B]/;

/**
 * Cleans a raw chat message for storage and display: NFC, invisible/control
 * characters removed, whitespace collapsed, trimmed and cut to at most
 * `maxLength` code points. Emoji and symbols are kept (they are harmless and
 * may carry meaning); folding later turns them into spaces.
 */
export function cleanInput(raw: string, maxLength = 500): string {
  if (typeof raw !== 'string' || raw.length === 0) return '';
  const limit = Number.isFinite(maxLength) ? Math.max(0, Math.floor(maxLength)) : Infinity;
  if (limit === 0) return '';

  // Bound the work on huge inputs before normalising; generous slack covers
  // whitespace and control characters that will be removed.
  let s = raw;
  const preCut = limit === Infinity ? Infinity : Math.max(limit * 4, 1024);
  if (s.length > preCut) s = s.slice(0, preCut);

  s = s
    .replace(WHITESPACE_LIKE, ' ')
    .replace(INVISIBLE, '')
    .normalize('NFC')
    .replace(MARK_PILE, '$1')
    .replace(/ {2,}/g, ' ')
    .trim();

  return cutCodePoints(s, limit).trimEnd();
}

/**
 * Words typed without the space between them, where the case changes ("chợOCOP", "hoiCho"), are two
 * words: a capital after two small letters starts another. ("hOc", one small letter, is left.)
 */
export function splitCaseJoins(text: string): string {
  return text.replace(/(\p{Ll}\p{M}*\p{Ll}\p{M}*)(?=\p{Lu})/gu, '$1 ');
}

/** Cuts to `limit` code points without splitting a surrogate pair. */
function cutCodePoints(s: string, limit: number): string {
  if (s.length <= limit) return s; // UTF-16 length ≥ code-point count, so this is safe
  let count = 0;
  let end = 0;
  for (const ch of s) {
    if (count === limit) break;
    end += ch.length;
    count++;
  }
  return s.slice(0, end);
}

/**
 * Folds text into a search key: no diacritics, đ→d, lowercase, anything that
 * is not a letter or digit becomes a single space. NFC and NFD input give the
 * same result.
 */
export function foldVi(s: string): string {
  if (typeof s !== 'string' || s.length === 0) return '';
  return (
    s
      .replace(D_LIKE, 'd')
      // NFKD rather than NFD: also flattens fullwidth letters and "fancy" math
      // alphabets (𝐡𝐨𝐜 → hoc) that some phone keyboards produce; Vietnamese
      // letters decompose identically under both forms.
      .normalize('NFKD')
      .toLowerCase()
      // U+0300–U+036F covers every Vietnamese mark; other scripts' marks are
      // removed too (not turned into spaces) so they don't split words.
      .replace(/\p{M}+/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** True if the text carries Vietnamese tone/vowel marks or đ, i.e. the user typed accents. */
export function hasVietnameseDiacritics(s: string): boolean {
  if (typeof s !== 'string' || s.length === 0) return false;
  if (/[đĐ\u00D0\u0189]/.test(s)) return true;
  return VI_MARKS.test(s.normalize('NFD'));
}

/** Thousands separators between digit groups: "1.000.000" → "1000000". */
const THOUSANDS_SEP = /(\d)[.,](?=\d{3}(?!\d))/g;

/** A number glued to a whole word ("3thang", "5trieu"); short unit suffixes (500k, 5tr, 5h) stay glued. */
const NUMBER_THEN_WORD = /^(\d+)(\p{L}{3,})$/u;

/** Text that folding leaves as it is: plain lowercase words and digits, one space apart. */
const FOLDED_TEXT = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/** Three or more of the same letter ("duocccc", "aaaa") collapse to one; digits are never touched. */
const LETTER_RUN = /(\p{L})\1{2,}/gu;
const VOWEL = /[aeiouy]/;
const PERCENT = /%/g;

/**
 * Folds and splits text into tokens. Runs of 3+ identical letters collapse to
 * one, thousands separators are joined ("500.000" → "500000"), short number
 * units stay glued ("500k", "5tr", "5h30") for the abbreviation layer, and a
 * number glued to a full word is split ("3thang" → "3", "thang").
 */
export function tokenize(s: string): string[] {
  if (typeof s !== 'string' || s.length === 0) return [];
  const tokens: string[] = [];
  // Plain lowercase letters and digits ("12345", "hoc nghe o dau") fold to themselves. A percent sign
  // is the words people say for it ("hỗ trợ 70%" is asked as "bao nhiêu phần trăm").
  const folded = FOLDED_TEXT.test(s) ? s : foldVi(s.replace(THOUSANDS_SEP, '$1').replace(PERCENT, ' phan tram '));
  for (const part of folded.split(' ')) {
    if (part.length === 0) continue;
    // A word drawn out ("duocccc") has a vowel; a token without one is a shorthand ("cccd"), kept as typed.
    const token = VOWEL.test(part) ? part.replace(LETTER_RUN, '$1') : part;
    const glued = NUMBER_THEN_WORD.exec(token);
    if (glued?.[1] !== undefined && glued[2] !== undefined) tokens.push(glued[1], glued[2]);
    else tokens.push(token);
  }
  return tokens;
}

/** The five tone marks after NFD (grave, acute, tilde, hook above, dot below). */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A lowercase word with its tone moved to the end: old and new tone placement ("huỷ"/"hủy",
 * "hoà"/"hòa") give the same key, while different tones or vowels ("hàn"/"hạn", "hôn"/"hơn") do not.
 */
export function toneKey(word: string): string {
  if (typeof word !== 'string' || word.length === 0) return '';
  const nfd = word.normalize('NFD').toLowerCase();
  const tones = nfd.match(TONE_MARKS);
  const base = nfd.replace(TONE_MARKS, '').normalize('NFC');
  return tones ? base + tones.join('') : base;
}
