/**
 * Steps the router runs around the handlers for every turn (the hand-off gate, the question count):
 * one before, which
 * may end the turn with its own replies (while a person handles the user, the bot stays quiet), and
 * one after, which sees what the handlers answered.
 */
import type { Reply } from '../replies/model.js';
import type { TurnContext } from './handler.js';

export interface TurnHooks {
  /** Replies to end the turn with, or undefined to let the handlers run. */
  before(ctx: TurnContext): Promise<Reply[] | undefined>;
  /** The replies that go out, given those of the handler that answered (`handledBy`, 'none' if none). */
  after(ctx: TurnContext, handledBy: string, replies: Reply[]): Promise<Reply[]>;
}

/** Several hooks as one: `before` in order until one ends the turn, `after` in order on the replies. */
export function composeHooks(...hooks: TurnHooks[]): TurnHooks {
  return {
    async before(ctx) {
      for (const hook of hooks) {
        const replies = await hook.before(ctx);
        if (replies) return replies;
      }
      return undefined;
    },
    async after(ctx, handledBy, replies) {
      let out = replies;
      for (const hook of hooks) out = await hook.after(ctx, handledBy, out);
      return out;
    },
  };
}
