/**
 * Subscriptions ("đăng ký nhận tin"): people choose topics (đào tạo nghề, chính sách, hội chợ,
 * kế hoạch) and a province, or the whole country, and later get the matching announcements.
 * From the menu: 🔔 → topic buttons → province question (or "Toàn quốc"); from an item: the
 * "Nhận tin tương tự" button (`sub:<topic>:<code>`); in text: "đăng ký nhận tin hội chợ Vĩnh Long",
 * "hủy nhận tin hội chợ", "STOP" (everything), "tin đã đăng ký". Old province names ("Bến Tre")
 * are accepted and stored as the province they now belong to.
 */
import type { Handler, TurnContext } from '../src/conversation/handler.js';
import { analysisOf } from '../src/conversation/understanding.js';
import { menuReply } from '../src/replies/menu.js';
import { parseAction, type Button, type Reply } from '../src/replies/model.js';
import type { Subscription, Topic } from '../src/store/types.js';
import { detectProvinces, provinceByCode, resolveProvinceName } from '../src/text/provinces.js';
import { detectTopics, isTopic, TOPIC_EMOJI, TOPIC_LABELS } from '../src/broadcast/topics.js';
import { provinceName } from '../src/broadcast/audience.js';
import { quietHoursNote, quietPolicy } from '../src/broadcast/quiet-hours.js';
import { SUBSCRIPTION_ACTIONS } from '../src/broadcast/actions.js';
import { z } from 'zod';
import { readDialogData } from '../src/conversation/dialog-state.js';

export const SUBSCRIPTIONS_DIALOG = 'subscriptions';

/** "toàn quốc", "cả nước", "tất cả các tỉnh": every province. */
const NATIONWIDE = /\b(?:toan quoc|ca nuoc|moi tinh|tat ca(?: cac)? tinh|khap noi|dau cung duoc)\b/;
/** A reply longer than this in the province step is probably a new question, not a place name. */
const SHORT_ANSWER_WORDS = 5;
const MENU_ROW: Button[] = [{ label: '🏠 Menu chính', action: 'menu' }];

interface Wanted {
  topics: Topic[];
  provinceCodes: string[];
  /** Old names the user typed, mapped to the new province: "Bến Tre" → Vĩnh Long. */
  renamed: Array<{ former: string; code: string }>;
}

/** Topics and provinces named in a message; `*` when the user said "toàn quốc". */
function read(ctx: TurnContext, text: string): Wanted {
  const analysis = analysisOf(ctx, text);
  const topics = detectTopics(analysis.folded);
  const mentions = detectProvinces(analysis.tokens);
  const provinceCodes = [...new Set(mentions.map((m) => m.province.code))];
  const renamed = mentions
    .filter((m) => m.matchedFormer)
    .map((m) => ({ former: m.matchedFormer!, code: m.province.code }));
  if (provinceCodes.length === 0) {
    // A bare place name typed in answer to "tỉnh nào?": exact lookup, prefixes and all.
    const p = resolveProvinceName(text);
    if (p) provinceCodes.push(p.code);
  }
  if (provinceCodes.length === 0 && NATIONWIDE.test(analysis.folded)) provinceCodes.push('*');
  return { topics, provinceCodes, renamed };
}

const topicButtons = (): Button[][] => [
  [
    { label: `${TOPIC_EMOJI.course} Đào tạo nghề`, action: 'subt:course' },
    { label: `${TOPIC_EMOJI.fair} Hội chợ`, action: 'subt:fair' },
  ],
  [
    { label: `${TOPIC_EMOJI.policy} Chính sách`, action: 'subt:policy' },
    { label: `${TOPIC_EMOJI.plan} Kế hoạch, tin tức`, action: 'subt:plan' },
  ],
  MENU_ROW,
];

