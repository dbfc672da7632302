/**
 * General vocabulary tables for the question generator: everyday ↔ formal words of the domain,
 * everyday needs no vocational-training item covers, and trades to ask about when the corpus lacks
 * them. None of it names a content item; the generator checks each entry against the corpus it is
 * given (an out-of-scope need whose key words the corpus does contain is skipped).
 */

/**
 * Formal or content-side wording → what people say instead. Applied to whole words of a question
 * (both directions for pairs marked `both`), so "sửa chữa điện lạnh" can come out as "sửa máy lạnh".
 */
export const PARAPHRASES: readonly (readonly [formal: string, everyday: readonly string[], both?: true])[] = [
  // Longer phrases first: once a phrase is swapped, its words are not swapped again.
  ['sửa chữa điện lạnh', ['sửa máy lạnh', 'sửa máy lạnh, tủ lạnh']],
  ['điện lạnh', ['sửa máy lạnh']],
  ['điều hòa', ['máy lạnh'], true],
  ['sửa chữa xe máy', ['sửa xe honda', 'sửa xe']],
  ['xe máy', ['xe honda'], true],
  ['sửa chữa', ['sửa']],
  ['chứng chỉ', ['bằng', 'giấy chứng nhận']],
  ['tiền đi lại', ['tiền xe'], true],
  ['đi lại', ['tiền xe']],
  ['học phí', ['tiền học']],
  ['sấy khô', ['làm khô', 'phơi khô']],
  ['hải sản khô', ['khô cá khô mực', 'đồ khô']],
  ['cói', ['lác'], true],
  ['hải sản', ['đồ biển']],
  ['nuôi trồng thủy sản', ['nuôi tôm cá']],
  ['chế biến', ['làm']],
  ['gà thả vườn', ['gà ta thả vườn']],
  ['máy gặt đập liên hợp', ['máy suốt lúa', 'máy gặt']],
  ['máy nông nghiệp', ['máy cày, máy suốt', 'máy móc làm ruộng']],
  ['điện dân dụng', ['điện nhà', 'sửa điện nhà']],
  ['may công nghiệp', ['may gia công', 'may áo quần']],
  ['thương mại điện tử', ['bán hàng trên mạng']],
  ['bán hàng online', ['bán hàng qua Facebook, Zalo', 'bán trên mạng']],
  ['khai giảng', ['bắt đầu học']],
  ['học kỹ thuật', ['học cách']],
  ['triển lãm', ['hội chợ trưng bày']],
  ['lao động nông thôn', ['người ở quê', 'dân quê']],
  ['người khuyết tật', ['người tàn tật', 'người bị tật']],
  ['vay vốn', ['vay tiền làm ăn'], true],
  ['thủ công mỹ nghệ', ['đồ thủ công', 'hàng thủ công']],
  ['tiền ăn', ['tiền cơm']],
  ['hộ nghèo', ['nhà nghèo']],
  ['bảo hiểm thất nghiệp', ['tiền thất nghiệp', 'bảo hiểm khi mất việc']],
  ['căn cước', ['thẻ căn cước', 'CCCD']],
  ['mẫu mã', ['kiểu dáng']],
  ['nhãn hiệu', ['nhãn mác', 'thương hiệu'], true],
  ['máy móc', ['mua máy']],
  ['gia công', ['nhận hàng về nhà làm']],
  ['cơ khí', ['tiện hàn', 'gò hàn']],
  ['mây tre đan', ['đan tre, đan mây', 'đan rổ rá']],
  ['trưng bày', ['bày bán']],
  ['xuất khẩu lao động', ['đi làm nước ngoài', 'đi lao động nước ngoài']],
  ['xuất khẩu', ['bán ra nước ngoài']],
  ['trồng nấm', ['làm nấm']],
  ['đăng ký', ['ghi danh', 'ghi tên']],
  ['việc làm', ['chỗ làm']],
  ['hàn điện', ['hàn que', 'hàn sắt']],
];

