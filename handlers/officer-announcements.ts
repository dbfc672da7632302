/**
 * Officers announce from the chat: "/thongbao <nội dung>" shows a preview with the audience size
 * and two buttons, Gửi ngay / Hủy; the draft waits in the dialog state (so a restart keeps it)
 * until one is pressed. Tags in front of the text narrow the audience:
 * "/thongbao #hoicho #vinhlong Hội chợ nông sản mở cửa từ 7 giờ". Without province tags the
 * audience is the officer's own provinces (all of them for ADMIN_IDS).
 * "/thongbao tiendo <mã>" shows delivery progress. Anyone else gets a polite no.
 */
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { officerProvinces } from '../src/handoff/officers.js';
import { countAudience, describeAudience } from '../src/broadcast/audience.js';
import { DraftError, parseProvince, toAnnouncementInput, whenNote, type Draft } from '../src/broadcast/draft.js';
import { announcementReply } from '../src/broadcast/message.js';
import { quietPolicy } from '../src/broadcast/quiet-hours.js';
import { parseTopic, TOPICS } from '../src/broadcast/topics.js';
import { menuReply } from '../src/replies/menu.js';
import type { Reply } from '../src/replies/model.js';
import { announceAction } from '../src/broadcast/actions.js';
import { buttonRows, button } from '../src/replies/actions.js';
import { randomId } from '../src/store/shared.js';
import type { Topic } from '../src/store/types.js';
import { z } from 'zod';
import { dialogTable } from '../src/conversation/dialog-state.js';

export const ANNOUNCE_DIALOG = 'officer-announcements';

const COMMAND = /^\/(?:thongbao|announce)(?:@\S+)?(?:\s+([\s\S]*))?$/i;

const USAGE =
  'Cách gửi thông báo:\n' +
  '/thongbao <nội dung>\n' +
  'Thêm thẻ ở đầu để chọn người nhận, ví dụ:\n' +
  '/thongbao #hoicho #vinhlong Hội chợ nông sản mở cửa từ 7 giờ sáng thứ Bảy.\n' +
  'Thẻ chủ đề: #daotao #chinhsach #hoicho #kehoach; thẻ tỉnh: tên tỉnh viết liền (#bentre, #angiang) hoặc #toanquoc.\n' +
  'Xem tiến độ: /thongbao tiendo <mã>';

const draftDataSchema = z.object({
  text: z.string().min(1),
  topics: z.array(z.enum(['course', 'policy', 'fair', 'plan'])).optional(),
  provinceCodes: z.array(z.string()).optional(),
  /** Makes a double tap on "Gửi ngay" create one announcement, not two. */
  draftId: z.string().min(1),
});
type DraftData = Required<z.infer<typeof draftDataSchema>>;
/** One step: the draft shown, waiting for "Gửi ngay". */
const draftDialog = dialogTable(ANNOUNCE_DIALOG, ['confirm'], draftDataSchema);

/** Provinces the officer looks after; undefined = all. */
const officerArea = (ctx: TurnContext) => officerProvinces(ctx.store, ctx.config, ctx.user);

/** Leading #tags → topics and provinces; the rest is the text. */
function parseTags(rest: string): { topics: Topic[]; provinceCodes: string[]; text: string } {
  const topics: Topic[] = [];
  const provinceCodes: string[] = [];
  let text = rest.trim();
  for (;;) {
    const m = /^#(\S+)\s*/.exec(text);
    if (!m) break;
    const tag = m[1]!.replace(/_/g, ' ');
    const topic = parseTopic(tag);
    if (topic) topics.push(topic);
    else provinceCodes.push(parseProvince(tag)); // throws DraftError for an unknown tag
    text = text.slice(m[0].length);
  }
  return { topics: [...new Set(topics)], provinceCodes: [...new Set(provinceCodes)], text: text.trim() };
}

