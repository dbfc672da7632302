/**
 * Replies about enrolments that more than one handler shows: a course list to pick from, one
 * enrolment as its owner sees it, "you are already enrolled". Names and phones appear here only
 * in replies to the person themselves.
 */
import type { StoredItem } from '../content/model.js';
import { formatDate, itemCard } from '../replies/format.js';
import { button, buttonRows } from '../replies/actions.js';
import { MENU_ROW } from '../replies/menu.js';
import type { Button, Reply } from '../replies/model.js';
import { enrollAction, unenrollAction } from './actions.js';
import type { Enrollment } from '../store/types.js';
import { formatPhone } from './phone.js';

/** How many courses a pick list shows (Zalo shows at most 5 buttons). */
export const PICK_LIMIT = 5;

export function enrollButtons(courses: StoredItem[]): Button[][] {
  return courses
    .map((c) => button(`✍️ ${c.title}`, enrollAction, c.id))
    .filter((b): b is Button => Boolean(b))
    .map((b) => [b]);
}

/** A list to pick from: one line per course (when, where), one "Đăng ký" button each. */
export function pickReply(text: string, courses: StoredItem[]): Reply {
  const shown = courses.slice(0, PICK_LIMIT);
  const lines = shown.map((c) => {
    const sub = itemCard(c).subtitle;
    return `• ${c.title}${sub ? ` (${sub})` : ''}`;
  });
  return { text: `${text}\n${lines.join('\n')}`, buttons: [...enrollButtons(shown), MENU_ROW] };
}

export function statusText(e: Enrollment): string {
  if (e.status === 'enrolled') return '✅ Đã nhận chỗ';
  if (e.status === 'waiting') return `⏳ Danh sách chờ${e.waitingPosition ? ` (thứ ${e.waitingPosition} khi đăng ký)` : ''}`;
  return 'Đã hủy';
}

/** One enrolment as its owner sees it (their own name and phone are shown back to them only). */
export function enrollmentDetails(e: Enrollment, course: StoredItem | undefined): string {
  const lines = [`📌 ${course?.title ?? e.courseId}`, `• Trạng thái: ${statusText(e)}`];
  if (course?.startsAt) lines.push(`• Khai giảng: ${formatDate(course.startsAt)}`);
  if (e.phone) lines.push(`• Họ tên: ${e.fullName}`, `• Điện thoại: ${formatPhone(e.phone)}`);
  lines.push(`• Mã đăng ký: ${e.id}`, `• Ngày đăng ký: ${formatDate(e.createdAt)}`);
  return lines.join('\n');
}

/**
 * The phone is already enrolled in this course from another chat account. Nothing of that enrolment
 * is shown: whoever typed the number may not be its owner.
 */
export function phoneTakenReply(course: StoredItem | undefined): Reply {
  return {
    text:
      `Số điện thoại này đã được đăng ký vào lớp "${course?.title ?? 'này'}" rồi, mỗi người chỉ giữ một chỗ. ` +
      'Nếu đó là bạn, bạn xem lại trong tài khoản đã dùng để đăng ký; nếu không phải, bạn liên hệ cán bộ phụ trách lớp nhé.',
    buttons: [MENU_ROW],
  };
}

export function existingReply(e: Enrollment, course: StoredItem | undefined): Reply {
  return {
    text: `Bạn đã đăng ký lớp này rồi ạ, mỗi người chỉ cần đăng ký một lần:\n\n${enrollmentDetails(e, course)}`,
    buttons: buttonRows([button('❌ Hủy đăng ký lớp này', unenrollAction, e.id)], MENU_ROW),
  };
}
