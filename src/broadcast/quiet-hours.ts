/**
 * Quiet hours: nobody is woken by the bot at night. A delivery due inside a quiet window is held
 * until the window ends (QUIET_HOURS, default 21–6, in TIMEZONE). Zalo additionally refuses
 * promotional messages 22:00–06:00 (error -234), whatever QUIET_HOURS says.
 */
import type { ChannelName } from '../store/types.js';
import { localParts, zonedTimeToUtc } from './zoned-time.js';

/** Local hours [start, end): 21–6 wraps midnight. start === end means no window. */
export interface HourWindow {
  start: number;
  end: number;
}

/** Zalo's own ban on promotional messages at night. */
export const ZALO_PROMOTION_WINDOW: HourWindow = { start: 22, end: 6 };

/** Parses "21-6" (QUIET_HOURS). Throws with the reason on anything else. */
export function parseHourWindow(spec: string): HourWindow {
  const m = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(spec);
  if (!m) throw new Error(`khung giờ "${spec}" không hợp lệ, dạng đúng: 21-6`);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > 23 || end > 23) throw new Error(`khung giờ "${spec}": giờ phải từ 0 đến 23`);
  return { start, end };
}

export function inWindow(hour: number, w: HourWindow): boolean {
  if (w.start === w.end) return false;
  return w.start < w.end ? hour >= w.start && hour < w.end : hour >= w.start || hour < w.end;
}

/**
 * The first instant at or after `at` that lies outside every window, in `timeZone`.
 * When inside a window, that is the window's end hour (the next time the clock shows it).
 */
export function nextAllowed(at: Date, windows: HourWindow[], timeZone: string): Date {
  let t = at;
  // Each step leaves one window; a handful of windows cannot chain more than this.
  for (let step = 0; step < 2 * windows.length + 1; step++) {
    const p = localParts(t, timeZone);
    const active = windows.find((w) => inWindow(p.hour, w));
    if (!active) return t;
    // The end hour today if still ahead, else tomorrow (a 21–6 window entered at 22:00).
    const sameDay = p.hour < active.end;
    t = zonedTimeToUtc({ year: p.year, month: p.month, day: p.day + (sameDay ? 0 : 1), hour: active.end }, timeZone);
  }
  return t;
}

export interface QuietPolicy {
  quiet?: HourWindow;
  timeZone: string;
}

/**
 * The windows that apply to one delivery. The web chat counts too: a page left open on a phone shows
 * the message when it arrives, and the confirmation promised every subscriber the same quiet hours.
 */
export function windowsFor(policy: QuietPolicy, channel: ChannelName, promotional: boolean): HourWindow[] {
  if (channel === 'cli') return [];
  const windows: HourWindow[] = policy.quiet ? [policy.quiet] : [];
  if (channel === 'zalo' && promotional) windows.push(ZALO_PROMOTION_WINDOW);
  return windows;
}

/** When a delivery due at `at` may go out on `channel`. */
export function sendableAt(at: Date, policy: QuietPolicy, channel: ChannelName, promotional = false): Date {
  return nextAllowed(at, windowsFor(policy, channel, promotional), policy.timeZone);
}

/**
 * The policy for one announcement: a reply the user is waiting for in a conversation they started
 * (an officer's answer) is not held by QUIET_HOURS; it goes out silently where the channel can.
 */
export function policyFor(policy: QuietPolicy, inConversation: boolean): QuietPolicy {
  return inConversation ? { timeZone: policy.timeZone } : policy;
}

export function quietPolicy(config: { QUIET_HOURS: string; TIMEZONE: string }): QuietPolicy {
  const w = parseHourWindow(config.QUIET_HOURS);
  return { timeZone: config.TIMEZONE, ...(w.start !== w.end ? { quiet: w } : {}) };
}

/** How a user reads an hour: "21 giờ", "6 giờ sáng", "nửa đêm". */
function hourLabel(h: number): string {
  if (h === 0) return 'nửa đêm';
  if (h < 11) return `${h} giờ sáng`;
  if (h < 13) return `${h} giờ trưa`;
  if (h < 18) return `${h} giờ chiều`;
  return `${h} giờ`;
}

/** The promise in a subscription confirmation, from QUIET_HOURS as configured ("" when there are none). */
export function quietHoursNote(policy: QuietPolicy): string {
  return policy.quiet ? `không nhắn từ ${hourLabel(policy.quiet.start)} đến ${hourLabel(policy.quiet.end)}` : '';
}
