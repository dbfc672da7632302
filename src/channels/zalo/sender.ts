/**
 * Delivers one Reply to one Zalo user, step by step as render.ts laid it out: falls back to plain
 * messages when Zalo refuses a template, and to an apology when a file cannot be sent. Stops at
 * the first failure that later steps would hit too (user unreachable, rate limit, network).
 */
import { SendError } from '../channel.js';
import type { Logger } from '../../observability/logger.js';
import { logUser } from '../../observability/logger.js';
import type { Reply } from '../../replies/model.js';
import { ZaloRecipientError, type SendOptions, type ZaloClient } from './client.js';
import { fileMessage, renderReply, type ZaloMessage } from './render.js';

export class ZaloSender {
  constructor(
    private readonly client: ZaloClient,
    private readonly logger: Logger,
  ) {}

  /** Throws SendError when the reply could not be delivered (possibly after some of its messages). */
  async deliver(userId: string, reply: Reply, options: SendOptions): Promise<void> {
    for (const step of renderReply(reply)) {
      if (step.kind === 'message') {
        try {
          await this.client.sendMessage(userId, step.message, options);
        } catch (err) {
          if (!refusedMessage(err)) throw err;
          if (step.optional) {
            this.logger.warn({ user: logUser('zalo', userId), code: codeOf(err) }, 'zalo refused an optional template; skipped');
          } else if (step.fallback) {
            this.logger.warn({ user: logUser('zalo', userId), code: codeOf(err) }, 'zalo refused a template; sending plain fallback');
            await this.sendAll(userId, step.fallback, options);
          } else {
            throw err;
          }
        }
      } else {
        try {
          const token = await this.client.uploadFile(userId, step.file);
          await this.client.sendMessage(userId, fileMessage(token), options);
        } catch (err) {
          if (err instanceof ZaloRecipientError) throw err;
          this.logger.warn({ user: logUser('zalo', userId), code: codeOf(err) }, 'zalo file not sent; telling the user');
          await this.sendAll(userId, step.fallback, options);
        }
      }
    }
  }

  private async sendAll(userId: string, messages: ZaloMessage[], options: SendOptions): Promise<void> {
    for (const m of messages) await this.client.sendMessage(userId, m, options);
  }
}

/** Zalo refused this message itself (bad or unsupported template), so a different message may pass. */
function refusedMessage(err: unknown): boolean {
  return err instanceof SendError && err.failure === 'permanent' && !(err instanceof ZaloRecipientError);
}

function codeOf(err: unknown): string | number | undefined {
  return err instanceof SendError ? err.options.code : undefined;
}
