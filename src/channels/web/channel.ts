/**
 * The web chat channel: serves the chat page (GET /chat) and a small JSON API (POST /api/chat for a turn,
 * GET /api/chat/inbox for notifications). Messages sent outside a turn wait in a store-backed inbox
 * (see inbox.ts) that the page polls, because a browser cannot be pushed to.
 */
import { performance } from 'node:perf_hooks';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConversationService } from '../../conversation/service.js';
import { logUser, type Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Reply } from '../../replies/model.js';
import type { DedupeStore, SettingsStore } from '../../store/ports.js';
import { SendError, type Channel } from '../channel.js';
import { createWebHistory } from './history.js';
import { issueWebUser, readWebUser, webCookieSecret } from './identity.js';
import { createWebInbox, type WebInbox, type WebInboxOptions } from './inbox.js';
import { CHAT_PAGE_CSP, CHAT_PAGE_HTML } from './page.js';
import {
  chatRequestSchema,
  describeIssues,
  inboxQuerySchema,
  toIncoming,
  toWebReply,
  WEB_USER_ID,
  type WebReply,
} from './wire.js';

export interface WebChannelDeps {
  service: ConversationService;
  store: DedupeStore & SettingsStore;
  metrics: Metrics;
  logger: Logger;
  now?: () => Date;
  inbox?: WebInboxOptions;
  /** Signs the identity cookie; without it a secret is generated once and kept in the store. */
  cookieSecret?: string;
  /** Turns per minute from one address (POST /api/chat); 0 turns the limit off. Default 60. */
  turnsPerMinute?: number;
  /** New identities (visitors without a cookie) per hour from one address; 0 turns the limit off. Default 60. */
  newVisitorsPerHour?: number;
}

export interface WebChannel extends Channel {
  readonly name: 'web';
  registerRoutes(app: FastifyInstance): Promise<void>;
  /** Empties a user's inbox (what GET /api/chat/inbox does); exposed for tests and tools. */
  drainInbox(userId: string): Promise<WebReply[]>;
}

/** A turn is one small JSON object; 64 kB holds 10,000 Vietnamese characters (3 bytes each) and little else. */
const CHAT_BODY_LIMIT = 64 * 1024;
/** Attachments parked in the inbox live in one store row; refuse ones that would bloat it. */
const MAX_INBOX_FILE_BYTES = 512 * 1024;
const LABELS = { channel: 'web' };
/** A pasted document is not worth keeping whole in the history; the conversation reads this much too. */
const HISTORY_TEXT_CHARS = 2000;

