/**
 * The daily digest (DIGEST_CRON, default 07:00): content imported since the last digest — new
 * courses, fairs and plans — is announced to the people subscribed to that kind in that
 * province. Each item is announced at most once, ever: the announcement's dedupeKey is
 * `digest:item:<id>`, so a re-run, a second process, a re-import of the same item (unchanged: same
 * revision; changed: new revision but the same id) never announces it again.
 *
 * "Since the last digest" is a content-revision watermark kept in the store. On a fresh install
 * the watermark starts at the content already there: the shipped pack is not news.
 */
import type { StoredItem } from '../src/content/model.js';
import { formatDate, provinceLabel } from '../src/replies/format.js';
import type { Logger } from '../src/observability/logger.js';
import type { Topic } from '../src/store/types.js';
import type { AnnouncementStore, ContentStore, SettingsStore } from '../src/store/ports.js';
import { localParts } from '../src/broadcast/zoned-time.js';

export const DIGEST_WATERMARK = 'state:digest-content-rev';
const DIGEST_KINDS = new Set<StoredItem['kind']>(['course', 'fair', 'plan']);

export interface DigestDeps {
  store: ContentStore & SettingsStore & AnnouncementStore;
  logger: Logger;
  timeZone: string;
}

/** Records the current content revision as the starting point, if none is recorded yet. */
export async function initDigestWatermark(store: ContentStore & SettingsStore & AnnouncementStore): Promise<void> {
  if ((await store.getValue(DIGEST_WATERMARK)) === undefined) {
    await store.setValue(DIGEST_WATERMARK, String(await store.contentRevision()));
  }
}

/** yyyy-mm-dd of `now` in the zone, to compare with content dates. */
export function localDate(now: Date, timeZone: string): string {
  const p = localParts(now, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Still worth telling people about: registration open, fair not over. */
export function stillCurrent(item: StoredItem, today: string): boolean {
  if (item.kind === 'course') return (item.deadline ?? item.startsAt ?? '9999').slice(0, 10) >= today;
  if (item.kind === 'fair') return (item.endsAt ?? item.startsAt ?? '9999').slice(0, 10) >= today;
  if (item.kind === 'plan') return !item.endsAt || item.endsAt.slice(0, 10) >= today;
  return false;
}

const HEADERS: Partial<Record<StoredItem['kind'], string>> = {
  course: '🎓 Khóa học nghề mới',
  fair: '🏪 Hội chợ mới',
  plan: '🗓 Kế hoạch, tin mới',
};

export function digestText(item: StoredItem): string {
  const lines = [`${HEADERS[item.kind] ?? '🆕 Tin mới'}: ${item.title}`];
  const when = formatDate(item.startsAt);
  const where = [item.place, provinceLabel(item)].filter(Boolean).join(', ');
  if (when) lines.push(`📅 ${when}${item.endsAt && formatDate(item.endsAt) !== when ? ` – ${formatDate(item.endsAt)}` : ''}`);
  if (where) lines.push(`📍 ${where}`);
  if (item.deadline) lines.push(`⏰ Hạn đăng ký: ${formatDate(item.deadline)}`);
  if (item.summary) lines.push('', item.summary.length > 300 ? `${item.summary.slice(0, 297).trimEnd()}…` : item.summary);
  return lines.join('\n');
}

export async function runDigest(deps: DigestDeps, now: Date): Promise<{ announced: number; seen: number }> {
  const { store } = deps;
  const raw = await store.getValue(DIGEST_WATERMARK);
  const revision = await store.contentRevision();
  if (raw === undefined) {
    await store.setValue(DIGEST_WATERMARK, String(revision));
    return { announced: 0, seen: 0 };
  }
  const since = Number(raw) || 0;
  const today = localDate(now, deps.timeZone);
  let announced = 0;
  let seen = 0;
  let high = since;
  for await (const item of store.iterateItems(since)) {
    high = Math.max(high, item.rev);
    if (!DIGEST_KINDS.has(item.kind) || !stillCurrent(item, today)) continue;
    seen++;
    const { created } = await store.createAnnouncement(
      {
        text: digestText(item),
        itemId: item.id,
        topics: [item.kind as Topic],
        provinceCodes: item.provinceCode ? [item.provinceCode] : [],
        channels: [],
        sendAt: now.toISOString(),
        createdBy: 'system:digest',
        dedupeKey: `digest:item:${item.id}`,
      },
      now,
    );
    if (created) announced++;
  }
  // Advanced only after every item is announced: a crash before this line re-runs harmlessly.
  await store.setValue(DIGEST_WATERMARK, String(Math.max(high, revision)));
  deps.logger.info({ announced, seen, since, upTo: Math.max(high, revision) }, 'digest done');
  return { announced, seen };
}
