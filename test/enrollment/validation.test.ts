/**
 * The checks on what people type into the enrolment form: phone numbers and names.
 */
import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from '../../src/enrollment/phone.js';
import { checkCommune, checkName, isSkip } from '../../src/enrollment/person.js';

describe('normalizePhone', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['0912-345-678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['(+84) 912-345-678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0084912345678', '0912345678'],
    ['+84 0912 345 678', '0912345678'],
    ['0389999999', '0389999999'],
    ['0521234567', '0521234567'],
    ['0701234567', '0701234567'],
    ['0861234567', '0861234567'],
    ['０９１２３４５６７８', '0912345678'], // fullwidth digits from some keyboards
  ])('%s → %s', (raw, want) => {
    expect(normalizePhone(raw)).toBe(want);
  });

  it.each([
    '',
    '091234567', // 9 digits
    '09123456789', // 11 digits
    '0212345678', // landline-style prefix
    '0412345678',
    '0612345678',
    '0112345678',
    '912345678', // no leading 0 or country code
    '+1 912 345 678', // another country
    '+8491234567', // too short after +84
    '0912a45678',
    'abc',
    '0912 345 678 ext 2',
    '84 0212 345 678',
  ])('rejects %j', (raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });

  it('formats for reading', () => {
    expect(formatPhone('0912345678')).toBe('0912 345 678');
  });
});

describe('checkName', () => {
  it('accepts and tidies ordinary names', () => {
    expect(checkName('Nguyễn Văn An')).toEqual({ ok: true, name: 'Nguyễn Văn An', singleWord: false });
    expect(checkName('  nguyễn   thị   bích  ')).toEqual({ ok: true, name: 'Nguyễn Thị Bích', singleWord: false });
    expect(checkName('TRẦN VĂN BA')).toEqual({ ok: true, name: 'Trần Văn Ba', singleWord: false });
    expect(checkName('nguyen van an')).toEqual({ ok: true, name: 'Nguyen Van An', singleWord: false });
    expect(checkName("H'Hen Niê")).toMatchObject({ ok: true, singleWord: false });
    // NFD input (some phones) is stored composed.
    expect(checkName('Lê Văn Tám'.normalize('NFD'))).toEqual({ ok: true, name: 'Lê Văn Tám', singleWord: false });
  });

  it('flags a single word so the bot can ask once for the full name', () => {
    expect(checkName('Hùng')).toEqual({ ok: true, name: 'Hùng', singleWord: true });
  });

  it('refuses what is not a name', () => {
    expect(checkName('A')).toEqual({ ok: false, reason: 'length' });
    expect(checkName('x'.repeat(61))).toEqual({ ok: false, reason: 'length' });
    expect(checkName('Nguyễn Văn 2')).toEqual({ ok: false, reason: 'digits' });
    expect(checkName('0912345678')).toEqual({ ok: false, reason: 'digits' });
    expect(checkName('=HYPERLINK("x")')).toEqual({ ok: false, reason: 'characters' });
    expect(checkName('an@gmail com')).toEqual({ ok: false, reason: 'characters' });
    expect(checkName('😀😀')).toEqual({ ok: false, reason: 'characters' });
  });
});

describe('commune', () => {
  it('accepts place names and refuses junk', () => {
    expect(checkCommune('xã Mỏ Cày')).toEqual({ ok: true, commune: 'xã Mỏ Cày' });
    expect(checkCommune('Phường 3')).toEqual({ ok: true, commune: 'Phường 3' });
    expect(checkCommune('123')).toEqual({ ok: false });
    expect(checkCommune('=cmd|x')).toEqual({ ok: false });
    expect(checkCommune('x'.repeat(81))).toEqual({ ok: false });
  });

  it('knows the ways of saying "skip"', () => {
    for (const s of ['bỏ qua', 'bo qua', 'Không', 'ko', 'skip']) expect(isSkip(s)).toBe(true);
    expect(isSkip('xã Mỏ Cày')).toBe(false);
  });
});