export function createWebChannel(deps: WebChannelDeps): WebChannel {
  const { service, metrics } = deps;
  const log = deps.logger.child({ channel: 'web' });
  const now = deps.now ?? (() => new Date());
  const inbox: WebInbox = createWebInbox(deps.store, deps.inbox);
  const history = createWebHistory(deps.store);

  // In-flight turns, so stop() can wait for them after the server stops accepting.
  let inFlight = 0;
  let stopping = false;
  let onIdle: (() => void) | undefined;

  const apiHeaders = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
  const badRequest = (reply: FastifyReply, message: string) =>
    apiHeaders(reply).code(400).send({ error: 'bad_request', message });

  async function routes(app: FastifyInstance): Promise<void> {
    await app.register(fastifyCookie, { secret: await webCookieSecret(deps.store, deps.cookieSecret) });
    const turnsPerMinute = deps.turnsPerMinute ?? 60;
    // Per address, because ids cost nothing: one client rotating identities is still one address.
    await app.register(fastifyRateLimit, { global: false });
    const turnLimit = { rateLimit: turnsPerMinute > 0 ? { max: turnsPerMinute, timeWindow: 60_000 } : (false as const) };
    // A client that drops its cookie to look like someone new gets a new row of history (and, before,
    // of user data) each time: new identities per address are counted apart, over an hour.
    const newVisitorsPerHour = deps.newVisitorsPerHour ?? 60;
    const newVisitor = newVisitorsPerHour > 0 ? app.createRateLimit({ max: newVisitorsPerHour, timeWindow: 3_600_000 }) : undefined;

    app.get('/chat', async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', CHAT_PAGE_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .send(CHAT_PAGE_HTML),
    );

    app.post('/api/chat', { bodyLimit: CHAT_BODY_LIMIT, config: turnLimit }, async (req, reply) => {
      const parsed = chatRequestSchema.safeParse(req.body);
      if (!parsed.success) return badRequest(reply, describeIssues(parsed.error));
      if (stopping) {
        return apiHeaders(reply).code(503).send({ error: 'unavailable', message: 'server is restarting, try again shortly' });
      }
      // The identity comes from the signed cookie only; a userId in the body is ignored.
      let userId = readWebUser(req);
      if (!userId) {
        const count = newVisitor ? await newVisitor(req) : undefined;
        // (isAllowed means "on the allow list", not "under the limit"; isExceeded is the verdict.)
        if (count && !count.isAllowed && count.isExceeded) {
          return apiHeaders(reply).code(429).send({ error: 'too_many_requests', message: 'too many new visitors from this address, try again later' });
        }
        userId = issueWebUser(reply);
      }
      const msg = toIncoming(parsed.data, userId, now());
      const user = logUser('web', msg.userId);
      const started = performance.now();
      metrics.inc('nghebot_updates_in_total', LABELS, 1, 'Updates received from users');
      inFlight++;
      try {
        const replies = await service.handle(msg);
        metrics.inc('nghebot_replies_out_total', LABELS, replies.length, 'Replies sent to users');
        req.log.debug({ user, kind: msg.kind, replies: replies.length }, 'web turn');
        const out = replies.map(toWebReply);
        const me = msg.kind === 'text' ? msg.text?.slice(0, HISTORY_TEXT_CHARS) : msg.kind === 'action' ? parsed.data.echo : undefined;
        // The answer matters more than its copy in the history: a failed write is logged, not fatal.
        await history
          .add(userId, { ...(me ? { me } : {}), replies: out }, now())
          .catch((err: unknown) => req.log.warn({ err, user }, 'web history write failed'));
        return apiHeaders(reply).send({ replies: out });
      } catch (err) {
        metrics.inc('nghebot_errors_total', LABELS, 1, 'Updates that failed');
        req.log.error({ err, user, kind: msg.kind }, 'web turn failed');
        return apiHeaders(reply)
          .code(500)
          .send({ error: 'internal', message: 'could not answer right now, please try again' });
      } finally {
        metrics.observeMs('nghebot_update_latency_seconds', performance.now() - started, LABELS, 'Time to answer an update');
        if (--inFlight === 0) onIdle?.();
      }
    });

    // The recent conversation, so a reload shows it again. Without a valid cookie: nobody's.
    app.get('/api/chat/history', async (req, reply) => {
      const userId = readWebUser(req);
      if (!userId) return apiHeaders(reply).send({ turns: [] });
      try {
        const turns = await history.recent(userId, now());
        return apiHeaders(reply).send({ turns: turns.map(({ me, replies }) => ({ ...(me ? { me } : {}), replies })) });
      } catch (err) {
        req.log.warn({ err, user: logUser('web', userId) }, 'web history read failed');
        return apiHeaders(reply).send({ turns: [] }); // a blank page is the old behaviour, not an error
      }
    });

    app.get('/api/chat/inbox', async (req, reply) => {
      const parsed = inboxQuerySchema.safeParse(req.query);
      if (!parsed.success) return badRequest(reply, describeIssues(parsed.error));
      // No valid cookie: nobody's inbox (a userId in the query names no one).
      const userId = readWebUser(req);
      if (!userId) return apiHeaders(reply).send({ replies: [] });
      try {
        // What the page has shown joins the conversation history, so a reload shows it too.
        const waiting = await inbox.read(userId, parsed.data.ack, now(), (shown) =>
          history.add(userId, { replies: shown }, now()).catch((err: unknown) => req.log.warn({ err }, 'web history write failed')),
        );
        const last = waiting.at(-1)?.seq;
        return apiHeaders(reply).send({ replies: waiting.map((m) => m.reply), ...(last ? { last } : {}) });
      } catch (err) {
        // The page polls again in 15 s; a busy or failing store must not surface as an error page.
        req.log.warn({ err, user: logUser('web', userId) }, 'web inbox drain failed');
        return apiHeaders(reply).code(503).send({ error: 'unavailable', message: 'inbox unavailable, try again shortly' });
      }
    });
  }

  return {
    name: 'web',

    async registerRoutes(app) {
      // Own plugin scope: the body limit, routes and any hooks stay inside the web channel.
      await app.register(routes);
    },

    async start() {
      stopping = false;
    },

    async stop() {
      stopping = true;
      if (inFlight > 0) await new Promise<void>((resolve) => (onIdle = resolve));
      onIdle = undefined;
    },

    async send(userId: string, reply: Reply) {
      if (!WEB_USER_ID.test(userId)) throw new SendError('not a web chat user id', 'permanent');
      if (reply.file && reply.file.data.length > MAX_INBOX_FILE_BYTES) {
        throw new SendError(`file larger than ${MAX_INBOX_FILE_BYTES} bytes cannot wait in the web inbox`, 'permanent');
      }
      try {
        await inbox.push(userId, toWebReply(reply), now());
      } catch (err) {
        metrics.inc('nghebot_errors_total', LABELS, 1, 'Updates that failed');
        log.warn({ err, user: logUser('web', userId) }, 'web inbox push failed');
        // Nothing was written (the write is the last step), so the outbox may safely retry.
        throw new SendError('web inbox unavailable', 'transient');
      }
      metrics.inc('nghebot_replies_out_total', LABELS, 1, 'Replies sent to users');
    },

    drainInbox: (userId) => inbox.drain(userId, now()),
  };
}
