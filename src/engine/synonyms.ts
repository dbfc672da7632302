import { foldVi, toneKey } from '../text/fold.js';

/**
 * Domain phrase equivalences. Users describe the same need in everyday words that the
 * content does not use ("mất việc" for "thất nghiệp", "mấy tháng" for "bao lâu"). Each group lists
 * phrasings that mean the same thing; a phrase found in a question may be matched by any other.
 * This is general vocabulary of the domain, not a list of test questions.
 */
export const PHRASE_GROUPS: readonly (readonly string[])[] = [
  // duration
  ['bao lâu', 'mất bao lâu', 'học bao lâu', 'mất mấy tháng', 'mấy tháng', 'bao nhiêu tháng', 'mấy tuần', 'bao nhiêu tuần', 'mấy ngày', 'bao nhiêu ngày', 'kéo dài', 'thời gian học'],
  // when a course starts
  ['khai giảng', 'bắt đầu', 'bắt đầu học', 'mở lớp', 'nhập học'],
  // age
  // (being old is a question about the age limit: "lớn tuổi có học được không")
  ['bao nhiêu tuổi', 'mấy tuổi', 'độ tuổi', 'tuổi nào', 'giới hạn tuổi', 'lớn tuổi', 'cao tuổi', 'người lớn tuổi', 'người cao tuổi', 'người già', 'tuổi'],
  // cost
  // ("mất", "tốn", "hết" before the amount asked: what something costs)
  ['học phí', 'chi phí', 'mất tiền', 'mất phí', 'tốn tiền', 'tốn phí', 'bao nhiêu tiền', 'mất bao nhiêu tiền', 'tốn bao nhiêu tiền', 'hết bao nhiêu tiền', 'phí', 'lệ phí', 'tiền học'],
  ['miễn phí', 'không mất tiền', 'không tốn tiền', 'free', 'không phải đóng tiền', 'không thu tiền'],
  // the domain's own words, so an unmatched one weighs like a domain phrase, not like a rare word
  ['nông thôn', 'làng quê', 'vùng quê', 'nông dân', 'làm nông', 'làm ruộng', 'nhà nông'],
  ['công ty', 'doanh nghiệp', 'xí nghiệp', 'nơi làm việc', 'chủ lao động'],
  ['tổ chức', 'diễn ra', 'khai mạc', 'mở cửa'],
  ['sản xuất', 'cơ sở sản xuất', 'xưởng sản xuất'],
  // how many a course takes
  ['số chỗ', 'chỉ tiêu', 'bao nhiêu người', 'mấy người', 'bao nhiêu chỗ', 'mấy chỗ', 'số học viên', 'bao nhiêu học viên'],
  // requirements
  ['điều kiện', 'tiêu chí', 'tiêu chuẩn', 'yêu cầu'],
  // a full class, a missed deadline
  ['hết chỗ', 'đầy chỗ', 'đủ người', 'không còn chỗ', 'hết suất', 'hết slot'],
  ['hết hạn', 'quá hạn', 'trễ hạn', 'lỡ hạn'],
  // the last day to enrol
  ['hạn đăng ký', 'hạn chót', 'hạn cuối', 'thời hạn đăng ký', 'hạn nộp', 'hạn ghi danh'],
  // studying again, after the course
  ['học tiếp', 'học thêm', 'học lại', 'học lần nữa', 'học nhiều lần', 'học lớp khác'],
  ['học xong', 'sau khi học', 'học ra', 'ra trường', 'sau khóa học'],
  // allowances while studying
  ['tiền ăn', 'tiền ăn trưa', 'ăn trưa', 'tiền cơm', 'bữa ăn'],
  ['tiền đi lại', 'tiền xe', 'tiền tàu xe', 'tiền xăng xe', 'tiền đi đường', 'tiền xăng'],
  // losing a job
  ['thất nghiệp', 'mất việc', 'nghỉ việc', 'cho nghỉ việc', 'bị đuổi việc', 'mất việc làm', 'không có việc', 'hết việc'],
  // working abroad
  ['xuất khẩu lao động', 'đi làm việc ở nước ngoài', 'làm việc ở nước ngoài', 'đi nước ngoài', 'đi làm nước ngoài', 'đi nhật', 'đi nhật bản', 'đi hàn', 'đi hàn quốc', 'đi đài loan', 'xuất cảnh'],
  // a country is somewhere abroad
  ['nước ngoài', 'nhật bản', 'hàn quốc', 'đài loan', 'châu âu', 'trung đông', 'malaysia', 'singapore'],
  // quitting a course
  ['hủy đăng ký', 'không muốn học nữa', 'không học nữa', 'bỏ học', 'thôi học', 'rút tên', 'không đi học nữa'],
  // pension / social insurance
  ['lương hưu', 'lúc già', 'khi già', 'về già', 'hưu trí'],
  ['bảo hiểm xã hội', 'bhxh'],
  // starting a business
  ['khởi nghiệp', 'khởi sự', 'mở cơ sở', 'mở tiệm', 'mở cửa hàng', 'làm chủ', 'kinh doanh riêng', 'mở xưởng'],
  // loans
  ['vay vốn', 'vay tiền', 'mượn tiền', 'vốn vay', 'tín dụng', 'ngân hàng chính sách'],
  // evening / weekend classes
  ['buổi tối', 'ban đêm', 'tối tối', 'học tối', 'ngoài giờ', 'cuối tuần', 'thứ bảy', 'thứ 7', 'chủ nhật'],
  // disability
  ['khuyết tật', 'tàn tật', 'người tàn tật', 'khiếm thị', 'khuyết tật vận động'],
  // certificate
  ['chứng chỉ', 'cấp bằng', 'có bằng', 'phát bằng', 'văn bằng', 'giấy chứng nhận', 'chứng nhận'],
  // jobs after training
  ['việc làm', 'có việc', 'xin việc', 'tìm việc', 'giới thiệu việc'],
  // trades
  ['hàn', 'hàn điện', 'thợ hàn', 'hàn xì', 'hàn tig'],
  ['may mặc', 'may công nghiệp', 'thợ may', 'may quần áo', 'cắt may'],
  ['điện dân dụng', 'sửa điện', 'thợ điện', 'điện nhà'],
  ['sửa xe', 'sửa xe máy', 'cơ khí', 'sửa máy'],
  ['máy nông nghiệp', 'máy cày', 'máy gặt', 'máy xới'],
  ['nuôi tôm', 'thủy sản', 'nuôi cá', 'nuôi trồng thủy sản'],
  ['trồng nấm', 'nấm rơm', 'nuôi trồng nấm'],
  ['nước mắm', 'mắm'],
  ['mây tre đan', 'đan lát', 'đan đát', 'đan mây tre', 'mây tre', 'đan giỏ', 'đan rổ'],
  ['gốm', 'gốm sứ', 'làm gốm', 'đồ gốm'],
  ['hội chợ', 'triển lãm', 'phiên chợ', 'chợ phiên', 'ngày hội', 'festival'],
  ['chính sách', 'chế độ', 'hỗ trợ', 'trợ cấp', 'ưu đãi'],
  ['kế hoạch', 'đề án', 'chương trình'],
  ['đào tạo nghề', 'học nghề', 'dạy nghề', 'truyền nghề', 'tập huấn'],
  ['làng nghề', 'nghề truyền thống'],
  ['ocop', 'sản phẩm ocop', 'mỗi xã một sản phẩm'],
  ['khuyến công', 'khuyến công quốc gia', 'khuyến công địa phương'],
  ['phụ nữ', 'chị em', 'lao động nữ', 'nữ'],
  ['dân tộc thiểu số', 'đồng bào dân tộc', 'người dân tộc'],
  ['hộ nghèo', 'nghèo', 'cận nghèo', 'khó khăn', 'không có tiền', 'thiếu tiền'],
  ['giấy tờ', 'hồ sơ', 'thủ tục', 'cần gì'],
  // leaving the army, a group the support policies name
  ['xuất ngũ', 'ra quân', 'bộ đội xuất ngũ', 'đi bộ đội về', 'đi nghĩa vụ về'],
];

