/**
 * Recognising a request for a public service the bot does not handle (src/text/public-services.ts):
 * a subject with a verb asking for it, or a subject that is a service alone; not a subject mentioned
 * in passing, another word with the same letters, or a service named only in the story before the
 * question.
 */
import { describe, expect, it } from 'vitest';
import { askedPublicService, PUBLIC_SERVICES, wordsOfText } from '../../src/text/public-services.js';

const asked = (text: string) => askedPublicService(wordsOfText(text))?.id;

describe('public services', () => {
  it('a subject with a verb asking for it, accented or not', () => {
    expect(asked('Làm lại căn cước bị mất cần giấy tờ gì?')).toBe('identity');
    expect(asked('cap lai the can cuoc o dau')).toBe('identity');
    expect(asked('đăng ký kết hôn ở xã cần mang gì')).toBe('civil-status');
    expect(asked('thu tuc tach so do lam o dau')).toBe('land');
    expect(asked('thủ tục ly hôn nộp ở đâu')).toBe('civil-status');
  });

  it('a subject after which the words ask for it ("căn cước bị mất", "giá … hôm nay")', () => {
    expect(asked('căn cước bị mất thì sao')).toBe('identity');
    expect(asked('đổi địa chỉ rồi thì căn cước có phải làm lại không')).toBe('identity');
    expect(asked('gia lua hom nay bao nhieu')).toBe('market-prices');
    expect(asked('giá cà phê nhân bao nhiêu một ký')).toBe('market-prices');
    expect(asked('Giá tôm thẻ chân trắng loại 100 con hôm nay thương lái mua bao nhiêu?')).toBe('market-prices');
  });

  it('tax needs a verb that pays or declares it: folded "thue" is also hire and rent', () => {
    expect(asked('bán hàng online có phải đóng thuế không')).toBe('tax');
    expect(asked('ban hang online tren fb co phai dong thue k ad')).toBe('tax');
    expect(asked('dang ky ma so thue o dau')).toBe('tax');
    expect(asked('chong toi di lam thue thoi vu, muon hoc nghe')).toBeUndefined();
    expect(asked('em mới thuê 2 ao nuôi tôm, có lớp nào không')).toBeUndefined();
  });

  it('a subject that is a service by itself', () => {
    expect(asked('lương hưu tháng này chừng nào có')).toBe('social-insurance');
    expect(asked('lich cup dien tuan nay')).toBe('electricity');
    expect(asked('Đăng ký nghĩa vụ quân sự lần đầu làm ở đâu?')).toBe('military-service');
    expect(asked('gửi tiết kiệm ở ngân hàng chính sách lãi suất bao nhiêu')).toBe('banking');
    expect(asked('nguoi khuyet tat nang duoc nhan tro cap hang thang bao nhieu')).toBe('social-allowance');
    expect(asked('nhà dột nát, hộ nghèo có được hỗ trợ không')).toBe('housing');
    expect(asked('ho ngheo duoc ho tro xay nha bao nhieu tien')).toBe('housing');
    expect(asked('thu tuc nhan tro cap that nghiep o dau')).toBe('unemployment');
    expect(asked('sdt cong an xa la bao nhieu')).toBe('police');
  });

  it("a child's school or a university, asked about by its fees, its entrance or a student loan", () => {
    expect(asked('con tôi học lớp 8 ở trường có được miễn học phí không')).toBe('schooling');
    expect(asked('diem chuan vao lop 10 o nghe an bao nhieu')).toBe('schooling');
    expect(asked('vay vốn sinh viên cho con ở đâu')).toBe('schooling');
    expect(asked('học phí đại học có được vay ngân hàng chính sách không')).toBe('schooling');
    expect(asked('học sinh cấp 2 nhà nghèo được miễn tiền học không')).toBe('schooling');
    // Schooling as the story before a question about vocational training is not the service.
    expect(asked('con tôi thi đại học không đậu, giờ muốn học nghề hàn thì học phí bao nhiêu')).toBeUndefined();
    expect(asked('tôi học hết lớp 9 có học nghề may được không')).toBeUndefined();
    expect(asked('lớp hàn ở trường nghề học phí bao nhiêu')).toBeUndefined();
  });

  it('a subject followed by a word that makes it something else is not the service', () => {
    expect(asked('xây nhà màng trồng dưa lưới được hỗ trợ không')).toBeUndefined();
    expect(asked('muốn xây nhà xưởng thì vay ở đâu')).toBeUndefined();
    expect(asked('bộ đội, công an xuất ngũ có được học nghề không')).toBeUndefined();
    expect(asked('em đi nghĩa vụ về muốn học nghề hàn có được hỗ trợ không')).toBeUndefined();
    expect(asked('đăng ký đi nghĩa vụ ở đâu')).toBe('military-service');
  });

  it('not a subject mentioned in passing, nor a verb that asks for something else', () => {
    expect(asked('đăng ký học nghề có cần căn cước không')).toBeUndefined();
    expect(asked('đi đăng ký học thì ngoài căn cước cần mang gì')).toBeUndefined();
    expect(asked('vay vốn có cần thế chấp sổ đỏ không')).toBeUndefined();
    expect(asked('tổ tiết kiệm và vay vốn ở thôn do ai phụ trách')).toBeUndefined();
    expect(asked('em đã ly hôn, nuôi con một mình, có được hỗ trợ học nghề không')).toBeUndefined();
    expect(asked('học phí lớp hàn bao nhiêu')).toBeUndefined();
    expect(asked('sửa nhà sàn làm homestay được hỗ trợ bao nhiêu')).toBeUndefined();
    // "giá" without a day or a weight is not a market price ("giá vé", "giá trị").
    expect(asked('hội chợ có bán giá ưu đãi không')).toBeUndefined();
  });

  it('a word typed with other accents is another word', () => {
    expect(asked('làm sơ đồ ruộng')).toBeUndefined();
    expect(asked('lam so do ruong')).toBe('land');
    expect(asked('làm sổ đỏ ruộng')).toBe('land');
  });

  it('only in the sentences that ask, when the caller knows which they are', () => {
    const words = wordsOfText('mẹ cháu không có lương hưu gì. cháu muốn học may');
    const asking = words.folded.map((_, i) => i >= 6);
    expect(askedPublicService(words)?.id).toBe('social-insurance');
    expect(askedPublicService({ ...words, asking })).toBeUndefined();
  });

  it('every service names who handles it and a topic for the reply', () => {
    for (const s of PUBLIC_SERVICES) {
      expect(s.office.length).toBeGreaterThan(5);
      expect(s.topic.length).toBeGreaterThan(3);
      expect(s.alone || (s.actions?.length ?? 0) > 0 || (s.after?.length ?? 0) > 0).toBe(true);
    }
    expect(new Set(PUBLIC_SERVICES.map((s) => s.id)).size).toBe(PUBLIC_SERVICES.length);
  });
});
