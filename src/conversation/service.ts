/**
 * The single entry point channels call: one incoming message in, the replies out.
 * (Implementation filled in by the conversation router.)
 */
import type { Reply } from '../replies/model.js';
import type { IncomingMessage } from './incoming.js';

export interface ConversationService {
  handle(msg: IncomingMessage): Promise<Reply[]>;
}
