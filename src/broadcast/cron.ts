/**
 * Cron expressions for recurring announcements ("0 7 * * 1" = 07:00 every Monday), read with
 * node-cron's own parser so they mean exactly what DIGEST_CRON means to the scheduler, and the
 * next occurrence after any instant in the configured time zone (node-cron only answers "after now").
 * Errors name the field and the allowed range in Vietnamese, for officers typing them.
 */
import cron from 'node-cron';
import { localParts, zonedTimeToUtc } from './zoned-time.js';

export class CronError extends Error {
  override readonly name = 'CronError';
}

const FIELD_NAMES: Record<string, string> = {
  second: 'giây (0–59)',
  minute: 'phút (0–59)',
  hour: 'giờ (0–23)',
  dayOfMonth: 'ngày (1–31)',
  month: 'tháng (1–12)',
  dayOfWeek: 'thứ (0–7, 0 và 7 là Chủ nhật)',
};

const FORMAT_HINT = 'dạng "phút giờ ngày tháng thứ", ví dụ "0 7 * * 1" là 7 giờ sáng thứ Hai hằng tuần';

export interface CronSchedule {
  expression: string;
  minutes: number[];
  hours: number[];
  daysOfMonth: number[];
  months: number[];
  /** 0 = Sunday. */
  daysOfWeek: number[];
}

/**
 * Validates a cron expression for the scheduler (5 fields, or 6 with seconds when `allowSeconds`).
 * Throws CronError with a message fit to show an officer or an operator.
 */
export function validateCron(expression: string, options: { allowSeconds?: boolean } = {}): void {
  const expr = expression.trim().replace(/\s+/g, ' ');
  const fields = expr === '' ? 0 : expr.split(' ').length;
  const allowed = options.allowSeconds ? [5, 6] : [5];
  if (!allowed.includes(fields)) {
    throw new CronError(`Biểu thức cron "${expression}" có ${fields} trường, cần 5 (${FORMAT_HINT}).`);
  }
  const result = cron.validateDetailed(expr);
  if (!result.valid) {
    const e = result.errors[0];
    const field = e ? FIELD_NAMES[e.field] : undefined;
    const detail = field ? `trường ${field} có giá trị "${e?.value ?? ''}" không hợp lệ` : 'có ký tự không hợp lệ';
    throw new CronError(`Biểu thức cron "${expression}" sai: ${detail}; ${FORMAT_HINT}.`);
  }
}

/** Parses a 5-field expression into plain number sets. L and # forms are refused: they are rare and easy to misread. */
export function parseCron(expression: string): CronSchedule {
  validateCron(expression);
  const expr = expression.trim().replace(/\s+/g, ' ');
  const parsed = cron.parse(expr);
  const numbers = (values: Array<number | string>, what: string): number[] => {
    if (values.some((v) => typeof v !== 'number')) {
      throw new CronError(`Biểu thức cron "${expression}": trường ${what} dùng dạng đặc biệt (L, #) chưa được hỗ trợ; ${FORMAT_HINT}.`);
    }
    return [...new Set(values as number[])].sort((a, b) => a - b);
  };
  return {
    expression: expr,
    minutes: numbers(parsed.minute, FIELD_NAMES.minute!),
    hours: numbers(parsed.hour, FIELD_NAMES.hour!),
    daysOfMonth: numbers(parsed.dayOfMonth, FIELD_NAMES.dayOfMonth!),
    months: numbers(parsed.month, FIELD_NAMES.month!),
    daysOfWeek: numbers(parsed.dayOfWeek, FIELD_NAMES.dayOfWeek!).map((d) => d % 7),
  };
}

/** Enough days to find Feb 29 from any date, with room to spare. */
const MAX_DAYS = 366 * 9;

/**
 * The first occurrence strictly after `after`, in `timeZone`. Day-of-month and day-of-week must
 * both match, as in node-cron (classic cron ORs them when both are restricted; we follow the
 * library that runs DIGEST_CRON so both kinds of schedule read the same). undefined if none exists.
 */
export function nextOccurrence(schedule: CronSchedule, after: Date, timeZone: string): Date | undefined {
  const start = localParts(after, timeZone);
  for (let i = 0; i < MAX_DAYS; i++) {
    // Noon of the local day avoids DST edges when stepping days.
    const day = localParts(zonedTimeToUtc({ year: start.year, month: start.month, day: start.day + i, hour: 12 }, timeZone), timeZone);
    if (!schedule.months.includes(day.month)) continue;
    if (!schedule.daysOfMonth.includes(day.day) || !schedule.daysOfWeek.includes(day.weekday)) continue;
    for (const hour of schedule.hours) {
      for (const minute of schedule.minutes) {
        const at = zonedTimeToUtc({ year: day.year, month: day.month, day: day.day, hour, minute }, timeZone);
        if (at.getTime() > after.getTime()) return at;
      }
    }
  }
  return undefined;
}

/** Shortest gap between the next few occurrences: recurring announcements must not flood people. */
export function shortestGapMs(schedule: CronSchedule, from: Date, timeZone: string, samples = 6): number {
  let prev = nextOccurrence(schedule, from, timeZone);
  let gap = Infinity;
  for (let i = 0; i < samples && prev; i++) {
    const next = nextOccurrence(schedule, prev, timeZone);
    if (!next) break;
    gap = Math.min(gap, next.getTime() - prev.getTime());
    prev = next;
  }
  return gap;
}