function subscriptionLine(s: Pick<Subscription, 'topic' | 'provinceCode'>): string {
  return `${TOPIC_EMOJI[s.topic]} ${capitalise(TOPIC_LABELS[s.topic])} – ${provinceName(s.provinceCode)}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function askTopic(ctx: TurnContext, provinceCodes: string[]): Reply {
  ctx.setDialog({ dialog: SUBSCRIPTIONS_DIALOG, step: 'topic', data: { provinceCodes } });
  const where = provinceCodes.length ? ` ở ${provinceCodes.map(provinceName).join(', ')}` : '';
  return { text: `Bạn muốn nhận tin về gì${where}? Chọn một mục bên dưới nhé.`, buttons: topicButtons() };
}

function askProvince(ctx: TurnContext, topics: Topic[]): Reply {
  ctx.setDialog({ dialog: SUBSCRIPTIONS_DIALOG, step: 'province', data: { topics } });
  const labels = topics.map((t) => TOPIC_LABELS[t]).join(', ');
  const buttons: Button[][] = [[{ label: '🇻🇳 Toàn quốc', action: topics.length === 1 ? `sub:${topics[0]}:*` : 'subp:*' }], MENU_ROW];
  return {
    text: `Bạn muốn nhận tin ${labels} ở tỉnh, thành nào? Gõ tên tỉnh (tên cũ như "Bến Tre", "Kiên Giang" cũng được), hoặc chọn Toàn quốc.`,
    buttons,
  };
}

async function subscribe(ctx: TurnContext, topics: Topic[], provinceCodes: string[], renamed: Wanted['renamed'] = []): Promise<Reply> {
  if (ctx.dialog?.dialog === SUBSCRIPTIONS_DIALOG) ctx.setDialog(undefined);
  for (const topic of topics) {
    for (const provinceCode of provinceCodes) {
      await ctx.store.subscribe({ ...ctx.user, topic, provinceCode }, ctx.now);
    }
  }
  // A nationwide subscription makes the province ones redundant; keep the list short.
  if (provinceCodes.includes('*')) {
    const subs = await ctx.store.listSubscriptions(ctx.user);
    for (const s of subs) if (topics.includes(s.topic) && s.provinceCode !== '*') await ctx.store.unsubscribe(ctx.user, s.topic, s.provinceCode);
  }
  const lines = topics.flatMap((topic) => provinceCodes.map((provinceCode) => `• ${subscriptionLine({ topic, provinceCode })}`));
  const notes = renamed.map((r) => `(${r.former} nay thuộc ${provinceName(r.code)}.)`);
  const quiet = quietHoursNote(quietPolicy(ctx.config));
  return {
    text: [
      '✅ Đã đăng ký nhận tin:',
      ...lines,
      ...notes,
      '',
      `Có tin mới mình sẽ nhắn bạn${quiet ? ` (${quiet})` : ''}. Gõ "tin đã đăng ký" để xem lại, "hủy nhận tin" để ngừng.`,
    ].join('\n'),
    buttons: [[{ label: '🔔 Đăng ký thêm', action: 'subscribe' }], MENU_ROW],
  };
}

async function listReply(ctx: TurnContext, intro?: string): Promise<Reply> {
  const subs = await ctx.store.listSubscriptions(ctx.user);
  if (subs.length === 0) {
    return {
      text: `${intro ? `${intro}\n` : ''}Bạn chưa đăng ký nhận tin nào. Bấm nút bên dưới để đăng ký nhận tin khóa học, chính sách, hội chợ.`,
      buttons: [[{ label: '🔔 Đăng ký nhận tin', action: 'subscribe' }], MENU_ROW],
    };
  }
  // One remove button per subscription, as many as a channel shows comfortably.
  const removable = subs.slice(0, 3).map((s): Button[] => [
    { label: `❌ Bỏ ${TOPIC_LABELS[s.topic].split(',')[0]} – ${provinceName(s.provinceCode)}`, action: `unsub:${s.topic}:${s.provinceCode}` },
  ]);
  return {
    text: [intro, '🔔 Bạn đang nhận tin:', ...subs.map((s) => `• ${subscriptionLine(s)}`)].filter(Boolean).join('\n'),
    buttons: [...removable, [{ label: '🔕 Hủy tất cả', action: 'unsub' }, { label: '➕ Đăng ký thêm', action: 'subscribe' }]],
  };
}

async function unsubscribe(ctx: TurnContext, topics: Topic[], provinceCodes: string[]): Promise<Reply> {
  if (ctx.dialog?.dialog === SUBSCRIPTIONS_DIALOG) ctx.setDialog(undefined);
  const everything = topics.length === 0 && provinceCodes.length === 0;
  let removed = 0;
  if (everything) {
    removed = await ctx.store.unsubscribe(ctx.user);
  } else {
    for (const topic of topics.length ? topics : [undefined]) {
      for (const code of provinceCodes.length ? provinceCodes : [undefined]) {
        removed += await ctx.store.unsubscribe(ctx.user, topic, code === '*' ? '*' : code);
      }
    }
  }
  if (everything) {
    return menuReply(
      removed > 0
        ? '🔕 Đã hủy tất cả tin bạn đăng ký. Mình sẽ không nhắn thông báo nữa. Muốn nhận lại, gõ "đăng ký nhận tin".'
        : 'Bạn chưa đăng ký nhận tin nào, nên sẽ không nhận thông báo. Muốn nhận, gõ "đăng ký nhận tin".',
    );
  }
  const what = [
    topics.map((t) => TOPIC_LABELS[t]).join(', ') || 'mọi chủ đề',
    provinceCodes.length ? `ở ${provinceCodes.map(provinceName).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (removed === 0) return listReply(ctx, `Bạn không đăng ký nhận tin ${what}.`);
  return listReply(ctx, `🔕 Đã hủy nhận tin ${what}.`);
}

/** Province codes in an action: a known code or '*'; anything else is refused. */
function validProvince(code: string | undefined): string | undefined {
  if (code === '*') return '*';
  return code ? provinceByCode(code)?.code : undefined;
}

async function onAction(ctx: TurnContext, actionValue: string): Promise<Reply[] | undefined> {
  const { name, arg } = parseAction(actionValue);
  const [first, second] = (arg ?? '').split(':');
  switch (name) {
    case 'subscribe':
      return [askTopic(ctx, [])];
    case 'mysubs':
      return [await listReply(ctx)];
    case 'subt': {
      if (!first || !isTopic(first)) return [askTopic(ctx, [])];
      const pending = pendingOf(ctx)?.provinceCodes;
      if (pending?.length) return [await subscribe(ctx, [first], pending)];
      return [askProvince(ctx, [first])];
    }
    case 'subp': {
      // "Toàn quốc" while several topics are pending.
      const topics = (pendingOf(ctx)?.topics ?? []).filter(isTopic);
      const code = validProvince(first);
      if (!topics.length || !code) return [askTopic(ctx, [])];
      return [await subscribe(ctx, topics, [code])];
    }
    case 'sub': {
      const code = validProvince(second);
      if (!first || !isTopic(first) || !code) return [menuReply('Nút này không còn dùng được. Bạn chọn lại từ menu nhé.')];
      return [await subscribe(ctx, [first], [code])];
    }
    case 'unsub': {
      if (!first) return [await unsubscribe(ctx, [], [])];
      if (!isTopic(first)) return [await listReply(ctx)];
      const code = second === undefined ? undefined : validProvince(second);
      return [await unsubscribe(ctx, [first], code ? [code] : [])];
    }
    default:
      return undefined;
  }
}

/** What the dialog remembers between its two questions (checked when read back). */
const pendingSchema = z.object({ topics: z.array(z.string()).optional(), provinceCodes: z.array(z.string()).optional() });
const pendingOf = (ctx: TurnContext) => readDialogData(ctx.dialog, SUBSCRIPTIONS_DIALOG, pendingSchema);

async function onDialogText(ctx: TurnContext, text: string): Promise<Reply[] | undefined> {
  const data = pendingOf(ctx) ?? {};
  const wanted = read(ctx, text);
  const short = text.trim().split(/\s+/).length <= SHORT_ANSWER_WORDS;
  if (ctx.dialog!.step === 'province') {
    const topics = (data.topics ?? []).filter(isTopic);
    if (wanted.provinceCodes.length && topics.length) return [await subscribe(ctx, topics, wanted.provinceCodes, wanted.renamed)];
    if (short && topics.length && (ctx.intent === 'ask' || ctx.intent === undefined)) {
      return [
        {
          text: `Mình chưa nhận ra tỉnh "${text.trim().slice(0, 40)}". Bạn gõ lại tên tỉnh, ví dụ "Vĩnh Long" hay "Bến Tre", hoặc chọn Toàn quốc.`,
          buttons: askProvince(ctx, topics).buttons!,
        },
      ];
    }
  } else if (ctx.dialog!.step === 'topic') {
    const provinceCodes = (data.provinceCodes ?? []).filter((c) => validProvince(c));
    if (wanted.topics.length) {
      const where = wanted.provinceCodes.length ? wanted.provinceCodes : provinceCodes;
      return [where.length ? await subscribe(ctx, wanted.topics, where, wanted.renamed) : askProvince(ctx, wanted.topics)];
    }
    if (short && (ctx.intent === 'ask' || ctx.intent === undefined)) {
      return [{ text: 'Bạn chọn giúp mình một chủ đề bên dưới nhé.', buttons: topicButtons() }];
    }
  }
  // Something else entirely (a question, "menu"): leave the dialog and let the other handlers answer.
  ctx.setDialog(undefined);
  return undefined;
}

export const subscriptionsHandler: Handler = {
  name: SUBSCRIPTIONS_DIALOG,
  actions: SUBSCRIPTION_ACTIONS,
  async handle(ctx) {
    const { msg } = ctx;
    if (msg.kind === 'action' && msg.action) return onAction(ctx, msg.action);
    if (msg.kind !== 'text' || !msg.text) return undefined;

    switch (ctx.intent) {
      case 'subscribe': {
        const w = read(ctx, msg.text);
        if (!w.topics.length) return [askTopic(ctx, w.provinceCodes)];
        if (!w.provinceCodes.length) return [askProvince(ctx, w.topics)];
        return [await subscribe(ctx, w.topics, w.provinceCodes, w.renamed)];
      }
      case 'unsubscribe': {
        // "STOP", "hủy nhận tin": everything. "hủy nhận tin hội chợ (Vĩnh Long)": just that.
        const w = read(ctx, msg.text);
        return [await unsubscribe(ctx, w.topics, w.provinceCodes)];
      }
      case 'my_subscriptions':
        return [await listReply(ctx)];
      default:
        if (ctx.dialog?.dialog === SUBSCRIPTIONS_DIALOG) return onDialogText(ctx, msg.text);
        return undefined;
    }
  },
};
