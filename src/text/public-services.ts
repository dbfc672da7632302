/**
 * Public services people ask a provincial help line about that are not vocational training,
 * support policies, craft villages or fairs: identity papers, civil status, land titles, health and
 * social insurance, driving licences, military service, electricity, schooling, farm-gate prices.
 * The content often mentions their words in passing (an enrolment FAQ lists "căn cước" among the
 * documents, a loan policy takes "sổ đỏ" as collateral), so word overlap alone answers "làm lại căn
 * cước cần giấy tờ gì" with the enrolment FAQ. Naming the service, with the office that handles
 * it, is both the honest reply and a useful one.
 *
 * A service is recognised by a subject ("căn cước", "giấy khai sinh") together with a verb that asks
 * for the service itself ("làm lại", "cấp", "đăng ký") just before it, or by a subject that is a
 * service on its own ("lương hưu", "cúp điện"). A subject mentioned without such a verb ("đăng ký học
 * có cần căn cước không") is not a request for the service. Whether the content covers a service
 * after all (a province's item on health insurance for near-poor households) is the engine's call:
 * this module knows no content.
 */
import { foldVi, tokenize, toneKey } from './fold.js';

export interface PublicService {
  id: string;
  /** What it is about, as the reply names it ("căn cước, hộ chiếu"). */
  topic: string;
  /** Who handles it. */
  office: string;
  /** Phrases naming it, written with accents (matched folded; a differently accented word is not it). */
  subjects: readonly string[];
  /** Verbs asking for it, of which one must come within ACTION_WINDOW words before a subject. */
  actions?: readonly string[];
  /** Words after a subject that make it a request too ("căn cước bị mất", "giá … hôm nay"). */
  after?: readonly string[];
  /** A subject alone is a request for the service. */
  alone?: boolean;
  /** Words that, right after a subject, make it something else ("xây nhà" but "xây nhà xưởng", "nhà màng"). */
  notBefore?: readonly string[];
  /**
   * Phrases that, in an item's title, mean the content covers the service after all
   * (default: the subjects).
   */
  coveredBy?: readonly string[];
}

/**
 * Words between a verb and its subject: "làm lại thẻ căn cước" has one; "đăng ký thì ngoài căn cước"
 * (two) registers for something else.
 */
const ACTION_WINDOW = 1;
/** Words after a subject that may come before an `after` word ("giá tôm thẻ chân trắng loại 100 con hôm nay" has eight). */
const AFTER_WINDOW = 9;

const PAPERS = ['làm', 'làm lại', 'cấp', 'cấp lại', 'cấp đổi', 'đổi', 'xin', 'đăng ký', 'gia hạn', 'trích lục', 'sang tên', 'tách'];

