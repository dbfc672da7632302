/**
 * Tests for the 2025 province table: 34 units, the 63 former units mapping,
 * name resolution and mention detection traps. The expected mapping below is
 * written out independently of src/text/provinces.ts (from Res. 202/2025/QH15).
 */
import { describe, expect, it } from 'vitest';
import { PROVINCES, detectProvinces, provinceByCode, resolveProvinceName } from '../../src/text/provinces.js';
import { foldVi, tokenize } from '../../src/text/fold.js';

/** The 63 pre-July-2025 provincial units → new code. */
const FORMER_TO_NEW: Record<string, string> = {
  'Hà Nội': '01', 'Thừa Thiên Huế': '46', 'Lai Châu': '12', 'Điện Biên': '11', 'Sơn La': '14',
  'Lạng Sơn': '20', 'Quảng Ninh': '22', 'Thanh Hóa': '38', 'Nghệ An': '40', 'Hà Tĩnh': '42', 'Cao Bằng': '04',
  'Tuyên Quang': '08', 'Hà Giang': '08',
  'Lào Cai': '15', 'Yên Bái': '15',
  'Thái Nguyên': '19', 'Bắc Kạn': '19',
  'Phú Thọ': '25', 'Vĩnh Phúc': '25', 'Hòa Bình': '25',
  'Bắc Ninh': '24', 'Bắc Giang': '24',
  'Hưng Yên': '33', 'Thái Bình': '33',
  'Hải Phòng': '31', 'Hải Dương': '31',
  'Ninh Bình': '37', 'Hà Nam': '37', 'Nam Định': '37',
  'Quảng Trị': '44', 'Quảng Bình': '44',
  'Đà Nẵng': '48', 'Quảng Nam': '48',
  'Quảng Ngãi': '51', 'Kon Tum': '51',
  'Gia Lai': '52', 'Bình Định': '52',
  'Khánh Hòa': '56', 'Ninh Thuận': '56',
  'Lâm Đồng': '68', 'Đắk Nông': '68', 'Bình Thuận': '68',
  'Đắk Lắk': '66', 'Phú Yên': '66',
  'Hồ Chí Minh': '79', 'Bình Dương': '79', 'Bà Rịa - Vũng Tàu': '79',
  'Đồng Nai': '75', 'Bình Phước': '75',
  'Tây Ninh': '80', 'Long An': '80',
  'Cần Thơ': '92', 'Sóc Trăng': '92', 'Hậu Giang': '92',
  'Vĩnh Long': '86', 'Bến Tre': '86', 'Trà Vinh': '86',
  'Đồng Tháp': '82', 'Tiền Giang': '82',
  'Cà Mau': '96', 'Bạc Liêu': '96',
  'An Giang': '91', 'Kiên Giang': '91',
};

const CITIES = ['01', '46', '31', '48', '79', '92'];

const detect = (q: string) =>
  detectProvinces(tokenize(q)).map((m) => ({ code: m.province.code, start: m.start, end: m.end, former: m.matchedFormer }));
const codes = (q: string) => detectProvinces(tokenize(q)).map((m) => m.province.code);

describe('PROVINCES table', () => {
  it('has exactly 34 units with unique two-digit codes and names', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(34);
    for (const p of PROVINCES) expect(p.code).toMatch(/^\d{2}$/);
  });

  it('has 28 provinces and 6 centrally-run cities', () => {
    expect(PROVINCES.filter((p) => p.kind === 'city').map((p) => p.code).sort()).toEqual([...CITIES].sort());
    for (const p of PROVINCES) expect(p.name.startsWith('TP ')).toBe(p.kind === 'city');
  });

  it('lists the 63 former units exactly once across all units', () => {
    const all = PROVINCES.flatMap((p) => p.formerNames.map(foldVi));
    expect(all).toHaveLength(63);
    expect(new Set(all)).toEqual(new Set(Object.keys(FORMER_TO_NEW).map(foldVi)));
  });

  it('has folded aliases that belong to one unit only', () => {
    const owner = new Map<string, string>();
    for (const p of PROVINCES) {
      for (const a of p.aliases) {
        expect(foldVi(a), a).toBe(a);
        expect(owner.get(a) ?? p.code, `${a} in ${p.code} and ${owner.get(a)}`).toBe(p.code);
        owner.set(a, p.code);
      }
    }
  });
});

