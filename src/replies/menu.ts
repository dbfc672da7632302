/**
 * The main menu, greeting, help and fallback replies: the fixed texts of the bot.
 */
import { subscribeAction } from '../broadcast/actions.js';
import { browseAction } from '../content/actions.js';
import { askPersonButton } from '../handoff/replies.js';
import { button, buttonRows, fixedButton, simpleAction } from './actions.js';
import type { Button, Reply } from './model.js';
import type { PublicService } from '../text/public-services.js';

/** The menu handler's actions: the main menu, the help text, the contact reply. */
export const menuAction = simpleAction('menu');
export const helpAction = simpleAction('help');
export const contactAction = simpleAction('contact');

/** "🏠 Menu chính", the last row under most replies. */
export const MENU_ROW: Button[] = [fixedButton('🏠 Menu chính', menuAction)];

/** "🎓 Khóa học nghề": the courses open for registration. */
export const coursesButton = (): Button => button('🎓 Khóa học nghề', browseAction, { kind: 'course' })!;

export const MAIN_MENU: Button[][] = buttonRows(
  [coursesButton(), button('📜 Chính sách hỗ trợ', browseAction, { kind: 'policy' })],
  [button('🏪 Hội chợ', browseAction, { kind: 'fair' }), fixedButton('🔔 Đăng ký nhận tin', subscribeAction)],
  [fixedButton('☎️ Liên hệ', contactAction)],
);

export function menuReply(text = 'Bạn cần tìm gì? Chọn một mục bên dưới hoặc gõ câu hỏi, ví dụ: "có lớp học hàn không?"'): Reply {
  return { text, buttons: MAIN_MENU };
}

export function greetingReply(): Reply {
  return menuReply(
    'Xin chào! Mình là Nghề Bot 👋\nMình giúp bà con tìm khóa học nghề, chính sách hỗ trợ, hội chợ và đăng ký học ngay trong khung chat.\n' +
      'Bạn cứ gõ câu hỏi, có dấu hay không dấu đều được.',
  );
}

export function helpReply(): Reply {
  return menuReply(
    'Bạn có thể hỏi, ví dụ:\n' +
      '• "có lớp học hàn ở Vĩnh Long không"\n' +
      '• "hỗ trợ vay vốn cho lao động nông thôn"\n' +
      '• "hội chợ sắp tới ở An Giang"\n' +
      '• "đăng ký học may"\n' +
      '• "đăng ký nhận tin hội chợ Vĩnh Long", "hủy nhận tin"\n' +
      '• "lớp đã đăng ký", "xóa thông tin của tôi"',
  );
}

export function contactReply(contactText: string, extra?: string): Reply {
  // The promise is kept by the hand-off: the button opens a ticket that officers answer in this chat.
  const reply = menuReply(
    [extra, `☎️ ${contactText}`, 'Bạn có thể bấm "Gặp cán bộ" để nhắn trực tiếp cho cán bộ, cán bộ sẽ trả lời ngay tại đây. Hoặc gõ câu hỏi, mình tìm thông tin giúp bạn.']
      .filter(Boolean)
      .join('\n'),
  );
  // In place of the menu's own "Liên hệ" (this is it), so Zalo still shows every button in one message.
  const menu = (reply.buttons ?? []).map((row) => row.filter((b) => !contactAction.decode(b.action))).filter((row) => row.length > 0);
  return { ...reply, buttons: [[askPersonButton()], ...menu] };
}

/** When nothing in the content answers the question: say so, offer the menu and a contact. */
export function fallbackReply(contactText: string): Reply {
  return {
    text:
      'Xin lỗi, mình chưa tìm thấy thông tin phù hợp với câu hỏi này. 🙏\n' +
      'Bạn thử hỏi ngắn gọn hơn (ví dụ "lớp học may", "vay vốn") hoặc chọn mục bên dưới.\n' +
      `☎️ ${contactText}`,
    buttons: MAIN_MENU,
  };
}

/**
 * A public service the bot does not handle (căn cước, sổ đỏ…): who does, then what the bot is for,
 * with the menu and the contact as in the fallback.
 */
export function publicServiceReply(service: Pick<PublicService, 'topic' | 'office'>, contactText: string): Reply {
  return {
    text:
      `Chuyện ${service.topic} không thuộc phần mình hỗ trợ. Bạn hỏi ${service.office} nhé.\n` +
      'Mình trả lời về lớp học nghề, chính sách hỗ trợ, làng nghề và hội chợ.\n' +
      `☎️ ${contactText}`,
    buttons: MAIN_MENU,
  };
}

/** A button from a step that is already over (the form was sent or cancelled, the list is old). */
export function staleButtonReply(): Reply {
  return menuReply('Bước này đã xong hoặc đã hết hạn nên nút này không dùng được nữa. Bạn chọn lại từ menu bên dưới nhé.');
}

export function refuseReply(): Reply {
  return menuReply('Mình chưa đọc được tin nhắn này. Bạn gõ câu hỏi bằng chữ giúp mình nhé.');
}
