/**
 * POST /zalo/webhook: checks Zalo's signature on the raw bytes, answers 200 at once (Zalo gives up
 * after about 2 s and then redelivers), and processes the event afterwards: de-duplicated on the
 * message id, one event at a time per user, replies sent through the ZaloSender.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConversationService } from '../../conversation/service.js';
import type { Logger } from '../../observability/logger.js';
import { logUser } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Reply } from '../../replies/model.js';
import type { UserKey } from '../../store/types.js';
import type { DedupeStore, UserStore } from '../../store/ports.js';
import { SendError } from '../channel.js';
import { mapZaloEvent, type MappedEvent } from './events.js';
import type { ZaloSender } from './sender.js';
import { verifyZaloSignature } from './signature.js';

export const WEBHOOK_PATH = '/zalo/webhook';
const DEDUPE_SCOPE = 'zalo:msg';
/** Longer than Zalo's redelivery schedule (hours), so a late retry is still recognised. */
const DEDUPE_TTL_MS = 48 * 3600_000;
const BODY_LIMIT = 256 * 1024;

export interface ZaloWebhookDeps {
  appId: string;
  oaSecretKey: string;
  store: UserStore & DedupeStore;
  service: ConversationService;
  sender: ZaloSender;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
}

export class ZaloWebhook {
  private accepting = true;
  private readonly inflight = new Set<Promise<void>>();
  /** Tail of each user's queue: a user's events are handled in arrival order, never two at once. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: ZaloWebhookDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Registers the route in its own plugin scope, so its raw-body parser does not leak into other routes. */
  register(app: FastifyInstance): Promise<void> | void {
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      // The signature covers the exact bytes: keep them as a Buffer whatever the content type says.
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
      scope.post(WEBHOOK_PATH, (req, reply) => this.receive(req, reply));
    });
  }

  /** Stops taking events (503, so Zalo redelivers to a live instance) and waits for in-flight ones. */
  async stop(): Promise<void> {
    this.accepting = false;
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async receive(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { logger, metrics } = this.deps;
    // Same metric names as the other channels, so one dashboard covers them all.
    const refused = (reason: string) => metrics.inc('nghebot_errors_total', { channel: 'zalo', kind: `webhook-${reason}` }, 1, 'Updates that failed');
    if (!this.accepting) {
      refused('stopping');
      return reply.code(503).send({ ok: false });
    }
    const raw = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0) {
      refused('bad-request');
      return reply.code(400).send({ ok: false });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      refused('bad-request');
      return reply.code(400).send({ ok: false });
    }
    const check = verifyZaloSignature({
      header: req.headers['x-zevent-signature'],
      rawBody: raw,
      timestamp: typeof body === 'object' && body !== null ? (body as Record<string, unknown>).timestamp : undefined,
      appId: this.deps.appId,
      oaSecretKey: this.deps.oaSecretKey,
      now: this.now(),
    });
    if (!check.ok) {
      refused(check.reason);
      logger.warn({ reason: check.reason }, 'zalo webhook refused');
      return reply.code(401).send({ ok: false });
    }

    const event = mapZaloEvent(body, new Date(this.now()));
    if (event.type === 'ignore') {
      metrics.inc('nghebot_zalo_events_ignored_total', { reason: event.reason }, 1, 'Zalo events acknowledged but not handled');
      logger.debug({ event: event.eventName, reason: event.reason }, 'zalo event ignored');
    } else {
      this.enqueue(event);
    }
    return reply.code(200).send({ ok: true });
  }

  private enqueue(event: Extract<MappedEvent, { type: 'incoming' }>): void {
    const userId = event.msg.userId;
    const previous = this.queues.get(userId) ?? Promise.resolve();
    const job: Promise<void> = previous
      .then(() => this.process(event))
      .catch((err: unknown) => {
        this.deps.metrics.inc('nghebot_errors_total', { channel: 'zalo', kind: 'update' }, 1, 'Updates that failed');
        this.deps.logger.error(
          { user: logUser('zalo', userId), event: event.eventName, err: errorSummary(err) },
          'zalo event processing failed',
        );
      })
      .finally(() => {
        this.inflight.delete(job);
        if (this.queues.get(userId) === job) this.queues.delete(userId);
      });
    this.queues.set(userId, job);
    this.inflight.add(job);
  }

  private async process(event: Extract<MappedEvent, { type: 'incoming' }>): Promise<void> {
    const { store, service, logger, metrics } = this.deps;
    const { msg } = event;
    const key: UserKey = { channel: 'zalo', userId: msg.userId };
    const user = logUser('zalo', msg.userId);

    if (!(await store.markProcessed(DEDUPE_SCOPE, event.dedupeKey, DEDUPE_TTL_MS))) {
      metrics.inc('nghebot_zalo_events_ignored_total', { reason: 'duplicate' }, 1, 'Zalo events acknowledged but not handled');
      logger.debug({ user, event: event.eventName }, 'zalo duplicate event skipped');
      return;
    }
    metrics.inc('nghebot_updates_in_total', { channel: 'zalo' }, 1, 'Updates received from users');
    await this.updateReachability(key, event);

    const started = this.now();
    try {
      await this.answer(event, await service.handle(msg));
    } finally {
      metrics.observeMs('nghebot_update_latency_seconds', this.now() - started, { channel: 'zalo' }, 'Time to answer an update');
    }
  }

  private async answer(event: Extract<MappedEvent, { type: 'incoming' }>, replies: Reply[]): Promise<void> {
    const { sender, logger, metrics } = this.deps;
    const { msg } = event;
    const user = logUser('zalo', msg.userId);
    // An unfollowed user cannot receive anything (Zalo answers -213).
    if (msg.kind === 'unfollow') return;

    for (const r of replies) {
      try {
        await sender.deliver(msg.userId, r, { inTurn: true });
        metrics.inc('nghebot_replies_out_total', { channel: 'zalo' }, 1, 'Replies sent to users');
      } catch (err) {
        // The rest of the turn would fail the same way; the user sees nothing more this turn.
        const e = err instanceof SendError ? { failure: err.failure, code: err.options.code } : { failure: 'bug' };
        metrics.inc('nghebot_errors_total', { channel: 'zalo', kind: `send-${e.failure}` }, 1, 'Updates that failed');
        logger.warn({ user, event: event.eventName, ...e }, 'zalo reply not delivered');
        return;
      }
    }
    logger.debug({ user, event: event.eventName, replies: replies.length }, 'zalo turn done');
  }

  /** Follow/unfollow toggle the user; any interaction reopens Zalo's window, so a recorded send error is stale. */
  private async updateReachability(key: UserKey, event: Extract<MappedEvent, { type: 'incoming' }>): Promise<void> {
    const { store } = this.deps;
    if (event.setActive !== undefined) {
      await store.setUserActive(key, event.setActive, event.setActive ? undefined : 'zalo:unfollow');
    }
    if (event.setActive === false) return;
    const existing = await store.getUser(key);
    if (existing?.lastSendError) await store.setUserSendError(key, undefined);
  }
}

/** An error for the log without its message text (which may quote user input). */
function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { type: err.name, stack: err.stack?.split('\n').slice(1, 4).join(' | ') };
  return { type: typeof err };
}
