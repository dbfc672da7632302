/**
 * The hand-off gate, run by the router around the handlers (TurnHooks):
 * - before: while a person handles the user's ticket, the user's messages go to the officers and
 *   the bot stays quiet; commands ("menu", "hủy", buttons, an open form) still work. A ticket idle
 *   longer than HANDOFF_TIMEOUT_MINUTES is closed and the bot answers again, saying so.
 * - after: questions without a confident answer are recorded (src/unanswered), every question
 *   searched is counted for the day (src/question-stats), and after two fallbacks in a row the bot
 *   offers a person.
 */
import type { TurnContext } from '../conversation/handler.js';
import type { TurnHooks } from '../conversation/hooks.js';
import { analysisOf } from '../conversation/understanding.js';
import type { Intent } from '../engine/intents.js';
import type { Logger } from '../observability/logger.js';
import { itemAction } from '../content/actions.js';
import type { Reply } from '../replies/model.js';
import { UnansweredRecorder } from '../unanswered/recorder.js';
import { endsHandoff } from './phrases.js';
import { RecentTurns } from './recent.js';
import { botBackReply, offerReply } from './replies.js';
import { HandoffService } from './service.js';
import { menuReply } from '../replies/menu.js';

/** Intents that are commands to the bot, not words for the officer. */
const COMMANDS: ReadonlySet<Intent> = new Set(['menu', 'help', 'enroll', 'cancel_enrollment', 'subscribe', 'unsubscribe', 'my_enrollments', 'my_subscriptions', 'erase_data', 'officer']);
/** Fallbacks in a row after which a person is offered. */
const OFFER_AFTER = 2;

export interface GateDeps {
  logger: Pick<Logger, 'warn'>;
}

export function createHandoffGate(deps: GateDeps): TurnHooks {
  const recent = new RecentTurns();
  let recorder: UnansweredRecorder | undefined;
  /** Notices to put before this turn's replies (the bot taking over after a timeout). */
  const notices = new WeakMap<TurnContext, Reply>();

  // The router's reading of the message, not a new one.
  const folded = (ctx: TurnContext) => analysisOf(ctx, ctx.msg.text ?? '').folded;

  return {
    async before(ctx) {
      ctx.recent = recent.texts(ctx.user);
      recorder ??= new UnansweredRecorder(ctx.store.unanswered, ctx.engine);
      const { msg } = ctx;
      await recorder.nextTurn(ctx.user, msg.kind === 'action' ? itemAction.decode(msg.action) : undefined);

      const ticket = await ctx.store.tickets.openTicketOf(ctx.user);
      if (!ticket) return undefined;
      const handoff = new HandoffService(ctx);
      if (handoff.expired(ticket, ctx.now)) {
        await handoff.close(ticket, 'timeout', ctx.now);
        notices.set(ctx, botBackReply('timeout'));
        return undefined;
      }
      // Buttons, /start, an open form and commands keep working while a person handles the ticket.
      if (msg.kind !== 'text' || msg.text === undefined || ctx.dialog || (ctx.intent && COMMANDS.has(ctx.intent))) return undefined;
      if (endsHandoff(folded(ctx))) {
        await handoff.close(ticket, 'user', ctx.now);
        return [menuReply(botBackReply('user').text)];
      }
      await handoff.userMessage(ticket, msg.text, ctx.now);
      recent.addText(ctx.user, msg.text, ctx.now);
      return [];
    },

    async after(ctx, handledBy, replies) {
      const { msg, user, answer } = ctx;
      let out = replies;
      if (msg.kind === 'text' && msg.text) {
        recent.addText(user, msg.text, ctx.now);
        const asked = handledBy === 'ask' && answer !== undefined;
        // The terminal is where officers try questions out; what they type is not what people ask.
        if (asked && user.channel !== 'cli' && UnansweredRecorder.unanswered(answer)) {
          try {
            await recorder!.record(user, msg.text, answer, ctx.now);
          } catch (err) {
            // Never costs the user their answer; the question is only lost to the officers' list.
            deps.logger.warn({ err: (err as Error).message }, 'unanswered: could not record a question');
          }
        }
        const fellBack = asked && answer.results.length === 0 && answer.suggestions.length === 0 && answer.intent !== 'contact';
        if (recent.fallback(user, fellBack) >= OFFER_AFTER) {
          recent.fallback(user, false);
          // Offered only where someone would answer (the province is not known yet: any officer).
          if (user.channel !== 'cli' && (await new HandoffService(ctx).anyOfficerFor(undefined))) out = [...out, offerReply()];
        }
      }
      const notice = notices.get(ctx);
      return notice ? [notice, ...out] : out;
    },
  };
}
