/**
 * Turns content items into short Vietnamese replies for a phone screen:
 * dates as dd/mm/yyyy, place, deadline, fee and contact for courses and fairs, the legal reference for policies.
 */
import type { StoredItem } from '../content/model.js';
import { provinceByCode } from '../text/provinces.js';
import { DEFAULT_TIME_ZONE } from '../time/clock.js';
import { subscribeToAction } from '../broadcast/actions.js';
import { itemAction } from '../content/actions.js';
import { enrollAction } from '../enrollment/actions.js';
import { button, buttonRows } from './actions.js';
import { MENU_ROW } from './menu.js';
import type { Button, ItemCard, Reply } from './model.js';

/** ISO date or instant → dd/mm/yyyy in `timeZone` (TIMEZONE; a bare date stays that calendar day). */
export function formatDate(iso: string | undefined, timeZone: string = DEFAULT_TIME_ZONE): string | undefined {
  if (!iso) return undefined;
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (bare) return `${bare[3]}/${bare[2]}/${bare[1]}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
  return parts; // en-GB already gives dd/mm/yyyy
}

/** The province as users know it now, naming the old one when the item still uses it. */
export function provinceLabel(item: Pick<StoredItem, 'province' | 'provinceCode'>): string | undefined {
  const current = item.provinceCode ? provinceByCode(item.provinceCode)?.name : undefined;
  if (!item.province) return current;
  if (!current || sameName(current, item.province)) return item.province;
  return `${current} (${item.province} cũ)`;
}

function bareProvinceName(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/^(tỉnh|thành phố|tp\.?)\s+/u, '').trim();
}

function sameName(a: string, b: string): boolean {
  return bareProvinceName(a) === bareProvinceName(b);
}

function dateRange(item: StoredItem): string | undefined {
  const from = formatDate(item.startsAt);
  const to = formatDate(item.endsAt);
  if (from && to && from !== to) return `${from} – ${to}`;
  return from ?? to;
}

/** Label-value lines for an item, only for what is known. */
export function itemDetails(item: StoredItem): string[] {
  const lines: string[] = [];
  const where = [item.place, provinceLabel(item)].filter(Boolean).join(', ');
  switch (item.kind) {
    case 'course':
      if (item.trade) lines.push(`🛠 Nghề: ${item.trade}`);
      if (dateRange(item)) lines.push(`📅 Thời gian: ${dateRange(item)}`);
      if (where) lines.push(`📍 Địa điểm: ${where}`);
      if (item.deadline) lines.push(`⏰ Hạn đăng ký: ${formatDate(item.deadline)}`);
      if (item.fee) lines.push(`💰 Học phí: ${item.fee}`);
      if (item.capacity) lines.push(`👥 Số chỗ: ${item.capacity}`);
      break;
    case 'fair':
      if (dateRange(item)) lines.push(`📅 Thời gian: ${dateRange(item)}`);
      if (where) lines.push(`📍 Địa điểm: ${where}`);
      if (item.deadline) lines.push(`⏰ Hạn đăng ký gian hàng: ${formatDate(item.deadline)}`);
      break;
    case 'policy':
    case 'plan':
      if (item.source?.ref || item.source?.issuer) {
        const ref = [item.source.ref, item.source.issuer].filter(Boolean).join(' của ');
        const date = formatDate(item.source.date);
        lines.push(`📄 Căn cứ: ${ref}${date ? ` ngày ${date}` : ''}`);
      }
      if (where) lines.push(`📍 Áp dụng: ${where}`);
      if (item.deadline) lines.push(`⏰ Hạn: ${formatDate(item.deadline)}`);
      break;
    case 'faq':
      break;
  }
  if (item.contact) lines.push(`☎️ Liên hệ: ${item.contact}`);
  return lines;
}

const SUMMARY_LIMIT = 400;

function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), limit - 20)).trimEnd() + '…';
}

/** One item in full, with the buttons that fit its kind. */
export function itemReply(item: StoredItem, options: { deadlinePassed?: boolean } = {}): Reply {
  const head = item.kind === 'faq' ? `❓ ${item.title}` : `📌 ${item.title}`;
  const summary = item.summary ? clip(item.summary, SUMMARY_LIMIT) : item.body ? clip(item.body, SUMMARY_LIMIT) : undefined;
  const parts = [head, summary, itemDetails(item).join('\n')].filter((p): p is string => Boolean(p));
  if (item.source?.url) parts.push(`🔗 ${item.source.url}`);
  const follows = item.kind === 'course' || item.kind === 'fair' || item.kind === 'plan';
  const buttons = buttonRows(
    [item.kind === 'course' && !options.deadlinePassed ? button('✍️ Đăng ký học', enrollAction, item.id) : undefined],
    [follows ? button('🔔 Nhận tin tương tự', subscribeToAction, { topic: item.kind, provinceCode: item.provinceCode ?? '*' }) : undefined],
    MENU_ROW,
  );
  return { text: parts.join('\n\n'), buttons };
}

export function itemCard(item: Pick<StoredItem, 'id' | 'title' | 'kind' | 'startsAt' | 'place' | 'province' | 'provinceCode'>): ItemCard {
  const when = formatDate(item.startsAt);
  const where = item.place ?? provinceLabel(item);
  const subtitle = [when, where].filter(Boolean).join(' · ') || undefined;
  // Content ids are at most MAX_ITEM_ID_LENGTH ASCII characters: `item:<id>` always fits.
  return { id: item.id, title: item.title, subtitle, action: itemAction.encode(item.id)! };
}

/** A short list to choose from. */
export function listReply(intro: string, items: StoredItem[], extra: Button[][] = []): Reply {
  return { text: intro, items: items.map(itemCard), buttons: [...extra, MENU_ROW] };
}