export const PUBLIC_SERVICES: readonly PublicService[] = [
  {
    id: 'identity',
    topic: 'căn cước',
    office: 'công an xã, phường nơi bạn cư trú (hoặc ứng dụng VNeID)',
    subjects: ['căn cước', 'cccd', 'cmnd', 'chứng minh nhân dân', 'chứng minh thư', 'định danh điện tử', 'vneid'],
    actions: PAPERS,
    // "… căn cước có phải làm lại không": the card itself is asked about.
    after: ['bị mất', 'mất', 'hết hạn', 'hư', 'hỏng', 'làm lại', 'cấp lại', 'đổi lại'],
  },
  {
    id: 'civil-status',
    topic: 'hộ tịch, hôn nhân, cư trú (khai sinh, kết hôn, ly hôn, tạm trú…)',
    office: 'UBND xã, phường (bộ phận một cửa) hoặc Cổng dịch vụ công; ly hôn: tòa án khu vực',
    subjects: ['khai sinh', 'giấy khai sinh', 'kết hôn', 'giấy kết hôn', 'khai tử', 'hộ khẩu', 'tạm trú', 'thường trú', 'tạm vắng', 'xác nhận độc thân', 'tình trạng hôn nhân', 'ly hôn'],
    actions: [...PAPERS, 'nhập', 'chuyển', 'cắt', 'nộp đơn', 'thủ tục'],
    // Residence papers are among what an enrolment FAQ asks about ("Không có hộ khẩu ở tỉnh đó có
    // đăng ký học được không?"): only the civil-status papers themselves in a title cover the service.
    coveredBy: ['khai sinh', 'kết hôn', 'khai tử', 'ly hôn', 'tình trạng hôn nhân'],
  },
  {
    id: 'banking',
    topic: 'gửi tiết kiệm, tài khoản ngân hàng',
    office: 'ngân hàng nơi bạn gửi tiền hoặc mở tài khoản',
    subjects: ['gửi tiết kiệm', 'sổ tiết kiệm', 'lãi suất tiết kiệm', 'lãi tiết kiệm', 'mở tài khoản', 'số tài khoản', 'chuyển khoản nhầm', 'chuyển nhầm', 'thẻ atm'],
    alone: true,
  },
  {
    id: 'land',
    topic: 'đất đai (sổ đỏ, sang tên, tách thửa)',
    office: 'UBND xã, phường hoặc Văn phòng đăng ký đất đai',
    subjects: ['sổ đỏ', 'sổ hồng', 'quyền sử dụng đất', 'tách thửa', 'thổ cư'],
    actions: PAPERS,
  },
  {
    id: 'health-insurance',
    topic: 'bảo hiểm y tế, khám chữa bệnh',
    office: 'cơ quan bảo hiểm xã hội nơi bạn ở, hoặc UBND xã (ứng dụng VssID)',
    subjects: ['bảo hiểm y tế', 'bhyt', 'trái tuyến', 'khám chữa bệnh', 'viện phí'],
    alone: true,
    coveredBy: ['bảo hiểm y tế', 'bhyt', 'khám chữa bệnh', 'viện phí'],
  },
  {
    id: 'social-insurance',
    topic: 'bảo hiểm xã hội (lương hưu, thai sản)',
    office: 'cơ quan bảo hiểm xã hội nơi bạn ở, hoặc UBND xã (ứng dụng VssID)',
    subjects: ['lương hưu', 'hưu trí', 'thai sản', 'bảo hiểm xã hội một lần', 'bhxh một lần', 'tuổi nghỉ hưu'],
    alone: true,
    coveredBy: ['bảo hiểm xã hội', 'bhxh', 'lương hưu', 'hưu trí', 'thai sản', 'người cao tuổi'],
  },
  {
    id: 'driving-licence',
    topic: 'bằng lái xe',
    office: 'trung tâm đào tạo, sát hạch lái xe hoặc Cổng dịch vụ công',
    subjects: ['bằng lái', 'giấy phép lái xe', 'lái xe máy', 'lái xe ô tô', 'lái ô tô', 'bằng a1', 'bằng b2'],
    alone: true,
  },
  {
    id: 'military-service',
    topic: 'nghĩa vụ quân sự',
    office: 'Ban chỉ huy quân sự xã, phường',
    subjects: ['nghĩa vụ quân sự', 'đi nghĩa vụ', 'khám nghĩa vụ'],
    alone: true,
    // "đi nghĩa vụ về", "… xong": someone back from the army, whom support policies name.
    notBefore: ['về', 'xong', 'quân sự về', 'quân sự xong'],
  },
  {
    id: 'electricity',
    topic: 'điện sinh hoạt (tiền điện, cúp điện)',
    office: 'điện lực nơi bạn ở (tổng đài chăm sóc khách hàng ngành điện)',
    subjects: ['tiền điện', 'hóa đơn điện', 'cúp điện', 'mất điện', 'công tơ điện', 'đồng hồ điện'],
    alone: true,
  },
  {
    id: 'tax',
    topic: 'thuế (hộ kinh doanh, thuế đất, mã số thuế)',
    office: 'cơ quan thuế cơ sở nơi bạn ở (hoặc ứng dụng eTax Mobile)',
    // Folded "thue" is also "thuê" (hire, rent): only a verb that pays or declares it makes it the tax.
    subjects: ['thuế', 'mã số thuế'],
    actions: ['đóng', 'nộp', 'khai', 'quyết toán', 'truy thu', 'hoàn', 'đăng ký', 'tra cứu'],
    coveredBy: ['thuế'],
  },
  {
    id: 'social-allowance',
    topic: 'trợ cấp xã hội hằng tháng (người cao tuổi, người khuyết tật, người có công)',
    office: 'UBND xã, phường (công chức văn hóa – xã hội)',
    subjects: ['trợ cấp hằng tháng', 'trợ cấp hàng tháng', 'trợ cấp xã hội', 'bảo trợ xã hội', 'trợ cấp người cao tuổi', 'người có công', 'tiền tuất'],
    alone: true,
    coveredBy: ['trợ cấp xã hội', 'bảo trợ xã hội', 'người có công', 'hằng tháng', 'hàng tháng'],
  },
  {
    id: 'housing',
    topic: 'hỗ trợ nhà ở (xóa nhà tạm, nhà dột nát, nhà ở xã hội)',
    office: 'UBND xã, phường (chương trình xóa nhà tạm, nhà dột nát); vay làm nhà: Ngân hàng Chính sách xã hội',
    subjects: ['nhà dột nát', 'nhà tạm', 'xóa nhà tạm', 'nhà ở xã hội', 'xây nhà', 'sửa nhà ở', 'cất nhà', 'làm nhà ở'],
    alone: true,
    // A building for work or farming, or a stilt house for guests, is not a home.
    notBefore: ['xưởng', 'kính', 'màng', 'lưới', 'nấm', 'kho', 'máy', 'sàn', 'trưng bày', 'văn hóa', 'vệ sinh', 'hàng', 'nghỉ', 'homestay', 'trọ', 'để', 'làm'],
    // Not "nhà ở" alone: "Nhà ở xa thì…" opens a FAQ about boarding.
    coveredBy: ['nhà ở xã hội', 'hỗ trợ nhà ở', 'xây nhà', 'nhà tạm', 'dột nát'],
  },
  {
    id: 'unemployment',
    topic: 'trợ cấp thất nghiệp',
    office: 'Trung tâm Dịch vụ việc làm của tỉnh (nộp hồ sơ trong 3 tháng sau khi nghỉ việc)',
    subjects: ['trợ cấp thất nghiệp', 'bảo hiểm thất nghiệp', 'bhtn', 'hưởng thất nghiệp'],
    alone: true,
    coveredBy: ['thất nghiệp'],
  },
  {
    id: 'police',
    topic: 'an ninh, trật tự',
    office: 'công an xã, phường nơi bạn ở (khẩn cấp: gọi 113)',
    subjects: ['công an', 'đồn công an'],
    actions: ['số điện thoại', 'sdt', 'số', 'gọi', 'báo', 'trình báo', 'tố giác'],
    coveredBy: ['công an xã'],
  },
  {
    id: 'water',
    topic: 'nước sinh hoạt (tiền nước, lắp đồng hồ nước)',
    office: 'đơn vị cấp nước nơi bạn ở (ở xã: trạm cấp nước nông thôn hoặc UBND xã)',
    subjects: ['tiền nước', 'hóa đơn nước', 'cúp nước', 'mất nước', 'đồng hồ nước', 'lắp nước'],
    alone: true,
  },
  {
    id: 'vehicle',
    topic: 'xe máy, ô tô (đăng ký xe, biển số, bảo hiểm xe)',
    office: 'công an xã, phường (đăng ký xe, biển số); bảo hiểm xe bắt buộc: đại lý bảo hiểm',
    subjects: ['bảo hiểm xe', 'biển số xe', 'cà vẹt', 'giấy đăng ký xe', 'sang tên xe', 'đăng kiểm'],
    alone: true,
  },
  {
    id: 'schooling',
    topic: 'học phổ thông, đại học (học phí ở trường, tuyển sinh, vay vốn học sinh – sinh viên)',
    office: 'nhà trường, hoặc Sở Giáo dục và Đào tạo; vay vốn học sinh, sinh viên: Ngân hàng Chính sách xã hội (qua tổ tiết kiệm và vay vốn ở thôn, ấp)',
    // A child's school or a university, not the vocational training the content is about: named by
    // the level of schooling, and asked about by its fees, its entrance or a student loan.
    subjects: ['học sinh', 'sinh viên', 'đại học', 'tiểu học', 'mầm non', 'mẫu giáo', 'trung học', 'thcs', 'thpt', 'phổ thông', 'cấp 1', 'cấp 2', 'cấp 3', 'cấp một', 'cấp hai', 'cấp ba', 'lớp 1', 'lớp 2', 'lớp 3', 'lớp 4', 'lớp 5', 'lớp 6', 'lớp 7', 'lớp 8', 'lớp 9', 'lớp 10', 'lớp 11', 'lớp 12'],
    // Not "thi" alone: "thi đại học không đậu, giờ muốn học nghề" is a story before a question in scope.
    actions: ['vay', 'vay vốn', 'thi vào', 'thi lên', 'đăng ký thi', 'ôn thi', 'điểm chuẩn', 'điểm thi', 'tuyển sinh', 'nhập học', 'học phí', 'tiền học'],
    // A grade followed by a span of time is a course's length ("lớp 4 tháng": a four-month class).
    notBefore: ['không đậu', 'không đỗ', 'rớt', 'trượt', 'thi rớt', 'thi trượt', 'tháng', 'tuần', 'ngày', 'buổi'],
    after: ['học phí', 'tiền học', 'điểm chuẩn', 'tuyển sinh', 'học bổng', 'sách giáo khoa', 'đồng phục', 'ở trường', 'trường', 'vay'],
    coveredBy: ['học sinh', 'sinh viên', 'đại học', 'phổ thông', 'học bổng'],
  },
  {
    id: 'market-prices',
    topic: 'giá cả hằng ngày (nông sản, vàng…)',
    office: 'thương lái, hợp tác xã nơi bạn bán, hoặc trang tin giá cả của Sở Nông nghiệp và Môi trường',
    subjects: ['giá'],
    coveredBy: ['giá nông sản', 'giá cả', 'bản tin giá'],
    after: ['hôm nay', 'bữa nay', 'một ký', '1 ký', 'một kí', '1 kí', 'một kg', '1 kg', 'thương lái'],
  },
];

