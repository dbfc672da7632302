/** Tests for teencode/abbreviation expansion, including ambiguous and number-glued forms. */
import { describe, expect, it } from 'vitest';
import { ABBREVIATIONS, expandAbbreviations, expandedTokens, primaryTokens } from '../../src/text/abbreviations.js';
import { foldVi, tokenize } from '../../src/text/fold.js';

const first = (tokens: string[]): string[] => expandAbbreviations(tokens).map((alts) => alts[0]?.join(' ') ?? '');

describe('ABBREVIATIONS table', () => {
  it('has the ~60 chat entries plus domain ones', () => {
    expect(ABBREVIATIONS.size).toBeGreaterThanOrEqual(100);
    for (const key of ['k', 'ko', 'dc', 'dk', 'j', 'ntn', 'bn', 'sdt', 'bhxh', 'bhtn', 'xkld', 'htx', 'ocop', 'hnay', 'hcm', 'sg']) {
      expect(ABBREVIATIONS.has(key), key).toBe(true);
    }
  });

  it('is keyed and valued on folded text only', () => {
    for (const [key, meanings] of ABBREVIATIONS) {
      expect(foldVi(key), key).toBe(key);
      expect(meanings.length, key).toBeGreaterThan(0);
      for (const m of meanings) for (const t of m) expect(foldVi(t), `${key} → ${t}`).toBe(t);
    }
  });
});

describe('expandAbbreviations', () => {
  it('expands common teencode and keeps unknown tokens in place', () => {
    expect(first(tokenize('e muốn hỏi qr ntn z'))).toEqual(['em', 'muon', 'hoi', 'qr', 'nhu the nao', 'vay']);
    // The initials chat writes for the words of training notices.
    expect(first(tokenize('hp bn, có cc k'))).toEqual(['hoc phi', 'bao nhieu', 'co', 'chung chi', 'khong']);
    expect(expandAbbreviations(['hoc', 'han'])).toEqual([[['hoc']], [['han']]]);
    // Loan spellings chat uses for the content's words.
    expect(first(tokenize('lop rang cafe bn tien'))).toEqual(['lop', 'rang', 'ca phe', 'bao nhieu', 'tien']);
  });

  it('folds before lookup so đc/đk/sđt hit the same entries as dc/dk/sdt', () => {
    expect(expandAbbreviations(['đc'])).toEqual(expandAbbreviations(['dc']));
    expect(expandAbbreviations(['SĐT'])[0]?.[0]).toEqual(['so', 'dien', 'thoai']);
    expect(first(tokenize('đk học đc ko'))).toEqual(['dang ky', 'hoc', 'duoc', 'khong']);
  });

  it('lists every meaning of ambiguous codes, most likely first', () => {
    const [dk] = expandAbbreviations(['dk']);
    expect(dk?.map((m) => m.join(' '))).toEqual(['dang ky', 'duoc', 'dieu kien']);
    const [bn] = expandAbbreviations(['bn']);
    expect(bn?.map((m) => m.join(' '))).toEqual(['bao nhieu', 'ban']);
    const [hs] = expandAbbreviations(['hs']);
    expect(hs?.map((m) => m.join(' '))).toContain('ho so');
    expect(hs?.map((m) => m.join(' '))).toContain('hoc sinh');
    const [bh] = expandAbbreviations(['bh']);
    expect(bh?.map((m) => m.join(' '))).toEqual(['bay gio', 'bao hiem']);
  });

  it('keeps domain acronyms themselves as a meaning', () => {
    const [bhxh] = expandAbbreviations(['bhxh']);
    expect(bhxh).toEqual([['bao', 'hiem', 'xa', 'hoi'], ['bhxh']]);
    expect(first(['xkld', 'bhtn', 'ld', 'dn'])).toEqual(['xuat khau lao dong', 'bao hiem that nghiep', 'lao dong', 'doanh nghiep']);
  });

  it('reads number-glued units and never turns a glued k into "không"', () => {
    expect(expandAbbreviations(['500k'])).toEqual([[['500', 'nghin'], ['500k']]]);
    expect(expandAbbreviations(['5tr'])[0]?.[0]).toEqual(['5', 'trieu']);
    expect(expandAbbreviations(['5h'])[0]?.[0]).toEqual(['5', 'gio']);
    expect(expandAbbreviations(['5h30'])[0]?.[0]).toEqual(['5', 'gio', '30']);
    expect(expandAbbreviations(['1tr5'])[0]?.[0]).toEqual(['1', 'trieu', '5']);
    expect(expandedTokens(['500k'])).not.toContain('khong');
  });

  it('reads a separate unit after a number token as the unit first', () => {
    const out = expandAbbreviations(['500', 'k']);
    expect(out[1]?.[0]).toEqual(['nghin']);
    expect(expandAbbreviations(['5', 'tr'])[1]).toEqual([['trieu']]);
    // Not after a number: k and tr keep their chat meanings
    expect(expandAbbreviations(['hoc', 'k'])[1]?.[0]).toEqual(['khong']);
    expect(expandAbbreviations(['tr'])[0]?.[0]).toEqual(['trieu']);
  });

  it('leaves plain numbers and mixed tokens alone', () => {
    expect(expandAbbreviations(['2027', 'lop10', '4g'])).toEqual([[['2027']], [['lop10']], [['4g']]]);
  });

  it('never throws on odd input', () => {
    expect(expandAbbreviations([])).toEqual([]);
    expect(expandAbbreviations(['', '😀', 'x'.repeat(10_000)])).toHaveLength(3);
    expect(expandAbbreviations(null as unknown as string[])).toEqual([]);
    expect(expandAbbreviations([undefined as unknown as string])).toEqual([[['']]]);
  });
});

describe('expandedTokens / primaryTokens', () => {
  it('flattens all alternatives without duplicates, order kept', () => {
    expect(expandedTokens(['dk', 'hoc', 'dc'])).toEqual(['dang', 'ky', 'duoc', 'dieu', 'kien', 'hoc', 'dia', 'chi']);
  });

  it('primaryTokens follows the first alternative only', () => {
    expect(primaryTokens(tokenize('e mun dk hoc 500k'))).toEqual(['em', 'muon', 'dang', 'ky', 'hoc', '500', 'nghin']);
  });
});

describe('ô and uô written u', () => {
  it('reads rùi, thui, lun as rồi, thôi, luôn first, the literal word after', () => {
    expect(primaryTokens(tokenize('bố e 65t rùi, thui hc lun'))).toEqual(['bo', 'em', '65', 'tuoi', 'roi', 'thoi', 'hoc', 'luon']);
    expect(expandAbbreviations(['lun'])).toEqual([[['luon'], ['lun']]]);
  });
});
