/**
 * The content model: what officers publish and the bot answers from.
 * One zod schema is the single source of truth for imports (YAML, JSON, CSV) and for the store.
 */
import { z } from 'zod';

export const CONTENT_KINDS = ['course', 'policy', 'fair', 'plan', 'faq'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** Vietnamese label of each kind, as users read it. */
export const KIND_LABELS: Record<ContentKind, string> = {
  course: 'Khóa đào tạo nghề',
  policy: 'Chính sách hỗ trợ',
  fair: 'Hội chợ, triển lãm',
  plan: 'Kế hoạch, tin tức',
  faq: 'Hỏi đáp',
};

/** Officers type dates as they read them (31/01/2027), in CSV, YAML and JSON alike: read them as day/month/year. */
export function vietnameseDateToIso(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (!m) return value;
  return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

const isoDate = z
  .string()
  .trim()
  .transform(vietnameseDateToIso)
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'phải là ngày, ví dụ 2027-01-31 hoặc 31/01/2027')
      .refine(isCalendarDate, 'ngày không tồn tại'),
  );

/** Date.parse quietly rolls 2027-02-30 over to 2 March, so the day is checked against the calendar too. */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m || Number.isNaN(Date.parse(s))) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/**
 * "ĐT 0297 3xxx xxx" and the like, with its label and the comma before it: a made-up number must
 * never reach someone who will dial it. Packs written before this rule (sample packs, eval corpora)
 * still load; the number is left out, as for any contact whose phone the source does not give.
 */
const PLACEHOLDER_PHONE = /\s*[,;–-]?\s*(?:(?:s?đt|điện thoại|tel|hotline)\s*:?\s*)?\+?\d[\d .]*x{2,}(?:[ .]?x+)*/giu;

export function withoutPlaceholderPhones(text: string): string {
  if (!/x{2}/i.test(text)) return text;
  return text
    .replace(PLACEHOLDER_PHONE, ' ')
    .replace(/ +([,.;:!?)])/g, '$1')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Free text shown to users: trimmed, placeholder phones left out. */
const shownText = (max: number) => z.string().trim().max(max).transform(withoutPlaceholderPhones);
/** An optional short field that may end up empty once a placeholder phone is left out: then absent. */
const optionalShownText = z
  .string()
  .trim()
  .min(1)
  .transform((s) => withoutPlaceholderPhones(s) || undefined)
  .optional();

const optionalText = z.string().trim().min(1).optional();

/** Lists may arrive as a YAML list or as a `;`-separated string (CSV cells). */
const textList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(';')).map((s) => s.trim()).filter(Boolean))
  .optional();

export const sourceSchema = z
  .object({
    ref: optionalText,
    issuer: optionalText,
    date: isoDate.optional(),
    // Only web links: a javascript: or data: URL would be clickable on the web channel.
    url: z.string().trim().url({ protocol: /^https?$/, error: 'phải là đường dẫn http(s)://' }).optional(),
  })
  .strict();

/** Longest content id: the longest action prefix ("enroll:", 7 bytes) + id fits Telegram's 64 bytes. */
export const MAX_ITEM_ID_LENGTH = 56;

export const contentItemSchema = z
  .object({
    // 56: an id rides in button actions ("enroll:<id>") and Telegram carries at most 64 bytes there.
    id: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'chỉ gồm a-z, 0-9 và dấu gạch ngang')
      .max(MAX_ITEM_ID_LENGTH, `tối đa ${MAX_ITEM_ID_LENGTH} ký tự (nút bấm chỉ mang được 64 byte)`),
    kind: z.enum(CONTENT_KINDS),
    title: z.string().trim().min(3).max(200),
    summary: shownText(1000).optional(),
    body: shownText(20000).optional(),
    keywords: textList,
    tags: textList,
    province: optionalText,
    place: optionalShownText,
    startsAt: isoDate.optional(),
    endsAt: isoDate.optional(),
    deadline: isoDate.optional(),
    source: sourceSchema.optional(),
    contact: optionalShownText,
    trade: optionalText,
    capacity: z.coerce.number().int().positive().max(100000).optional(),
    fee: optionalShownText,
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.startsAt && item.endsAt && item.endsAt < item.startsAt) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'ngày kết thúc trước ngày bắt đầu' });
    }
    if (item.kind !== 'course' && item.capacity !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'chỉ dùng cho khóa học (kind: course)' });
    }
  });

export type ContentItemInput = z.input<typeof contentItemSchema>;
export type ContentItem = z.output<typeof contentItemSchema>;

/** An item as stored: the validated content plus bookkeeping the store maintains. */
export interface StoredItem extends ContentItem {
  /** Province after the 2025 merger, derived from `province` at import. */
  provinceCode?: string;
  /** Monotonic revision assigned by the store on every write; lets readers pick up changes. */
  rev: number;
  importedAt: string;
}