interface Phrase {
  folded: string[];
  /** Per word, its tone key when the phrase is written with accents. */
  keys: string[];
}

function phrase(text: string): Phrase {
  const words = text.normalize('NFC').toLowerCase().split(/\s+/);
  return { folded: words.map(foldVi), keys: words.map(toneKey) };
}

const COMPILED = PUBLIC_SERVICES.map((s, order) => ({
  service: s,
  order,
  actions: (s.actions ?? []).map(phrase),
  after: (s.after ?? []).map(phrase),
  notBefore: (s.notBefore ?? []).map(phrase),
}));

/** Every subject by its first folded word: a message is scanned once, not once per service. */
const SUBJECTS_BY_FIRST = new Map<string, { subject: Phrase; entry: (typeof COMPILED)[number] }[]>();
for (const entry of COMPILED) {
  for (const text of entry.service.subjects) {
    const subject = phrase(text);
    const first = subject.folded[0]!;
    SUBJECTS_BY_FIRST.set(first, [...(SUBJECTS_BY_FIRST.get(first) ?? []), { subject, entry }]);
  }
}

/** The words of a text, folded and as typed (tone keys of words typed with accents, else ''). */
export interface Words {
  folded: readonly string[];
  typed: readonly string[];
  /** Per word, whether its sentence asks (absent: all do). A service named only in the story told before the question is not what is asked. */
  asking?: readonly boolean[];
}

