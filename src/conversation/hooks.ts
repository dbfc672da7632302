/**
 * Steps the router runs around the handlers for every turn (the hand-off gate): one before, which
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
