/** Tests for cleanInput, foldVi, hasVietnameseDiacritics, tokenize and splitCaseJoins. */
import { describe, expect, it } from 'vitest';
import { cleanInput, foldVi, hasVietnameseDiacritics, splitCaseJoins, tokenize } from '../../src/text/fold.js';

const NFC = 'Đào tạo nghề Thừa Thiên Huế, ưu đãi cho người lao động';
const NFD = NFC.normalize('NFD');

describe('foldVi', () => {
  it('gives the same result for NFC and NFD input', () => {
    expect(NFD).not.toBe(NFC); // guard: the fixture really is decomposed
    expect(foldVi(NFD)).toBe(foldVi(NFC));
    expect(foldVi(NFC)).toBe('dao tao nghe thua thien hue uu dai cho nguoi lao dong');
  });

  it('maps đ, Đ and their lookalikes to d', () => {
    expect(foldVi('ĐẮK LẮK')).toBe('dak lak');
    expect(foldVi('đăng ký')).toBe('dang ky');
    expect(foldVi('\u00D0ồng Nai')).toBe('dong nai'); // Ð (eth)
    expect(foldVi('\u0189ồng Tháp')).toBe('dong thap'); // Ɖ (African D)
  });

  it('folds both tone placements (hoà / hòa) to the same key', () => {
    expect(foldVi('Hoà Bình')).toBe(foldVi('Hòa Bình'));
    expect(foldVi('thuỷ sản')).toBe(foldVi('thủy sản'));
  });

  it('turns punctuation and symbols into single spaces', () => {
    expect(foldVi('  TP.HCM -- (Sài Gòn)!!  ')).toBe('tp hcm sai gon');
    expect(foldVi('Bà Rịa - Vũng Tàu')).toBe('ba ria vung tau');
  });

  it('flattens fullwidth and styled letters from phone keyboards', () => {
    expect(foldVi('ｈọｃ ｎｇｈề')).toBe('hoc nghe');
    expect(foldVi('𝐡𝐨𝐜 𝐧𝐠𝐡𝐞')).toBe('hoc nghe');
  });

  it('returns an empty string for empty, emoji-only and non-string input', () => {
    expect(foldVi('')).toBe('');
    expect(foldVi('😀🙏👍🏽')).toBe('');
    expect(foldVi(undefined as unknown as string)).toBe('');
  });
});

describe('hasVietnameseDiacritics', () => {
  it('detects tone marks, vowel marks and đ in either normal form', () => {
    expect(hasVietnameseDiacritics('học nghề')).toBe(true);
    expect(hasVietnameseDiacritics('học nghề'.normalize('NFD'))).toBe(true);
    expect(hasVietnameseDiacritics('đi')).toBe(true);
    expect(hasVietnameseDiacritics('ơ')).toBe(true);
  });

  it('is false for plain ASCII, empty and non-string input', () => {
    expect(hasVietnameseDiacritics('hoc nghe o dau')).toBe(false);
    expect(hasVietnameseDiacritics('')).toBe(false);
    expect(hasVietnameseDiacritics(null as unknown as string)).toBe(false);
  });
});

