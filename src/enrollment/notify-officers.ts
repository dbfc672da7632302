/**
 * Tells the officers responsible for a course that someone enrolled or cancelled, so they can call
 * the person and plan the class. Recipients: stored officers whose provinces include the course's
 * (or who look after every province) plus everyone in ADMIN_IDS. Officers may see names and phones;
 * this is the only message that carries them to someone other than the person themselves.
 */
import type { AppConfig } from '../config.js';
import type { StoredItem } from '../content/model.js';
import { notificationInput } from '../broadcast/notifier.js';
import type { Notifier } from '../conversation/handler.js';
import type { Reply } from '../replies/model.js';
import { action, MAX_ACTION_BYTES } from '../replies/model.js';
import type { AnnouncementInput, ChannelName, CourseCounts, Enrollment, UserKey } from '../store/types.js';
import type { ContentStore, OfficerStore } from '../store/ports.js';
import { provinceByCode } from '../text/provinces.js';
import { canActAsOfficer } from '../conversation/officer-channels.js';
import { formatPhone } from './phone.js';

export interface OfficerDeps {
  store: ContentStore & OfficerStore;
  config: AppConfig;
  notifier: Notifier;
}

export type EnrollmentEvent =
  | { kind: 'enrolled'; enrollment: Enrollment }
  | { kind: 'cancelled'; enrollment: Enrollment; promoted?: Enrollment };

/** Officers who look after a province (undefined: a national course, every officer). */
export async function officersFor(store: ContentStore & OfficerStore, config: AppConfig, provinceCode: string | undefined): Promise<UserKey[]> {
  const out = new Map<string, UserKey>();
  for (const id of config.ADMIN_IDS) {
    const i = id.indexOf(':');
    out.set(id, { channel: id.slice(0, i) as ChannelName, userId: id.slice(i + 1) });
  }
  for (const o of await store.listOfficers()) {
    if (!canActAsOfficer(o.channel)) continue; // names and phones never go to an unauthenticated web "officer"
    if (!provinceCode || o.provinceCodes.length === 0 || o.provinceCodes.includes(provinceCode)) {
      out.set(`${o.channel}:${o.userId}`, { channel: o.channel, userId: o.userId });
    }
  }
  return [...out.values()];
}

function person(e: Enrollment): string {
  const where = [e.commune, provinceByCode(e.provinceCode)?.name].filter(Boolean).join(', ');
  return `👤 ${e.fullName} · ${formatPhone(e.phone)}${where ? `\n📍 ${where}` : ''}`;
}

export function countsLine(c: CourseCounts | undefined): string {
  if (!c) return '';
  const seats = c.capacity ? `${c.enrolled}/${c.capacity}` : `${c.enrolled}`;
  return `📊 Đã nhận ${seats} · Chờ ${c.waiting}`;
}

/** The officer's message for one event. */
export function officerReply(course: StoredItem | undefined, courseId: string, event: EnrollmentEvent, counts?: CourseCounts): Reply {
  const title = course?.title ?? courseId;
  const e = event.enrollment;
  const lines: string[] = [];
  if (event.kind === 'enrolled') {
    const status = e.status === 'waiting' ? `⏳ Danh sách chờ${e.waitingPosition ? ` (thứ ${e.waitingPosition})` : ''}` : '✅ Đã nhận chỗ';
    lines.push(`🆕 Đăng ký mới: ${title}`, person(e), status);
  } else {
    lines.push(`❌ Hủy đăng ký: ${title}`, person(e));
    if (event.promoted) lines.push(`⬆️ Chuyển từ danh sách chờ lên học:\n${person(event.promoted)}`);
  }
  const c = countsLine(counts);
  if (c) lines.push(c);
  lines.push(`Mã đăng ký: ${e.id}`);
  const reply: Reply = { text: lines.join('\n') };
  if (Buffer.byteLength(`export:${courseId}`) <= MAX_ACTION_BYTES) {
    reply.buttons = [[{ label: '📥 Xuất danh sách lớp', action: action('export', courseId) }]];
  }
  return reply;
}

/**
 * The notices of an enrolment change for the course's officers, ready to be written by the store in
 * the same transaction as the change (see ChangeNotices): a crash can no longer keep the enrolment
 * and lose the alert. Officers and the course are read before the transaction; the counts inside it.
 */
export async function officerNotices(
  deps: Pick<OfficerDeps, 'store' | 'config'>,
  courseId: string,
  now: Date,
): Promise<(event: EnrollmentEvent, counts: CourseCounts) => AnnouncementInput[]> {
  const course = await deps.store.getItem(courseId);
  const officers = await officersFor(deps.store, deps.config, course?.provinceCode);
  return (event, counts) => {
    const reply = officerReply(course, courseId, event, counts);
    return officers.map((to) => notificationInput(to, reply, now));
  };
}