async function preview(ctx: TurnContext, rest: string): Promise<Reply> {
  let parsed: ReturnType<typeof parseTags>;
  try {
    parsed = parseTags(rest);
  } catch (err) {
    if (err instanceof DraftError) return { text: `⚠️ ${err.message}\n\n${USAGE}` };
    throw err;
  }
  if (!parsed.text) return { text: USAGE };
  const area = await officerArea(ctx);
  let provinceCodes = parsed.provinceCodes;
  if (area) {
    if (provinceCodes.includes('*') || provinceCodes.some((c) => !area.includes(c))) {
      return { text: `⚠️ Bạn chỉ gửi được cho các tỉnh mình phụ trách. Bỏ thẻ tỉnh để gửi cho tỉnh của bạn.` };
    }
    if (!provinceCodes.length) provinceCodes = area;
  }
  const draft: Draft = {
    text: parsed.text,
    topics: parsed.topics.length ? parsed.topics : [...TOPICS],
    provinceCodes,
    channels: [],
    when: { kind: 'now' },
    createdBy: `${ctx.user.channel}:${ctx.user.userId}`,
  };
  let input;
  try {
    input = await toAnnouncementInput(ctx.store, draft, ctx.now, ctx.config.TIMEZONE);
  } catch (err) {
    if (err instanceof DraftError) return { text: `⚠️ ${err.message}` };
    throw err;
  }
  const size = await countAudience(ctx.store, input);
  const data: DraftData = { text: input.text, topics: input.topics, provinceCodes: input.provinceCodes, draftId: randomId(8) };
  draftDialog.set(ctx, 'confirm', data);
  const shown = announcementReply({ ...input, id: '', status: 'scheduled', createdAt: ctx.now.toISOString() }).text;
  return {
    text: [
      '📝 Xem trước thông báo:',
      '',
      shown,
      '',
      `👥 Người nhận: ${describeAudience(input)} — ${size} người.`,
      `⏰ Gửi: ${whenNote(input, ctx.now, quietPolicy(ctx.config))}.`,
    ].join('\n'),
    buttons: buttonRows([button('✅ Gửi ngay', announceAction, 'send'), button('❌ Hủy', announceAction, 'cancel')]),
  };
}

async function send(ctx: TurnContext): Promise<Reply> {
  const data = draftDialog.open(ctx.dialog)?.data;
  if (!data) return { text: 'Bản nháp không còn (quá 30 phút hoặc đã gửi). Bạn gõ lại /thongbao <nội dung> nhé.' };
  const draft: Draft = {
    text: data.text,
    topics: data.topics ?? [...TOPICS],
    provinceCodes: data.provinceCodes ?? [],
    channels: [],
    when: { kind: 'now' },
    createdBy: `${ctx.user.channel}:${ctx.user.userId}`,
    dedupeKey: `chat:${ctx.user.channel}:${ctx.user.userId}:${data.draftId}`,
  };
  const input = await toAnnouncementInput(ctx.store, draft, ctx.now, ctx.config.TIMEZONE);
  // Written before we say "sent": the announcement poller of any running bot picks it up.
  const { announcement } = await ctx.store.createAnnouncement(input, ctx.now);
  ctx.setDialog(undefined);
  const size = await countAudience(ctx.store, input);
  return menuReply(
    `✅ Đã xếp lịch gửi cho ${size} người (mã ${announcement.id}).\n` +
      `⏰ ${whenNote(input, ctx.now, quietPolicy(ctx.config))}.\nXem tiến độ: /thongbao tiendo ${announcement.id}`,
  );
}

async function progress(ctx: TurnContext, id: string): Promise<Reply> {
  const a = id ? await ctx.store.getAnnouncement(id) : undefined;
  if (!a) return { text: `Không có thông báo mã "${id}". ${USAGE.split('\n').at(-1)}` };
  const s = await ctx.store.deliveryStats(a.id);
  const done = s.total ? Math.round(((s.sent + s.failed + s.unknown) / s.total) * 100) : 0;
  const status = { scheduled: 'chờ gửi', sending: 'đang gửi', done: 'đã xong', cancelled: 'đã hủy' }[a.status];
  return {
    text:
      `📊 Thông báo ${a.id} (${status}): ${done}% xong.\n` +
      `Đã gửi ${s.sent}/${s.total}, đang chờ ${s.pending + s.claimed}, lỗi ${s.failed}, không rõ ${s.unknown}.`,
  };
}

export const officerAnnouncementsHandler: Handler = {
  name: ANNOUNCE_DIALOG,
  actions: [announceAction.name],
  async handle(ctx) {
    const { msg } = ctx;
    if (msg.kind === 'action') {
      const what = announceAction.decode(msg.action);
      if (!what) return undefined;
      if (!(await ctx.checkOfficer())) return [menuReply('Nút này chỉ dành cho cán bộ.')];
      if (what === 'send') return [await send(ctx)];
      draftDialog.close(ctx);
      return [menuReply('Đã hủy bản nháp, không gửi gì.')];
    }
    if (msg.kind !== 'text' || !msg.text) return undefined;
    const m = COMMAND.exec(msg.text.trim());
    if (!m) return undefined;
    if (!(await ctx.checkOfficer())) return [menuReply('Lệnh này chỉ dành cho cán bộ phụ trách. Bạn cần tìm thông tin gì cứ hỏi mình nhé.')];
    const rest = (m[1] ?? '').trim();
    const sub = /^(?:tiendo|tien do|stats)\s+(\S+)$/i.exec(rest);
    if (sub) return [await progress(ctx, sub[1]!)];
    if (!rest) return [{ text: USAGE }];
    return [await preview(ctx, rest)];
  },
};