/**
 * Everyday needs no vocational-training content answers. `key` is folded words that, if some item
 * of the corpus has them in its title or keywords, mean the need is in scope there after all.
 * `q`: short questions ({P} = a province or place); `ctx`/`ask`: the two halves of a chatty message
 * ({S} = how the writer calls themself).
 */
export interface OosNeed {
  key: string;
  q: readonly string[];
  ctx: string;
  ask: string;
}

export const OOS_NEEDS: readonly OosNeed[] = [
  { key: 'so do', q: ['Làm sổ đỏ cho đất ông bà để lại mất bao lâu?', 'Làm sổ đỏ ở {P} cần giấy tờ gì?'],
    ctx: 'nhà {S} có miếng đất ông bà để lại mà chưa có sổ đỏ', ask: 'làm sổ đỏ thì nộp hồ sơ ở đâu, mất bao lâu ạ?' },
  { key: 'ket hon', q: ['Đăng ký kết hôn ở xã cần mang giấy tờ gì?', 'Đăng ký kết hôn ở {P} làm ở đâu?'],
    ctx: '{S} với bạn trai tính làm đám cưới cuối năm mà hai đứa khác xã', ask: 'đăng ký kết hôn thì làm ở xã nào, cần giấy tờ gì ạ?' },
  { key: 'gia vang', q: ['Giá vàng hôm nay bao nhiêu một chỉ?'],
    ctx: 'nhà {S} mới bán lúa, tính mua ít vàng để dành', ask: 'giá vàng hôm nay bao nhiêu một chỉ vậy ạ?' },
  { key: 'cup dien', q: ['Lịch cúp điện tuần này ở {P} thế nào?', 'Mai {P} có cúp điện không?'],
    ctx: 'ấp {S} tuần nào cũng cúp điện mà không ai báo trước', ask: 'có lịch cúp điện tuần này không ạ, để còn tính bơm nước?' },
  { key: 'bang lai', q: ['Thi bằng lái xe máy ở {P} đăng ký ở đâu?', 'Học lái xe ô tô hạng B hết bao nhiêu tiền?'],
    ctx: '{S} tính đi thi bằng lái để chạy xe đi làm cho đàng hoàng', ask: 'thi bằng lái thì đăng ký ở đâu, lệ phí bao nhiêu ạ?' },
  { key: 'mua nha', q: ['Vay ngân hàng mua nhà trả góp cần thủ tục gì?', 'Vay tiền xây nhà ở {P} thì vay ở đâu?'],
    ctx: 'vợ chồng {S} đi làm dành dụm được ít tiền, tính vay thêm để xây nhà', ask: 'vay ngân hàng mua nhà trả góp thì cần thủ tục gì ạ?' },
  { key: 'bao hiem y te', q: ['Khám bệnh bằng bảo hiểm y tế trái tuyến có được không?', 'Gia hạn thẻ bảo hiểm y tế ở đâu?'],
    ctx: 'má {S} bị đau lưng, muốn lên bệnh viện tỉnh khám', ask: 'khám trái tuyến thì bảo hiểm y tế có trả không ạ?' },
  { key: 'visa', q: ['Xin visa đi Hàn Quốc thăm con cần giấy tờ gì?'],
    ctx: 'con gái {S} lấy chồng bên Hàn, năm nay muốn rước {S} qua chơi', ask: 'xin visa đi Hàn thì làm ở đâu, cần giấy tờ gì ạ?' },
  { key: 'dai hoc', q: ['Con đậu đại học thì vay tiền đóng học phí ở đâu?', 'Học phí đại học năm nay có được giảm không?'],
    ctx: 'con {S} năm nay đậu đại học mà nhà khó khăn', ask: 'có được vay tiền ngân hàng chính sách để đóng học phí đại học không ạ?' },
  { key: 'lam can cuoc', q: ['Làm căn cước cho con 14 tuổi cần giấy tờ gì?', 'Sáp nhập tỉnh rồi có phải làm lại căn cước không?'],
    ctx: 'con {S} năm nay 14 tuổi, trường bắt làm căn cước', ask: 'làm căn cước cho cháu thì ra công an xã hay lên huyện ạ?' },
  { key: 'bao hiem xa hoi', q: ['Rút bảo hiểm xã hội một lần cần giấy tờ gì?'],
    ctx: '{S} nghỉ làm công ty hơn một năm rồi', ask: 'giờ muốn rút bảo hiểm xã hội một lần thì làm sao ạ?' },
  { key: 'tam tru', q: ['Đăng ký tạm trú online thế nào?'],
    ctx: '{S} mới lên thành phố ở trọ đi làm', ask: 'chủ trọ kêu phải đăng ký tạm trú, làm online được không ạ?' },
  { key: 'gia lua', q: ['Giá lúa hôm nay ở {P} bao nhiêu một ký?'],
    ctx: 'ruộng nhà {S} sắp gặt mà thương lái trả giá thấp quá', ask: 'giá lúa hôm nay bao nhiêu một ký vậy ạ?' },
  { key: 'tien dien', q: ['Tiền điện tháng này tăng gấp đôi thì khiếu nại ở đâu?'],
    ctx: 'nhà {S} xài như mọi tháng mà hóa đơn tiền điện tăng gấp đôi', ask: 'giờ muốn khiếu nại thì gọi số nào ạ?' },
  { key: 'khai sinh', q: ['Làm giấy khai sinh cho con mới sinh ở đâu?'],
    ctx: '{S} mới sinh em bé được hai tuần', ask: 'làm giấy khai sinh với thẻ bảo hiểm cho bé làm online được không ạ?' },
  { key: 'nguoi cao tuoi', q: ['Người trên 80 tuổi được nhận trợ cấp bao nhiêu?'],
    ctx: 'ba {S} năm nay 81 tuổi, nghe nói được nhận tiền hằng tháng', ask: 'phải làm giấy tờ ở đâu để ông được nhận vậy ạ?' },
  { key: 'no luong', q: ['Công ty nợ lương ba tháng thì khiếu nại ở đâu?'],
    ctx: '{S} làm công nhân, công ty nợ lương ba tháng rồi không trả', ask: 'giờ phải khiếu nại ở đâu để đòi lương ạ?' },
  { key: 'dich ta', q: ['Heo bị dịch tả châu Phi thì làm sao?'],
    ctx: 'chuồng heo nhà {S} có mấy con bỏ ăn, sốt cao', ask: 'có phải dịch tả châu Phi không, giờ báo ai ạ?' },
  { key: 'dao on', q: ['Lúa bị đạo ôn cháy lá xịt thuốc gì?'],
    ctx: 'mấy bữa nay mưa hoài, lúa nhà {S} bị cháy lá', ask: 'xịt thuốc gì cho hết vậy ạ?' },
  { key: 'hoi cho viec lam', q: ['Hội chợ việc làm ở {P} tháng này tổ chức ở đâu?'],
    ctx: '{S} mới nghỉ làm, đang kiếm chỗ làm mới', ask: 'tháng này có hội chợ việc làm nào gần không ạ?' },
  { key: 'xo so', q: ['Kết quả xổ số miền Nam hôm nay thế nào?'],
    ctx: 'ba {S} mua vé số mà quên dò', ask: 'xem kết quả xổ số hôm nay ở đâu ạ?' },
  { key: 'goi cuoc', q: ['Hủy gói cước 4G trên điện thoại thế nào?'],
    ctx: 'điện thoại {S} tự nhiên bị trừ tiền gói cước hoài', ask: 'giờ hủy gói 4G thì bấm sao ạ?' },
  { key: 'tiet kiem', q: ['Gửi tiết kiệm ngân hàng lãi suất bao nhiêu?'],
    ctx: 'nhà {S} bán được con bò, muốn gửi tiết kiệm', ask: 'gửi ngân hàng nào lãi cao ạ?' },
  { key: 'thien tai', q: ['Nhà bị ngập lụt thì xin hỗ trợ thiệt hại ở đâu?'],
    ctx: 'vừa rồi mưa lũ ngập hết ruộng với chuồng gà nhà {S}', ask: 'làm đơn xin hỗ trợ thiệt hại thiên tai ở đâu ạ?' },
  { key: 'tra gop', q: ['Mua xe máy trả góp cần giấy tờ gì?'],
    ctx: '{S} đi làm xa, tính mua chiếc xe máy trả góp', ask: 'mua trả góp thì cần giấy tờ gì ạ?' },
  { key: 'thoi tiet', q: ['Mai ở {P} có mưa không?'],
    ctx: 'mai nhà {S} tính phơi lúa', ask: 'coi dự báo thời tiết ở đâu cho đúng ạ?' },
  { key: 'kham suc khoe', q: ['Khám sức khỏe xin việc ở đâu lấy giấy liền?'],
    ctx: '{S} sắp nộp hồ sơ xin vô công ty', ask: 'khám sức khỏe ở đâu rẻ mà lấy giấy liền trong ngày ạ?' },
  { key: 'cong an', q: ['Số điện thoại công an xã ở {P} là bao nhiêu?'],
    ctx: 'xóm {S} mấy bữa nay mất trộm gà', ask: 'cho {S} xin số điện thoại công an xã với ạ' },
];

