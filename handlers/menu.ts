/**
 * Greeting, help, the main menu, thanks and contact: the bot's fixed replies.
 */
import type { Handler } from '../src/conversation/handler.js';
import { actionNames } from '../src/replies/actions.js';
import { contactAction, contactReply, greetingReply, helpAction, helpReply, menuAction, menuReply } from '../src/replies/menu.js';

export const menuHandler: Handler = {
  name: 'menu',
  actions: actionNames(menuAction, helpAction, contactAction),
  async handle(ctx) {
    const { msg, intent } = ctx;
    if (msg.kind === 'start' && !msg.payload) return [greetingReply()];
    if (msg.kind === 'action') {
      if (menuAction.decode(msg.action)) return [menuReply()];
      if (helpAction.decode(msg.action)) return [helpReply()];
      if (contactAction.decode(msg.action)) return [contactReply(ctx.config.CONTACT_TEXT)];
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
