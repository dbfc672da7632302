/**
 * What each field of an item is worth to the index: field weights, the words people use for a kind of
 * item, and the words that ask for a field an item has.
 */
import type { StoredItem } from '../content/model.js';

/** How much a word counts depending on where it appears in an item. */
export const FIELD_WEIGHTS = {
  title: 1,
  keywords: 0.9,
  trade: 0.85,
  tags: 0.8,
  source: 0.75,
  summary: 0.65,
  place: 0.6,
  dates: 0.6,
  province: 0.5,
  kind: 0.4,
  body: 0.35,
} as const;
export type Field = keyof typeof FIELD_WEIGHTS;
export const FIELD_PERCENT = Object.fromEntries(Object.entries(FIELD_WEIGHTS).map(([f, w]) => [f, Math.round(w * 100)])) as Record<Field, number>;

/** Words people use for a kind of item though its text may not say them ("học" for any course). */
export const KIND_TERMS: Record<StoredItem['kind'], string> = {
  course: 'khóa học lớp học nghề đào tạo dạy',
  policy: 'chính sách hỗ trợ',
  fair: 'hội chợ triển lãm',
  plan: 'kế hoạch',
  faq: 'hỏi đáp',
};

/** Kinds as small numbers, for per-candidate loops. */
export const KIND_IDS: Readonly<Record<StoredItem['kind'], number>> = { course: 1, policy: 2, fair: 3, plan: 4, faq: 5 };

/**
 * Words people use to ask for something an item states in a field rather than in its text ("hội chợ
 * tổ chức ngày nào", "lớp nhận bao nhiêu người", "học phí bao nhiêu"): an item that has the field
 * answers them, whatever its text says.
 */
// Only words whose folded form names nothing else: "hạn" would be "hàn" (welding), "điện thoại" and
// "diễn ra" would add "điện" (the electrician's trade), "đăng ký" the enrolment command, to every item.
// Few words: each is a posting in every item that has the field.
export const FIELD_QUESTIONS: readonly { has: (item: StoredItem) => boolean; words: string }[] = [
  { has: (i) => Boolean(i.startsAt), words: 'tổ chức khai giảng khai mạc' },
  { has: (i) => i.capacity !== undefined, words: 'số chỗ chỉ tiêu' },
  { has: (i) => Boolean(i.fee), words: 'học phí chi phí' },
  { has: (i) => Boolean(i.contact), words: 'liên hệ' },
];

/** A span of dates longer than this many months (a plan for years) is not a "when". */
const MONTHS_LISTED = 12;

/**
 * The months an item's dates fall in, as people ask for them ("hội chợ tháng 8", "lớp khai giảng
 * tháng 9"): from its start to its end, and its enrolment deadline's. Not the year: every dated item
 * would hold it, and it would no longer tell the plan "… năm 2027" from the rest.
 */
export function dateWords(item: Pick<StoredItem, 'startsAt' | 'endsAt' | 'deadline'>): string {
  const months = new Set<number>();
  if (item.startsAt) {
    const [y0, m0] = item.startsAt.split('-').map(Number) as [number, number];
    const [y1, m1] = (item.endsAt ?? item.startsAt).split('-').map(Number) as [number, number];
    const span = (y1 - y0) * 12 + (m1 - m0);
    if (span >= 0 && span < MONTHS_LISTED) for (let k = 0; k <= span; k++) months.add(((m0 - 1 + k) % 12) + 1);
  }
  if (item.deadline) months.add(Number(item.deadline.split('-')[1]));
  return [...months].map((m) => `tháng ${m}`).join(' , ');
}

/** Years listed for one item at most: a bound on a mistyped end date ("2999-01-01"), not a rule of the content. */
const YEARS_LISTED = 12;

/** The years an item's dates fall in, from its start to its end, and its deadline's ("2026 2027"). */
export function dateYears(item: Pick<StoredItem, 'startsAt' | 'endsAt' | 'deadline'>): string | undefined {
  const years = new Set<number>();
  const yearOf = (d: string | undefined) => (d && /^\d{4}-/.test(d) ? Number(d.slice(0, 4)) : undefined);
  const from = yearOf(item.startsAt);
  const to = yearOf(item.endsAt) ?? from;
  if (from !== undefined && to !== undefined) for (let y = from; y < Math.min(to + 1, from + YEARS_LISTED); y++) years.add(y);
  const deadline = yearOf(item.deadline);
  if (deadline !== undefined) years.add(deadline);
  return years.size > 0 ? [...years].sort().join(' ') : undefined;
}

/** Bodies can be long; the first words carry the topic and bound the index's memory. */
export const BODY_TOKEN_LIMIT = 80;