describe('provinceByCode', () => {
  it('finds units by code, tolerating a missing leading zero', () => {
    expect(provinceByCode('86')?.shortName).toBe('Vĩnh Long');
    expect(provinceByCode('1')?.shortName).toBe('Hà Nội');
    expect(provinceByCode('83')).toBeUndefined(); // old Bến Tre code is gone
    expect(provinceByCode(undefined as unknown as string)).toBeUndefined();
  });
});

describe('resolveProvinceName', () => {
  it.each(Object.entries(FORMER_TO_NEW))('former unit %s → %s', (name, code) => {
    expect(resolveProvinceName(name)?.code).toBe(code);
    expect(resolveProvinceName(foldVi(name))?.code).toBe(code); // typed without accents
    expect(resolveProvinceName(`tỉnh ${name}`)?.code).toBe(code);
  });

  it('resolves every new unit to itself by name and short name', () => {
    for (const p of PROVINCES) {
      expect(resolveProvinceName(p.name)?.code, p.name).toBe(p.code);
      expect(resolveProvinceName(p.shortName)?.code, p.shortName).toBe(p.code);
    }
  });

  it.each([
    ['Bến Tre', '86'], ['tỉnh Kiên Giang', '91'], ['Bình Thuận', '68'], ['Thừa Thiên Huế', '46'], ['Huế', '46'],
    ['TP.HCM', '79'], ['TP. Hồ Chí Minh', '79'], ['Thành phố Hồ Chí Minh', '79'], ['Sài Gòn', '79'], ['sg', '79'],
    ['hcm', '79'], ['Bà Rịa - Vũng Tàu', '79'], ['BR-VT', '79'], ['brvt', '79'], ['Hoà Bình', '25'], ['Hòa Bình', '25'],
    ['Đắc Lắc', '66'], ['Dak Lak', '66'], ['ĐắkLắk', '66'], ['Bắc Cạn', '19'], ['hn', '01'], ['HaNoi', '01'],
    ['Bến Tre (cũ)', '86'], ['Phan Thiết', '68'],
  ])('%s → %s', (name, code) => {
    expect(resolveProvinceName(name)?.code).toBe(code);
  });

  it('is exact: partial names, lone syllables and junk do not resolve', () => {
    for (const junk of ['an', 'long', 'ha', 'vinh', 'binh', 'tp', 'tỉnh', 'Vĩnh Long An', 'Hà', '', '😀', 'x'.repeat(10_000)]) {
      expect(resolveProvinceName(junk), junk).toBeUndefined();
    }
    expect(resolveProvinceName(null as unknown as string)).toBeUndefined();
  });
});