describe('cleanInput', () => {
  it('normalises to NFC', () => {
    expect(cleanInput(NFD)).toBe(NFC);
  });

  it('removes control, zero-width and bidi characters and collapses whitespace', () => {
    const raw = '\u0000 học\u200B\u200Cnghề\u202E \t\r\n\u0085 hàn\u0007\u009F\uFEFF  ';
    expect(cleanInput(raw)).toBe('họcnghề hàn');
  });

  it('removes lone surrogates but keeps emoji', () => {
    expect(cleanInput('a\uD800b 😀')).toBe('ab 😀');
  });

  it('cuts at maxLength code points without splitting a surrogate pair', () => {
    const out = cleanInput('😀'.repeat(10), 3);
    expect(out).toBe('😀😀😀');
    expect([...out]).toHaveLength(3);
    expect(cleanInput('abc', 0)).toBe('');
  });

  it('handles a 10 kB message quickly and bounded', () => {
    const raw = 'Cho em hỏi lớp hàn ở Bến Tre 😀\u200B '.repeat(400);
    expect(raw.length).toBeGreaterThan(10_000);
    const started = performance.now();
    const out = cleanInput(raw);
    expect(performance.now() - started).toBeLessThan(200);
    expect([...out].length).toBeLessThanOrEqual(500);
    expect(out.startsWith('Cho em hỏi lớp hàn ở Bến Tre 😀 Cho')).toBe(true);
    expect(out).toBe(out.trim());
  });

  it('caps stacked combining marks (Zalgo)', () => {
    const out = cleanInput('a' + '\u0301\u0302\u0303\u0304\u0305\u0306\u0307');
    expect([...out].length).toBeLessThanOrEqual(4);
  });

  it('returns an empty string for empty, whitespace-only and non-string input', () => {
    expect(cleanInput('')).toBe('');
    expect(cleanInput(' \u200B\n\t ')).toBe('');
    expect(cleanInput(42 as unknown as string)).toBe('');
  });
});

describe('tokenize', () => {
  it('folds and splits', () => {
    expect(tokenize('Cho em hỏi, lớp HÀN ở đâu?')).toEqual(['cho', 'em', 'hoi', 'lop', 'han', 'o', 'dau']);
  });

  it('collapses runs of 3+ identical letters but never touches digits', () => {
    expect(tokenize('đượcccc aaaa ạaaa ok 1000 2027')).toEqual(['duoc', 'a', 'a', 'ok', '1000', '2027']);
    expect(tokenize('xoong')).toEqual(['xoong']); // two letters stay
    // A token without a vowel is a shorthand, not a word drawn out: "cccd" is căn cước công dân.
    expect(tokenize('lm cccd, hmmm')).toEqual(['lm', 'cccd', 'hmmm']);
  });

  it('reads a percent sign as the words people say for it', () => {
    expect(tokenize('hỗ trợ 70% học phí')).toEqual(['ho', 'tro', '70', 'phan', 'tram', 'hoc', 'phi']);
  });

  it('keeps number units glued and splits numbers glued to whole words', () => {
    expect(tokenize('500k 5tr 5h30 lop10 3thang 5triệu')).toEqual(['500k', '5tr', '5h30', 'lop10', '3', 'thang', '5', 'trieu']);
  });

  it('treats plain lowercase text as any other text', () => {
    for (const text of ['12345', '3thang', 'duocccc', 'ubnd', '500k', 'lop10', 'co lop hoc han k a', 'hoc 3thang aaaa 500k']) {
      expect(tokenize(text)).toEqual(tokenize(` ${text}.`));
    }
    expect(tokenize('3thang')).toEqual(['3', 'thang']);
    expect(tokenize('aaaa')).toEqual(['a']);
  });

  it('joins thousands separators', () => {
    expect(tokenize('học phí 1.000.000đ, 2.5 triệu')).toEqual(['hoc', 'phi', '1000000d', '2', '5', 'trieu']);
  });

  it('returns [] for emoji-only, empty and non-string input', () => {
    expect(tokenize('😀🙏')).toEqual([]);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(undefined as unknown as string)).toEqual([]);
  });

  it('survives mixed scripts and control characters', () => {
    expect(tokenize('học 中文 русский\u0000abc')).toEqual(['hoc', '中文', 'русскии', 'abc']);
  });
});

describe('splitCaseJoins', () => {
  it('parts words run together where the case changes after two small letters', () => {
    expect(splitCaseJoins('co hoi choOCOP ko')).toBe('co hoi cho OCOP ko');
    expect(splitCaseJoins('ĐồngTháp có lớp')).toBe('Đồng Tháp có lớp');
    expect(splitCaseJoins('hoiCho')).toBe('hoi Cho');
  });

  it('leaves acronyms, names and a stray capital alone', () => {
    for (const text of ['TPHCM', 'Đắk Lắk', 'hOc', 'iPhone', 'McDonald']) expect(splitCaseJoins(text)).toBe(text);
  });
});
