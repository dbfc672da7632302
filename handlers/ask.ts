/**
 * Free-text questions: the engine's best items, one in full when it stands out, else a short list;
 * the office to ask when it is a public service the content does not cover; the fallback (menu and
 * contact) when nothing is confidently relevant.
 */
import { leadsClearly } from '../src/engine/clear-lead.js';
import type { Handler } from '../src/conversation/handler.js';
import { contactReply, fallbackReply, publicServiceReply } from '../src/replies/menu.js';
import { itemDetails, listReply } from '../src/replies/format.js';
import type { Reply } from '../src/replies/model.js';
import type { StoredItem } from '../src/content/model.js';
import { detectProvinces, provinceByCode } from '../src/text/provinces.js';
import { tokenize } from '../src/text/fold.js';
import { showItem } from './item.js';
import { answerMessage } from '../src/conversation/understanding.js';

/** The province as the user named it: "Quảng Bình (nay là Quảng Trị)" when they used a former name. */
function placeName(code: string, text: string): string | undefined {
  const province = provinceByCode(code);
  if (!province) return undefined;
  const former = detectProvinces(tokenize(text)).find((m) => m.province.code === code)?.matchedFormer;
  return former ? `${former} (nay là ${province.name})` : province.name;
}

/** "Chưa có lớp nào ở Hà Nội như bạn hỏi; có ở nơi khác:", naming the kind when all items share it. */
function elsewhereNote(place: string, items: StoredItem[]): string {
  const kinds = new Set(items.map((i) => i.kind));
  const what = kinds.size === 1 && kinds.has('course') ? 'lớp' : kinds.size === 1 && kinds.has('fair') ? 'hội chợ' : 'mục';
  return `Chưa có ${what} nào ở ${place} như bạn hỏi. Có ở nơi khác:`;
}

export const askHandler: Handler = {
  name: 'ask',
  async handle(ctx) {
    if (ctx.msg.kind !== 'text' || !ctx.msg.text) return undefined;
    const answer = await answerMessage(ctx);
    ctx.answer = answer;
    // "làm lại căn cước": not ours to answer, whatever words the content shares; who handles it.
    if (answer.service) return [publicServiceReply(answer.service, ctx.config.CONTACT_TEXT)];
    const items = await ctx.engine.items(answer.results);
    if (answer.intent === 'contact') {
      // "số điện thoại lớp hàn": the contact of that item if one was named, else the hotline.
      const withContact = items.find((i) => i.contact);
      if (withContact) return [contactReply(ctx.config.CONTACT_TEXT, `${withContact.title}\n${itemDetails(withContact).filter((l) => l.startsWith('☎️')).join('\n')}`)];
      return [contactReply(ctx.config.CONTACT_TEXT)];
    }
    // Asked for a province that has nothing on it: say so before showing what exists elsewhere.
    const place = answer.elsewhere ? placeName(answer.elsewhere, ctx.msg.text) : undefined;
    if (items.length === 0) {
      const near = await ctx.engine.items(answer.suggestions);
      if (near.length === 0) return [fallbackReply(ctx.config.CONTACT_TEXT)];
      return [listReply(place ? elsewhereNote(place, near) : 'Mình chưa chắc hiểu đúng ý bạn. Có phải bạn hỏi một trong các mục này?', near)];
    }
    if (place) return [listReply(elsewhereNote(place, items), items.slice(0, 3))];
    const replies: Reply[] = [];
    if (items.length === 1 || (answer.results.length > 1 && leadsClearly(answer.results))) {
      const main = showItem(items[0]!, ctx.today);
      if (items.length === 1) return [main];
      // The list below ends with the menu button; one "Menu chính" per answer is enough.
      replies.push(
        { ...main, buttons: (main.buttons ?? []).filter((row) => !row.some((b) => b.action === 'menu')) },
        listReply('Có thể bạn cũng quan tâm:', items.slice(1, 4)),
      );
      return replies;
    }
    return [listReply(`Mình tìm thấy ${items.length} mục phù hợp, bạn chọn để xem chi tiết:`, items)];
  },
};
