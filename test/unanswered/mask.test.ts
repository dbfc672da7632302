/**
 * Personal data is masked before a question is stored.
 */
import { describe, expect, it } from 'vitest';
import { MASK, maskPersonalData } from '../../src/unanswered/mask.js';

describe('maskPersonalData', () => {
  it('masks phone numbers however they are written', () => {
    for (const phone of ['0912345678', '0912 345 678', '0912.345.678', '+84 912 345 678', '84912345678']) {
      expect(maskPersonalData(`sdt em ${phone} gọi lại giúp`)).toBe(`sdt em ${MASK} gọi lại giúp`);
    }
  });

  it('masks CMND (9 digits) and CCCD (12 digits)', () => {
    expect(maskPersonalData('cccd 079123456789 có được học không')).toBe(`cccd ${MASK} có được học không`);
    expect(maskPersonalData('CMND số 023456789')).toBe(`CMND số ${MASK}`);
  });

  it('keeps short numbers: years, ages, amounts', () => {
    expect(maskPersonalData('năm 2027 có lớp cho người 45 tuổi không, học phí 500.000')).toBe('năm 2027 có lớp cho người 45 tuổi không, học phí 500.000');
  });

  it('masks names typed after "tên", with or without diacritics, up to what follows the name', () => {
    expect(maskPersonalData('Em tên là Nguyễn Thị Hoa ở Cầu Kè muốn học may')).toBe(`Em tên là ${MASK} ở Cầu Kè muốn học may`);
    expect(maskPersonalData('ten toi la tran van binh, muon hoc han')).toBe(`ten toi la ${MASK}, muon hoc han`);
    expect(maskPersonalData('Họ tên: Lê Văn Tám')).toBe(`Họ tên: ${MASK}`);
  });

  it('masks a capitalised name after "tôi là", not a job', () => {
    expect(maskPersonalData('Tôi là Phạm Văn Đồng muốn hỏi vay vốn')).toBe(`Tôi là ${MASK} muốn hỏi vay vốn`);
    expect(maskPersonalData('tôi là nông dân muốn hỏi vay vốn')).toBe('tôi là nông dân muốn hỏi vay vốn');
  });
});