/** `text` as Words, when it has not been through shorthand expansion. */
export function wordsOfText(text: string): Words {
  const typed = text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const folded = tokenize(text);
  // tokenize splits glued numbers ("3thang"); keep typed forms only when the two line up.
  const aligned = folded.length === typed.length;
  return { folded, typed: folded.map((_, i) => (aligned && typed[i] !== foldVi(typed[i]!) ? toneKey(typed[i]!) : '')) };
}

function matchesAt(words: Words, at: number, p: Phrase): boolean {
  if (at < 0 || at + p.folded.length > words.folded.length) return false;
  for (let k = 0; k < p.folded.length; k++) {
    if (words.folded[at + k] !== p.folded[k]) return false;
    // Typed with other accents ("số đo" for "sổ đỏ"): another word.
    const typed = words.typed[at + k];
    if (typed && typed !== p.keys[k]) return false;
  }
  return true;
}

function endsBefore(words: Words, end: number, phrases: readonly Phrase[]): boolean {
  for (let gap = 0; gap <= ACTION_WINDOW; gap++) {
    for (const p of phrases) if (matchesAt(words, end - gap - p.folded.length, p)) return true;
  }
  return false;
}

function startsAfter(words: Words, from: number, phrases: readonly Phrase[]): boolean {
  for (let gap = 0; gap <= AFTER_WINDOW; gap++) {
    for (const p of phrases) if (matchesAt(words, from + gap, p)) return true;
  }
  return false;
}

/** The public service these words ask for, if any (see the module's comment); the table's first when several. */
export function askedPublicService(words: Words): PublicService | undefined {
  let found: (typeof COMPILED)[number] | undefined;
  for (let at = 0; at < words.folded.length; at++) {
    if (words.asking?.[at] === false) continue;
    for (const { subject, entry } of SUBJECTS_BY_FIRST.get(words.folded[at]!) ?? []) {
      if (found && found.order <= entry.order) continue;
      if (!matchesAt(words, at, subject)) continue;
      const { service, actions, after, notBefore } = entry;
      const end = at + subject.folded.length;
      if (notBefore.some((p) => matchesAt(words, end, p))) continue;
      const asks =
        service.alone === true ||
        (actions.length > 0 && endsBefore(words, at, actions)) ||
        (after.length > 0 && startsAfter(words, end, after));
      if (asks) found = entry;
    }
  }
  return found?.service;
}
