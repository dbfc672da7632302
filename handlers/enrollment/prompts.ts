/**
 * What the enrolment dialog asks at each step, and its summary. Also used to resume a dialog.
 */
import type { StoredItem } from '../../src/content/model.js';
import { formatPhone, PHONE_EXAMPLE } from '../../src/enrollment/phone.js';
import { cancelAction, confirmAction, editAction, provinceAction, skipAction } from '../../src/enrollment/actions.js';
import { button, fixedButton } from '../../src/replies/actions.js';
import type { Button, Reply } from '../../src/replies/model.js';
import { provinceByCode } from '../../src/text/provinces.js';
import type { EnrollData, Step } from './state.js';

export const CANCEL_ROW: Button[] = [fixedButton('❌ Hủy đăng ký', cancelAction)];

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
        buttons: [[fixedButton('✅ Vào danh sách chờ', confirmAction)], [fixedButton('❌ Thôi', cancelAction)]],
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
      const suggest = code ? button(`📍 ${provinceName(code)}`, provinceAction, code) : undefined;
      if (suggest) buttons.push([suggest]);
      buttons.push(CANCEL_ROW);
      return { text: 'Bạn đang sống ở tỉnh/thành nào? (ví dụ: Vĩnh Long, An Giang; tên tỉnh cũ cũng được)', buttons };
    }
    case 'commune':
      return {
        text: 'Bạn ở xã/phường nào? (không bắt buộc, gõ "bỏ qua" nếu không muốn ghi)',
        buttons: [[fixedButton('⏭ Bỏ qua', skipAction)], CANCEL_ROW],
      };
    case 'confirm':
      return {
        text: summary(d),
        buttons: [[fixedButton('✅ Xác nhận', confirmAction)], [fixedButton('✏️ Sửa lại', editAction)], CANCEL_ROW],
      };
  }
}

export function withNote(note: string, reply: Reply): Reply {
  return { ...reply, text: `${note}\n\n${reply.text}` };
}
