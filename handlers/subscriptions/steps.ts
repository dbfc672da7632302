/**
 * The subscription dialog as a table of steps: "which topic?" and "which province?", one function
 * each for a typed answer. A step answers with a reply, or undefined when the message is something
 * else (a question, "menu"): the dialog is then left and the other handlers answer it.
 */
import type { TurnContext } from '../../src/conversation/handler.js';
import { shortAnswer } from '../../src/conversation/answers.js';
import { analysisOf } from '../../src/conversation/understanding.js';
import { subscribeProvinceAction, subscribeToAction, subscribeTopicAction } from '../../src/broadcast/actions.js';
import { provinceName } from '../../src/broadcast/audience.js';
import { detectTopics, TOPIC_EMOJI, TOPIC_LABELS } from '../../src/broadcast/topics.js';
import { button, buttonRows } from '../../src/replies/actions.js';
import { menuReply, MENU_ROW } from '../../src/replies/menu.js';
import type { Button, Reply } from '../../src/replies/model.js';
import type { Topic } from '../../src/store/types.js';
import { detectProvinces, resolveProvinceName } from '../../src/text/provinces.js';
import { subscribe, type Renamed } from './changes.js';
import { subscriptionsDialog } from './state.js';

/** "toàn quốc", "cả nước", "tất cả các tỉnh": every province. */
const NATIONWIDE = /\b(?:toan quoc|ca nuoc|moi tinh|tat ca(?: cac)? tinh|khap noi|dau cung duoc)\b/;
/** A reply longer than this in the province step is probably a new question, not a place name. */
const SHORT_ANSWER_WORDS = 5;

export interface Wanted {
  topics: Topic[];
  provinceCodes: string[];
  renamed: Renamed;
}

/** Topics and provinces named in a message; `*` when the user said "toàn quốc". */
export function readWanted(ctx: TurnContext, text: string): Wanted {
  const analysis = analysisOf(ctx, text);
  const topics = detectTopics(analysis.folded);
  const mentions = detectProvinces(analysis.tokens);
  const provinceCodes = [...new Set(mentions.map((m) => m.province.code))];
  const renamed = mentions.filter((m) => m.matchedFormer).map((m) => ({ former: m.matchedFormer!, code: m.province.code }));
  if (provinceCodes.length === 0) {
    // A bare place name typed in answer to "tỉnh nào?": exact lookup, prefixes and all.
    const p = resolveProvinceName(text);
    if (p) provinceCodes.push(p.code);
  }
  if (provinceCodes.length === 0 && NATIONWIDE.test(analysis.folded)) provinceCodes.push('*');
  return { topics, provinceCodes, renamed };
}

const topicButton = (topic: Topic, label: string) => button(`${TOPIC_EMOJI[topic]} ${label}`, subscribeTopicAction, topic);

const topicButtons = (): Button[][] =>
  buttonRows(
    [topicButton('course', 'Đào tạo nghề'), topicButton('fair', 'Hội chợ')],
    [topicButton('policy', 'Chính sách'), topicButton('plan', 'Kế hoạch, tin tức')],
    MENU_ROW,
  );

export function askTopic(ctx: TurnContext, provinceCodes: string[]): Reply {
  subscriptionsDialog.set(ctx, 'topic', { provinceCodes });
  const where = provinceCodes.length ? ` ở ${provinceCodes.map(provinceName).join(', ')}` : '';
  return { text: `Bạn muốn nhận tin về gì${where}? Chọn một mục bên dưới nhé.`, buttons: topicButtons() };
}

export function askProvince(ctx: TurnContext, topics: Topic[]): Reply {
  subscriptionsDialog.set(ctx, 'province', { topics });
  const labels = topics.map((t) => TOPIC_LABELS[t]).join(', ');
  // One topic: the button subscribes directly; several: the dialog remembers them.
  const nationwide =
    topics.length === 1 ? button('🇻🇳 Toàn quốc', subscribeToAction, { topic: topics[0]!, provinceCode: '*' }) : button('🇻🇳 Toàn quốc', subscribeProvinceAction, '*');
  return {
    text: `Bạn muốn nhận tin ${labels} ở tỉnh, thành nào? Gõ tên tỉnh (tên cũ như "Bến Tre", "Kiên Giang" cũng được), hoặc chọn Toàn quốc.`,
    buttons: buttonRows([nationwide], MENU_ROW),
  };
}

/** One typed message inside the dialog, as a step sees it. */
export interface SubscriptionTurn {
  ctx: TurnContext;
  text: string;
  /** What the dialog remembers (checked when read back). */
  topics: Topic[];
  provinceCodes: string[];
  wanted: Wanted;
  /** A few words that are not a new request: an answer this step did not understand. */
  unclear: boolean;
}

export const SUBSCRIPTION_STEPS: Record<'topic' | 'province', (turn: SubscriptionTurn) => Promise<Reply | undefined> | Reply | undefined> = {
  province(t) {
    if (t.wanted.provinceCodes.length && t.topics.length) return subscribe(t.ctx, t.topics, t.wanted.provinceCodes, t.wanted.renamed);
    if (t.unclear && t.topics.length) {
      return {
        text: `Mình chưa nhận ra tỉnh "${t.text.trim().slice(0, 40)}". Bạn gõ lại tên tỉnh, ví dụ "Vĩnh Long" hay "Bến Tre", hoặc chọn Toàn quốc.`,
        buttons: askProvince(t.ctx, t.topics).buttons!,
      };
    }
    return undefined;
  },

  topic(t) {
    if (t.wanted.topics.length) {
      const where = t.wanted.provinceCodes.length ? t.wanted.provinceCodes : t.provinceCodes;
      return where.length ? subscribe(t.ctx, t.wanted.topics, where, t.wanted.renamed) : askProvince(t.ctx, t.wanted.topics);
    }
    if (t.unclear) return { text: 'Bạn chọn giúp mình một chủ đề bên dưới nhé.', buttons: topicButtons() };
    return undefined;
  },
};

/** A typed message while the dialog is open; undefined leaves the dialog for the other handlers. */
export async function continueSubscriptionDialog(ctx: TurnContext, text: string): Promise<Reply[] | undefined> {
  const open = subscriptionsDialog.open(ctx.dialog);
  const plain = ctx.intent === 'ask' || ctx.intent === undefined;
  if (open && plain && shortAnswer(text) === 'cancel') {
    subscriptionsDialog.close(ctx);
    return [menuReply('Dạ, mình dừng việc đăng ký nhận tin. Bạn cần gì cứ chọn bên dưới nhé.')];
  }
  const reply = open
    ? await SUBSCRIPTION_STEPS[open.step]({
        ctx,
        text,
        topics: open.data.topics ?? [],
        provinceCodes: open.data.provinceCodes ?? [],
        wanted: readWanted(ctx, text),
        unclear: plain && text.trim().split(/\s+/).length <= SHORT_ANSWER_WORDS,
      })
    : undefined;
  if (reply) return [reply];
  // Something else entirely (a question, "menu"), or a state that no longer reads back.
  ctx.setDialog(undefined);
  return undefined;
}