/** Trades people ask to learn; used only when no item of the corpus mentions `key`. */
export const OTHER_TRADES: readonly { key: string; name: string }[] = [
  { key: 'cat toc', name: 'cắt tóc' },
  { key: 'nail', name: 'làm nail' },
  { key: 'trang diem', name: 'trang điểm' },
  { key: 'dien thoai', name: 'sửa điện thoại' },
  { key: 'pha che', name: 'pha chế cà phê' },
  { key: 'banh kem', name: 'làm bánh kem' },
  { key: 'nau an', name: 'nấu ăn' },
  { key: 'may xuc', name: 'lái máy xúc' },
  { key: 'nuoi heo', name: 'nuôi heo' },
  { key: 'thuy canh', name: 'trồng rau thủy canh' },
  { key: 'ca long', name: 'nuôi cá lồng' },
  { key: 'lam moc', name: 'làm mộc' },
  { key: 'tin hoc', name: 'tin học văn phòng' },
  { key: 'tieng han', name: 'tiếng Hàn' },
  { key: 'nuoi ong', name: 'nuôi ong' },
  { key: 'non la', name: 'làm nón lá' },
  { key: 'o to', name: 'sửa ô tô' },
  { key: 'xay dung', name: 'xây dựng' },
  { key: 'massage', name: 'massage' },
  { key: 'ke toan', name: 'kế toán' },
  { key: 'nhang', name: 'làm nhang' },
  { key: 'dieu duong', name: 'chăm sóc người già' },
];

/** Words that start a verb phrase: "học {verb phrase}" reads naturally, "lớp {noun}" too. */
export const VERBS = new Set([
  'hỗ trợ', 'vay', 'công nhận', 'bảo tồn', 'di dời', 'phong tặng', 'bình chọn', 'đổi mới', 'xây dựng',
  'đăng ký', 'xét', 'mua', 'làm', 'học', 'đan', 'dệt', 'trồng', 'nuôi', 'sửa', 'nấu', 'hàn', 'thêu',
  'may', 'chế biến', 'se', 'nặn', 'tráng', 'bán', 'vẽ', 'sơn', 'ủ', 'sấy', 'phơi', 'chăn nuôi', 'gò',
  'tiện', 'tạo hình', 'truyền nghề', 'khôi phục', 'nhuộm', 'vót', 'đóng gói', 'cấy', 'tiêm',
]);

/** Words that make a title longer without saying what it is about. */
export const FILLER = [
  'truyền thống', 'cơ bản', 'an toàn dịch bệnh', 'an toàn sinh học', 'sản phẩm từ', 'sản phẩm', 'hộ',
  'cho hộ', 'gia đình', 'và', 'tiêu biểu', 'tỉnh', 'huyện', 'năm', 'giai đoạn',
];
