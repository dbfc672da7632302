/**
 * Reminders, run with the daily digest: REMINDER_DAYS days before a fair opens and before a
 * course stops taking registrations, its subscribers get a nudge. Each reminder fires once per
 * item and date (dedupeKey `reminder:<kind>:<id>:<date>`): re-runs and second processes add
 * nothing, and a fair that is postponed gets a fresh reminder for its new date.
 */
import type { StoredItem } from '../src/content/model.js';
import { formatDate, provinceLabel } from '../src/replies/format.js';
import type { Logger } from '../src/observability/logger.js';
import type { Topic } from '../src/store/types.js';
import type { AnnouncementStore, CatalogueStore } from '../src/store/ports.js';
import { localDate } from './digest.js';

export interface ReminderDeps {
  store: CatalogueStore & AnnouncementStore;
  logger: Logger;
  timeZone: string;
  days: number;
}

/** Items imported this recently were just announced by the digest; a reminder now would repeat it. */
const FRESH_MS = 24 * 3600_000;

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso.slice(0, 10)}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

const inDays = (n: number) => (n === 0 ? 'hôm nay' : n === 1 ? 'ngày mai' : `còn ${n} ngày nữa`);

export function fairReminderText(item: StoredItem, days: number): string {
  const where = [item.place, provinceLabel(item)].filter(Boolean).join(', ');
  return [`⏰ Nhắc lịch: ${inDays(days)} là ${item.title} khai mạc (${formatDate(item.startsAt)}).`, where ? `📍 ${where}` : '']
    .filter(Boolean)
    .join('\n');
}

export function courseReminderText(item: StoredItem, days: number): string {
  const what = days === 0 ? 'Hôm nay là hạn cuối' : `${inDays(days)[0]!.toUpperCase()}${inDays(days).slice(1)} là hết hạn`;
  return `⏰ ${what} đăng ký khóa ${item.title} (hạn ${formatDate(item.deadline)}). Bạn quan tâm thì đăng ký sớm nhé.`;
}

export async function runReminders(deps: ReminderDeps, now: Date): Promise<number> {
  if (deps.days <= 0) return 0;
  const today = localDate(now, deps.timeZone);
  let created = 0;
  const remind = async (item: StoredItem, kind: 'fair-start' | 'course-deadline', date: string, text: string) => {
    const r = await deps.store.createAnnouncement(
      {
        text,
        itemId: item.id,
        topics: [item.kind as Topic],
        provinceCodes: item.provinceCode ? [item.provinceCode] : [],
        channels: [],
        sendAt: now.toISOString(),
        createdBy: 'system:reminder',
        dedupeKey: `reminder:${kind}:${item.id}:${date.slice(0, 10)}`,
      },
      now,
    );
    if (r.created) created++;
  };
  const fresh = (item: StoredItem) => now.getTime() - Date.parse(item.importedAt) < FRESH_MS;

  // Fairs not over yet (a fair opening within the window is one of them).
  for (const item of await deps.store.listCurrentItems({ kind: 'fair', today })) {
    if (!item.startsAt || fresh(item)) continue;
    const d = daysBetween(today, item.startsAt);
    // Not on the opening day itself: by then a reminder is news, not a reminder.
    if (d >= 1 && d <= deps.days) await remind(item, 'fair-start', item.startsAt, fairReminderText(item, d));
  }
  const lastDay = new Date(Date.parse(`${today}T00:00:00Z`) + deps.days * 86_400_000).toISOString().slice(0, 10);
  for (const item of await deps.store.listCurrentItems({ kind: 'course', today, until: 'registration', endingBy: lastDay })) {
    if (!item.deadline || fresh(item)) continue;
    const d = daysBetween(today, item.deadline);
    if (d >= 0 && d <= deps.days) await remind(item, 'course-deadline', item.deadline, courseReminderText(item, d));
  }
  deps.logger.info({ created }, 'reminders done');
  return created;
}
