/**
 * Greeting, help, the main menu, thanks and contact: the bot's fixed replies.
 */
import type { Handler } from '../src/conversation/handler.js';
import { contactReply, greetingReply, helpReply, menuReply } from '../src/replies/menu.js';

export const menuHandler: Handler = {
  name: 'menu',
  actions: ['menu', 'help', 'contact'],
  async handle(ctx) {
    const { msg, intent } = ctx;
    if (msg.kind === 'start' && !msg.payload) return [greetingReply()];
    if (msg.kind === 'action') {
      if (msg.action === 'menu') return [menuReply()];
      if (msg.action === 'help') return [helpReply()];
      if (msg.action === 'contact') return [contactReply(ctx.config.CONTACT_TEXT)];
      return undefined;
    }
    if (msg.kind !== 'text') return undefined;
    switch (intent) {
      case 'greeting':
        return [greetingReply()];
      case 'help':
        return [helpReply()];
      case 'menu':
        return [menuReply()];
      case 'thanks':
        return [menuReply('Dạ không có gì ạ! Bạn cần gì thêm cứ nhắn mình nhé. 😊')];
      default:
        return undefined;
    }
  },
};
