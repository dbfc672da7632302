/**
 * Turning what an officer asked for (CLI flags or a chat command) into a valid announcement, with
 * one set of rules and Vietnamese error messages for both: text length, a linked item that exists,
 * known provinces and channels, a send time that is not in the past, a cron that is not too dense.
 */
import { foldVi } from '../text/fold.js';
import type { AnnouncementInput, ChannelName, Topic } from '../store/types.js';
import type { ContentStore } from '../store/ports.js';
import { provinceByCode, resolveProvinceName } from '../text/provinces.js';
import { PUSH_CHANNELS } from './audience.js';
import { nextOccurrence, parseCron, shortestGapMs } from './cron.js';
import { MAX_ANNOUNCEMENT_CHARS } from './message.js';
import { sendableAt, type QuietPolicy } from './quiet-hours.js';
import { TOPICS } from './topics.js';
import { formatLocal, zonedTimeToUtc } from './zoned-time.js';

export class DraftError extends Error {
  override readonly name = 'DraftError';
}

export type When = { kind: 'now' } | { kind: 'at'; at: Date } | { kind: 'cron'; expression: string };

export interface Draft {
  text: string;
  itemId?: string;
  topics: Topic[];
  provinceCodes: string[];
  channels: ChannelName[];
  when: When;
  createdBy: string;
  promotional?: boolean;
  dedupeKey?: string;
}

/** Recurring announcements closer together than this would flood people. */
export const MIN_CRON_GAP_MS = 3600_000;
/** A scheduled time this far in the past is a typo, not "now". */
const PAST_TOLERANCE_MS = 60_000;
const MAX_AHEAD_MS = 366 * 86_400_000;

/**
 * "2026-12-01T08:00" or "2026-12-01 08:00" is local time in `timeZone`; a trailing Z or offset
 * makes it an exact instant. Throws DraftError for anything else.
 */
export function parseDateTime(raw: string, timeZone: string): Date {
  const s = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) throw new DraftError(`thời điểm "${raw}" không đúng dạng, ví dụ 2026-12-01T08:00 (giờ Việt Nam)`);
  const [, y, mo, d, h, mi, sec, zone] = m;
  const fields = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(sec ?? 0) };
  const check = new Date(Date.UTC(fields.year, fields.month - 1, fields.day));
  if (check.getUTCMonth() !== fields.month - 1 || check.getUTCDate() !== fields.day || fields.hour > 23 || fields.minute > 59) {
    throw new DraftError(`thời điểm "${raw}" không có thật`);
  }
  if (zone) return new Date(s.replace(' ', 'T'));
  return zonedTimeToUtc(fields, timeZone);
}

/** A province given by code or by name (old names map to the new province). */
export function parseProvince(raw: string): string {
  const r = raw.trim();
  // "toàn quốc", "toan_quoc", "#toanquoc", "cả nước": the whole country, however it is typed.
  const compact = foldVi(r).replace(/[\s_-]+/g, '');
  if (r === '*' || compact === 'toanquoc' || compact === 'canuoc') return '*';
  const p = /^\d{1,2}$/.test(r) ? provinceByCode(r) : resolveProvinceName(r);
  if (!p) throw new DraftError(`không rõ tỉnh "${raw}" (dùng tên tỉnh, cũ hay mới đều được, hoặc mã số như 86)`);
  return p.code;
}

export function parseChannel(raw: string): ChannelName {
  const c = raw.trim().toLowerCase();
  if (!(PUSH_CHANNELS as readonly string[]).includes(c)) {
    throw new DraftError(`kênh "${raw}" không gửi được; chọn một trong: ${PUSH_CHANNELS.join(', ')}`);
  }
  return c as ChannelName;
}

