/**
 * Officers in chat: "/xuat [lớp]" or "xuất danh sách lớp hàn" sends the enrolment list as an .xlsx
 * file, "/thongke" the counts per course. Officers are ADMIN_IDS or stored officer records; an
 * officer with provinces sees only courses there. Anyone else asking gets a polite no, and never
 * a name or phone.
 */
import { leadsClearly } from '../src/engine/clear-lead.js';
import type { StoredItem } from '../src/content/model.js';
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { officerProvinces } from '../src/handoff/officers.js';
import { exportFileName, loadExport, toXlsx, XLSX_MIME } from '../src/enrollment/export.js';
import { countsLine } from '../src/enrollment/notify-officers.js';
import { menuReply, MENU_ROW } from '../src/replies/menu.js';
import type { Reply } from '../src/replies/model.js';
import { actionNames, button, buttonRows, fixedButton } from '../src/replies/actions.js';
import { foldVi } from '../src/text/fold.js';
import { courseClosed } from '../src/courses/schedule.js';
import { openCourses } from '../src/courses/open-courses.js';
import { exportAction, exportAllAction, statsAction } from '../src/enrollment/actions.js';

type Request = { kind: 'export'; query: string; courseId?: string } | { kind: 'stats' };

/** What the officer asked for, if this is an officer request at all. */
function parseRequest(ctx: TurnContext): Request | undefined {
  const { msg } = ctx;
  if (msg.kind === 'action') {
    const courseId = exportAction.decode(msg.action);
    if (courseId) return { kind: 'export', query: '', courseId };
    if (exportAllAction.decode(msg.action)) return { kind: 'export', query: '' };
    if (statsAction.decode(msg.action)) return { kind: 'stats' };
    return undefined;
  }
  if (msg.kind !== 'text' || !msg.text) return undefined;
  const text = msg.text.trim();
  // Telegram may append the bot's name to a command in groups: "/xuat@nghebot".
  const cmd = /^\/([a-z]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(text);
  if (cmd) {
    const name = cmd[1]!.toLowerCase();
    const rest = (cmd[2] ?? '').trim();
    if (name === 'xuat' || name === 'export') return { kind: 'export', query: rest };
    if (name === 'thongke') return { kind: 'stats' };
    return undefined;
  }
  const f = foldVi(text);
  const exp = /^(?:xuat|tai|tai ve|lay|gui|export)\s+(?:danh sach|ds|file|bang)(?:\s+(?:dang ky|hoc vien|nguoi dang ky))?\b\s*(.*)$/.exec(f);
  if (exp) return { kind: 'export', query: (exp[1] ?? '').replace(/^(?:cua|cho)\s+/, '').trim() };
  if (/^(?:thong ke|so lieu)(?:\s+(?:dang ky|cac lop|lop|khoa hoc|hoc vien))*$/.test(f)) return { kind: 'stats' };
  return undefined;
}

/** Provinces the officer looks after; undefined = all (ADMIN_IDS, or a record without provinces). */
const officerArea = (ctx: TurnContext) => officerProvinces(ctx.store, ctx.config, ctx.user);

function inArea(area: string[] | undefined, course: StoredItem): boolean {
  return !area || !course.provinceCode || area.includes(course.provinceCode);
}

/**
 * An export sends people's names and phones: the list of the wrong course is personal data sent for
 * nothing, and a pick costs the officer one tap. So a course named in words is exported alone only
 * when the engine is sure of it and it leads the next by this share of its score (clear-lead.ts).
 */
export const EXPORT_LEAD_SHARE = 0.2;

/** A course named by id or by words ("lớp hàn"); several, or only close matches → the officer picks. */
async function resolveCourse(ctx: TurnContext, query: string, area: string[] | undefined): Promise<StoredItem | Reply | undefined> {
  const q = query.replace(/^(?:lop|khoa|khoa hoc)\s+/i, '').trim();
  if (!q) return undefined;
  const byId = await ctx.store.getItem(q);
  if (byId?.kind === 'course') return byId;
  const answer = await ctx.engine.ask(q, { kinds: ['course'] });
  const sure = answer.results.length > 0;
  // Naming a course to export is a pick, not a question: close matches are offered too.
  const candidates = sure ? answer.results : answer.suggestions;
  const found = (await ctx.engine.items(candidates)).filter((c) => c.kind === 'course' && inArea(area, c));
  if (found.length === 0) return menuReply(`Không tìm thấy lớp nào khớp "${query.slice(0, 60)}". Gõ /xuat để lấy danh sách tất cả các lớp.`);
  if (sure && (found.length === 1 || (candidates[0]?.id === found[0]!.id && leadsClearly(candidates, EXPORT_LEAD_SHARE)))) return found[0];
  const buttons = buttonRows(...found.slice(0, 5).map((c) => [button(`📥 ${c.title}`, exportAction, c.id)]));
  return { text: 'Có mấy lớp khớp, anh/chị muốn xuất lớp nào?', buttons: [...buttons, [fixedButton('📥 Tất cả các lớp', exportAllAction)], MENU_ROW] };
}

async function exportReply(ctx: TurnContext, req: Extract<Request, { kind: 'export' }>): Promise<Reply> {
  const area = await officerArea(ctx);
  let course: StoredItem | undefined;
  if (req.courseId) {
    course = await ctx.store.getItem(req.courseId);
    if (!course || course.kind !== 'course') return menuReply('Không tìm thấy khóa học này.');
  } else {
    const resolved = await resolveCourse(ctx, req.query, area);
    if (resolved && !('kind' in resolved)) return resolved;
    course = resolved;
  }
  if (course && !inArea(area, course)) return menuReply('Lớp này không thuộc tỉnh anh/chị phụ trách.');
  const filter: { courseId?: string; provinceCodes?: string[] } = {};
  if (course) filter.courseId = course.id;
  if (area) filter.provinceCodes = area;
  const data = await loadExport(ctx.store, filter);
  const what = course ? `lớp "${course.title}"` : 'tất cả các lớp';
  if (data.rows.length === 0) return menuReply(`Chưa có ai đăng ký ${what}.`);
  const enrolled = data.courses.reduce((n, c) => n + c.enrolled, 0);
  const waiting = data.courses.reduce((n, c) => n + c.waiting, 0);
  return {
    text: `📥 Danh sách đăng ký ${what}: ${data.rows.length} người (đã nhận ${enrolled}, chờ ${waiting}).`,
    file: { filename: exportFileName('xlsx', ctx.now, ctx.config.TIMEZONE, course?.id), mimeType: XLSX_MIME, data: await toXlsx(data) },
    buttons: [MENU_ROW],
  };
}

async function statsReply(ctx: TurnContext): Promise<Reply> {
  const area = await officerArea(ctx);
  const counts = new Map((await ctx.store.courseCounts()).map((c) => [c.courseId, c]));
  // Open courses with nobody yet count too: "0/20" is news for an officer.
  const open = await openCourses(ctx.store, ctx.today, area ? { provinceCodes: area } : {});
  const items = new Map(open.map((c) => [c.id, c]));
  for (const c of await ctx.store.getItems([...counts.keys()].filter((id) => !items.has(id)))) items.set(c.id, c);
  const lines = [...items.values()]
    .filter((c) => inArea(area, c))
    .sort((a, b) => a.title.localeCompare(b.title, 'vi'))
    .map((c) => {
      const n = counts.get(c.id) ?? { courseId: c.id, enrolled: 0, waiting: 0, ...(c.capacity ? { capacity: c.capacity } : {}) };
      return `• ${c.title} (${c.id})\n  ${countsLine(n)}${courseClosed(c, ctx.today) ? ' · đã hết hạn' : ''}`;
    });
  if (lines.length === 0) return menuReply('Chưa có lớp nào đang mở hoặc có người đăng ký.');
  return { text: `📊 Thống kê đăng ký:\n${lines.join('\n')}`, buttons: [[fixedButton('📥 Xuất danh sách', exportAllAction)], MENU_ROW] };
}

export const officerEnrollmentsHandler: Handler = {
  name: 'officer-enrollments',
  actions: actionNames(exportAction, exportAllAction, statsAction),
  async handle(ctx) {
    const req = parseRequest(ctx);
    if (!req) return undefined;
    if (!(await ctx.checkOfficer())) {
      return [menuReply('Xin lỗi, chức năng này chỉ dành cho cán bộ phụ trách. Bạn cần thông tin gì cứ hỏi mình nhé.')];
    }
    return [req.kind === 'stats' ? await statsReply(ctx) : await exportReply(ctx, req)];
  },
};