describe('detectProvinces', () => {
  it('maps old names inside a question to the new unit and reports the old name', () => {
    expect(detect('e muốn học nghề ở Bến Tre')).toEqual([{ code: '86', start: 5, end: 7, former: 'Bến Tre' }]);
    expect(detect('lop han o Kien Giang')).toEqual([{ code: '91', start: 3, end: 5, former: 'Kiên Giang' }]);
    expect(detect('học ở Vĩnh Long')).toEqual([{ code: '86', start: 2, end: 4, former: undefined }]);
  });

  it('maps a province dissolved before 2008 to the unit that now holds all of it', () => {
    expect(detect('Hà Tây cũ có lớp may không')).toEqual([{ code: '01', start: 0, end: 2, former: 'Hà Tây' }]);
    expect(resolveProvinceName('tinh ha bac')?.code).toBe('24');
    expect(resolveProvinceName('Minh Hải')?.code).toBe('96');
    // Split between units since: no single answer.
    expect(resolveProvinceName('Hải Hưng')).toBeUndefined();
  });

  it('keeps Long An, Vĩnh Long and An Giang apart', () => {
    expect(codes('long an')).toEqual(['80']);
    expect(codes('vinh long')).toEqual(['86']);
    expect(codes('an giang')).toEqual(['91']);
    expect(codes('vĩnh long, an giang, long an')).toEqual(['86', '91', '80']);
  });

  it('keeps Hà Nội, Hà Nam, Hà Tĩnh and Hà Giang apart', () => {
    expect(codes('hà nội hà nam hà tĩnh hà giang')).toEqual(['01', '37', '42', '08']);
  });

  it('never treats a lone syllable as a province', () => {
    for (const q of ['an', 'long', 'ha', 'binh', 'vinh', 'giang', 'dak', 'em an com', 'long lanh']) expect(codes(q), q).toEqual([]);
  });

  it('does not read "nghề an toàn" as Nghệ An, and prefers An Giang in "nghề An Giang"', () => {
    expect(codes('học nghề an toàn lao động')).toEqual([]);
    expect(codes('hoc nghe an giang')).toEqual(['91']);
    expect(codes('tỉnh Nghệ An có lớp nào')).toEqual(['40']);
  });

  it('does not read "cần thợ may" as Cần Thơ, but finds Cần Thơ', () => {
    expect(codes('xưởng cần thợ may gấp')).toEqual([]);
    expect(codes('cần thợ cơ khí')).toEqual([]);
    expect(codes('cần thợ hàn ở cần thơ')).toEqual(['92']);
    expect(codes('ở Cần Thơ có lớp nào')).toEqual(['92']);
  });

  it('does not read "lao động" + next word as a province starting with Đồng', () => {
    expect(codes('lao động thấp')).toEqual([]);
    expect(codes('lao động hà nội')).toEqual(['01']);
    expect(codes('tỉnh Đồng Tháp')).toEqual(['82']);
  });

  it('does not read a person called Huệ as the city of Huế', () => {
    expect(codes('chị Huệ ơi')).toEqual([]);
    expect(codes('em ở Huế')).toEqual(['46']);
  });

  it('recognises short codes only as whole tokens', () => {
    expect(codes('hn')).toEqual(['01']);
    expect(codes('sg hay hcm')).toEqual(['79', '79']);
    expect(codes('brvt')).toEqual(['79']);
    expect(codes('hnay')).toEqual([]); // "hôm nay", not Hà Nội
    expect(codes('sgk')).toEqual([]);
  });

  it('includes a preceding tỉnh / tp / thành phố in the span', () => {
    expect(detect('tp hcm')).toEqual([{ code: '79', start: 0, end: 2, former: undefined }]);
    expect(detect('học ở thành phố Đà Nẵng')[0]).toMatchObject({ code: '48', start: 2, end: 6 });
    expect(detect('tỉnh Kiên Giang')[0]).toMatchObject({ start: 0, end: 3 });
  });

  it.each([
    ['Phan Thiết', '68'], ['Rạch Giá', '91'], ['Mỹ Tho', '82'], ['Quy Nhơn', '52'], ['Cao Lãnh', '82'],
    ['Vũng Tàu', '79'], ['Thủ Dầu Một', '79'], ['Tuy Hòa', '66'], ['Bảo Lộc', '68'], ['Đà Lạt', '68'],
    ['Buôn Ma Thuột', '66'], ['Nha Trang', '56'], ['Hội An', '48'], ['Biên Hòa', '75'], ['Hạ Long', '22'],
  ])('former city %s → %s', (place, code) => {
    const [m] = detectProvinces(tokenize(`lớp nghề ở ${place} nha`));
    expect(m?.province.code).toBe(code);
    expect(m?.matchedFormer).toBe(place);
  });

  it('prefers the longest alias: Bà Rịa - Vũng Tàu is one mention', () => {
    expect(detect('tỉnh Bà Rịa - Vũng Tàu')).toEqual([{ code: '79', start: 0, end: 5, former: 'Bà Rịa - Vũng Tàu' }]);
  });

  it('never throws on odd input', () => {
    expect(detectProvinces([])).toEqual([]);
    expect(detectProvinces(null as unknown as string[])).toEqual([]);
    expect(detectProvinces(['', undefined as unknown as string, 'ha', 'noi'])).toHaveLength(1);
    expect(detectProvinces(tokenize('ben tre '.repeat(2000))).length).toBe(2000);
  });
});