/** Checks a draft and returns the announcement to store. Throws DraftError naming the problem. */
export async function toAnnouncementInput(store: ContentStore, draft: Draft, now: Date, timeZone: string): Promise<AnnouncementInput> {
  const text = draft.text.trim();
  if (!text) throw new DraftError('nội dung thông báo đang trống');
  if (text.length > MAX_ANNOUNCEMENT_CHARS) {
    throw new DraftError(`nội dung dài ${text.length} ký tự, tối đa ${MAX_ANNOUNCEMENT_CHARS} (Zalo giới hạn 2000)`);
  }
  if (draft.itemId !== undefined && !(await store.getItem(draft.itemId))) {
    throw new DraftError(`không có mục nội dung mã "${draft.itemId}"`);
  }
  const topics = [...new Set(draft.topics.length ? draft.topics : TOPICS)];
  const provinceCodes = [...new Set(draft.provinceCodes)];
  // '*' means "no province filter", which is how the store reads an empty list.
  const codes = provinceCodes.includes('*') ? [] : provinceCodes;
  const input: AnnouncementInput = {
    text,
    topics,
    provinceCodes: codes,
    channels: [...new Set(draft.channels)],
    createdBy: draft.createdBy,
    ...(draft.itemId !== undefined ? { itemId: draft.itemId } : {}),
    ...(draft.promotional ? { promotional: true } : {}),
    ...(draft.dedupeKey ? { dedupeKey: draft.dedupeKey } : {}),
  };
  switch (draft.when.kind) {
    case 'now':
      return { ...input, sendAt: now.toISOString() };
    case 'at': {
      const at = draft.when.at.getTime();
      if (at < now.getTime() - PAST_TOLERANCE_MS) throw new DraftError(`thời điểm ${formatLocal(draft.when.at, timeZone)} đã qua`);
      if (at > now.getTime() + MAX_AHEAD_MS) throw new DraftError('chỉ hẹn giờ gửi trong vòng một năm');
      return { ...input, sendAt: new Date(Math.max(at, now.getTime())).toISOString() };
    }
    case 'cron': {
      let schedule: ReturnType<typeof parseCron>;
      try {
        schedule = parseCron(draft.when.expression);
      } catch (err) {
        throw new DraftError((err as Error).message);
      }
      if (!nextOccurrence(schedule, now, timeZone)) throw new DraftError(`lịch "${schedule.expression}" không có lần nào sắp tới`);
      const gap = shortestGapMs(schedule, now, timeZone);
      if (gap < MIN_CRON_GAP_MS) throw new DraftError(`lịch "${schedule.expression}" lặp dày hơn mỗi giờ một lần; người nhận sẽ bị làm phiền`);
      return { ...input, cron: schedule.expression };
    }
  }
}

/** Whether the running bot starts sending within seconds (due now and not held by quiet hours). */
export function sendsRightAway(input: AnnouncementInput, now: Date, policy: QuietPolicy): boolean {
  if (input.cron) return false;
  const due = new Date(input.sendAt ?? now.toISOString());
  if (due.getTime() > now.getTime() + PAST_TOLERANCE_MS) return false;
  return sendableAt(due, policy, 'telegram', Boolean(input.promotional)).getTime() <= due.getTime();
}

/** When a one-off announcement will actually go out, in words: quiet hours may hold it. */
export function whenNote(input: AnnouncementInput, now: Date, policy: QuietPolicy): string {
  if (input.cron) return `lặp lại theo lịch "${input.cron}" (giờ ${policy.timeZone})`;
  const due = new Date(input.sendAt ?? now.toISOString());
  const out = sendableAt(due, policy, 'telegram', Boolean(input.promotional));
  const held = out.getTime() > due.getTime();
  const base = due.getTime() <= now.getTime() + PAST_TOLERANCE_MS ? 'ngay' : `lúc ${formatLocal(due, policy.timeZone)}`;
  return held ? `${base === 'ngay' ? 'bây giờ' : base} là giờ nghỉ, tin sẽ đi lúc ${formatLocal(out, policy.timeZone)}` : base;
}