export interface PhraseIndex {
  /** First token → phrases starting with it, longest first: folded tokens and each syllable's tone key as written. */
  byFirstToken: Map<string, { tokens: string[]; toneKeys: string[]; group: number }[]>;
  /** Each group's phrasings as folded tokens. */
  groups: string[][][];
}

/**
 * Phrases are looked up folded, since most messages come without marks; each keeps its syllables as
 * written so that a word the user did type with marks can refuse a phrase it is not part of
 * ("học lái" is not "học lại", "trong năm" is not "trồng nấm").
 */
export function buildPhraseIndex(groups: readonly (readonly string[])[] = PHRASE_GROUPS): PhraseIndex {
  const byFirstToken = new Map<string, { tokens: string[]; toneKeys: string[]; group: number }[]>();
  const tokenGroups = groups.map((g) => g.map((p) => foldVi(p).split(' ')));
  groups.forEach((phrases, group) => {
    phrases.forEach((phrase, k) => {
      const tokens = tokenGroups[group]![k]!;
      const list = byFirstToken.get(tokens[0]!) ?? [];
      list.push({ tokens, toneKeys: phrase.split(' ').map(toneKey), group });
      byFirstToken.set(tokens[0]!, list);
    });
  });
  for (const list of byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return { byFirstToken, groups: tokenGroups };
}
