/**
 * Officers' working hours (OFFICE_HOURS, OFFICE_DAYS), in the deployment's time zone: outside them
 * a user who asks for a person is told when an answer can be expected.
 */
import { localParts, zonedTimeToUtc } from '../broadcast/zoned-time.js';

export interface OfficeHours {
  /** Minutes after local midnight. */
  opensAt: number;
  closesAt: number;
  /** Weekdays open, 0 = Sunday … 6 = Saturday. */
  days: ReadonlySet<number>;
  timeZone: string;
}

const TIME = /^(\d{1,2})(?::(\d{2}))?$/;

function minutes(spec: string): number {
  const m = TIME.exec(spec.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2] ?? 0) > 59) throw new Error(`giờ "${spec}" không hợp lệ (dạng 7:30)`);
  return Number(m[1]) * 60 + Number(m[2] ?? 0);
}

/** "7:30-17:00" → [450, 1020]. */
export function parseOfficeHours(spec: string): [number, number] {
  const parts = spec.split('-');
  if (parts.length !== 2) throw new Error(`"${spec}": dạng đúng 7:30-17:00`);
  const [open, close] = [minutes(parts[0]!), minutes(parts[1]!)];
  if (close <= open) throw new Error(`"${spec}": giờ đóng phải sau giờ mở`);
  return [open, close];
}

/** "1-5" (Monday to Friday), "1-6", "1,3,5"; 0 or 7 is Sunday. */
export function parseOfficeDays(spec: string): Set<number> {
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^\s*([0-7])(?:\s*-\s*([0-7]))?\s*$/.exec(part);
    if (!m) throw new Error(`"${spec}": dạng đúng 1-5 (thứ Hai đến thứ Sáu) hoặc 1,3,5`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new Error(`"${spec}": khoảng ngày ngược`);
    for (let d = from; d <= to; d++) days.add(d % 7);
  }
  return days;
}

export function officeHours(hours: string, days: string, timeZone: string): OfficeHours {
  const [opensAt, closesAt] = parseOfficeHours(hours);
  return { opensAt, closesAt, days: parseOfficeDays(days), timeZone };
}

export function isOpen(at: Date, h: OfficeHours): boolean {
  const p = localParts(at, h.timeZone);
  const m = p.hour * 60 + p.minute;
  return h.days.has(p.weekday) && m >= h.opensAt && m < h.closesAt;
}

/** The next moment the office opens after `at` (at itself when open). */
export function nextOpening(at: Date, h: OfficeHours): Date {
  if (isOpen(at, h) || h.days.size === 0) return at;
  const p = localParts(at, h.timeZone);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const weekday = (p.weekday + ahead) % 7;
    if (!h.days.has(weekday)) continue;
    const opening = zonedTimeToUtc({ year: p.year, month: p.month, day: p.day + ahead, hour: Math.floor(h.opensAt / 60), minute: h.opensAt % 60 }, h.timeZone);
    if (opening.getTime() > at.getTime()) return opening;
  }
  return at;
}

const WEEKDAY_NAMES = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

/** "7:30 thứ Hai (01/12)" — when the user can expect an answer. */
export function describeOpening(opening: Date, h: OfficeHours): string {
  const p = localParts(opening, h.timeZone);
  const dd = String(p.day).padStart(2, '0');
  const mm = String(p.month).padStart(2, '0');
  return `${p.hour}:${String(p.minute).padStart(2, '0')} ${WEEKDAY_NAMES[p.weekday]} (${dd}/${mm})`;
}
