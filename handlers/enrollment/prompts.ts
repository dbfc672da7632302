/**
 * What the enrolment dialog asks at each step, and its summary. Also used to resume a dialog.
 */
import type { StoredItem } from '../../src/content/model.js';
import { formatPhone, PHONE_EXAMPLE } from '../../src/enrollment/phone.js';
import { safeButton } from '../../src/enrollment/replies.js';
import type { Button, Reply } from '../../src/replies/model.js';
import { provinceByCode } from '../../src/text/provinces.js';
import type { EnrollData, Step } from './state.js';

export const CANCEL_ROW: Button[] = [{ label: '❌ Hủy đăng ký', action: 'cancel' }];

export function provinceName(code: string | undefined): string {
  return (code && provinceByCode(code)?.name) || code || '';
}

function summary(d: EnrollData): string {
  const lines = [
    'Bạn kiểm tra lại thông tin đăng ký nhé:',
    `• Lớp: ${d.title}`,
    `• Họ và tên: ${d.fullName}`,
    `• Điện thoại: ${formatPhone(d.phone ?? '')}`,
    `• Tỉnh/thành: ${provinceName(d.provinceCode)}`,
  ];
  if (d.commune) lines.push(`• Xã/phường: ${d.commune}`);
  if (d.full) lines.push('', '⏳ Lớp đã đủ chỗ: bạn sẽ vào danh sách chờ.');
  lines.push('', 'Đúng thì bấm "Xác nhận" hoặc gõ "đồng ý".');
  return lines.join('\n');
}

/** The question of each step; the province step suggests the course's province, so it takes the course. */
export function prompt(step: Step, d: EnrollData, course?: StoredItem): Reply {
  switch (step) {
    case 'waitlist':
      return {
        text: `Lớp "${d.title}" đã đủ chỗ. Bạn có muốn vào danh sách chờ không? Khi có người hủy, mình sẽ báo bạn ngay.`,
        buttons: [[{ label: '✅ Vào danh sách chờ', action: 'confirm' }], [{ label: '❌ Thôi', action: 'cancel' }]],
      };
    case 'name':
      return { text: 'Bạn cho mình xin họ và tên đầy đủ (ví dụ: Nguyễn Văn An).', buttons: [CANCEL_ROW] };
    case 'phone':
      return {
        text: `Bạn cho mình số điện thoại di động để cán bộ liên hệ (ví dụ: ${PHONE_EXAMPLE}).`,
        requestContact: true,
        buttons: [CANCEL_ROW],
      };
    case 'province': {
      const buttons: Button[][] = [];
      const code = course?.provinceCode;
      const suggest = code ? safeButton(`📍 ${provinceName(code)}`, 'prov', code) : undefined;
      if (suggest) buttons.push([suggest]);
      buttons.push(CANCEL_ROW);
      return { text: 'Bạn đang sống ở tỉnh/thành nào? (ví dụ: Vĩnh Long, An Giang; tên tỉnh cũ cũng được)', buttons };
    }
    case 'commune':
      return {
        text: 'Bạn ở xã/phường nào? (không bắt buộc, gõ "bỏ qua" nếu không muốn ghi)',
        buttons: [[{ label: '⏭ Bỏ qua', action: 'skip' }], CANCEL_ROW],
      };
    case 'confirm':
      return {
        text: summary(d),
        buttons: [[{ label: '✅ Xác nhận', action: 'confirm' }], [{ label: '✏️ Sửa lại', action: 'edit' }], CANCEL_ROW],
      };
  }
}

export function withNote(note: string, reply: Reply): Reply {
  return { ...reply, text: `${note}\n\n${reply.text}` };
}
