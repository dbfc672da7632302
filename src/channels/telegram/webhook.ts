/**
 * POST /telegram/webhook. The secret header is checked in onRequest, before the body is even
 * read, so a forged request costs nothing and changes nothing. The answer tells Telegram what to
 * do next: 200 done (or a duplicate), 503 try again later (store down, shutting down), 401 not you,
 * 404 this instance does not use webhooks.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Update } from 'grammy/types';

export const WEBHOOK_PATH = '/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookRouteOptions {
  /** The configured secret; undefined when webhooks are off (the route then answers 404). */
  secret: string | undefined;
  /** Whether the channel takes updates right now (false before start() and after stop()). */
  accepting(): boolean;
  /** Handles one update; throws when it must be retried. */
  process(update: Update): Promise<unknown>;
  /** Called with a failure reason; logging stays with the caller. */
  onRejected?(reason: 'unauthorized' | 'bad-update' | 'unavailable' | 'retry'): void;
}

function sameSecret(given: unknown, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  // timingSafeEqual needs equal lengths; comparing the secret with itself keeps the time independent of the guess.
  return a.length === expected.length ? timingSafeEqual(a, expected) : (timingSafeEqual(expected, expected), false);
}

function isUpdate(body: unknown): body is Update {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const id = (body as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}

export function registerWebhookRoute(app: FastifyInstance, options: WebhookRouteOptions): void {
  const secret = options.secret === undefined ? undefined : Buffer.from(options.secret);
  app.post(
    WEBHOOK_PATH,
    {
      // Updates are a few KB; refuse anything big before buffering it.
      bodyLimit: 256 * 1024,
      // Callback form: an async hook costs a promise and a microtask turn on every update.
      onRequest: (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
        if (secret === undefined) {
          void reply.code(404).send({ ok: false, error: 'telegram webhook is not enabled' });
          return;
        }
        if (!sameSecret(request.headers[SECRET_HEADER], secret)) {
          options.onRejected?.('unauthorized');
          void reply.code(401).send({ ok: false, error: 'unauthorized' });
          return;
        }
        done();
      },
    },
    async (request, reply) => {
      if (!options.accepting()) {
        options.onRejected?.('unavailable');
        return reply.code(503).header('retry-after', '5').send({ ok: false, error: 'not accepting updates' });
      }
      const body = request.body;
      if (!isUpdate(body)) {
        // Telegram never sends this; a 200 would hide a bug, a 5xx would make it retry forever.
        options.onRejected?.('bad-update');
        return reply.code(400).send({ ok: false, error: 'not a Telegram update' });
      }
      try {
        await options.process(body);
      } catch {
        options.onRejected?.('retry');
        return reply.code(503).header('retry-after', '5').send({ ok: false, error: 'try again later' });
      }
      return reply.code(200).send({ ok: true });
    },
  );
}
