/**
 * Builds the HTTP server: health, metrics and every channel's routes, each plugin in its own scope.
 * It does not listen: the caller does, so tests can drive it with inject() and no socket.
 */
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Channel } from '../channels/channel.js';
import type { AppConfig } from '../config.js';
import type { ConversationService } from '../conversation/service.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from '../store/ports.js';
import type { AnswerEngine } from '../engine/engine.js';
import { consolePlugin, type ConsoleSection } from '../console/plugin.js';
import { ChannelHealth } from './channel-health.js';
import { healthRoutes } from './health.js';
import { metricsRoutes } from './metrics-route.js';
import { lazyRequestLogger } from './request-logger.js';

export interface ServerDeps {
  config: AppConfig;
  store: Store;
  service: ConversationService;
  channels: Channel[];
  logger: Logger;
  metrics: Metrics;
  /** How long /healthz waits for the store (default 3 s). */
  healthTimeoutMs?: number;
  /** Channels' up/down state, shared with whoever starts them (default: all up). */
  channelHealth?: ChannelHealth;
  /** The officers' console's "Thử hỏi" asks it (without it the page says so). */
  engine?: AnswerEngine;
  /** Page groups added to the officers' console (nav entry and routes under /admin). */
  consoleSections?: ConsoleSection[];
  /** The console's "now" (the conversations' clock, so its dashboard's days are theirs). */
  now?: () => Date;
}

/** Webhook bodies (Telegram, Zalo) are a few kB; 256 kB is generous and still cheap to reject. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** Routes polled by machines every few seconds: logged at debug so they do not drown the real traffic. */
const QUIET_ROUTES = new Set(['/healthz', '/metrics', '/api/chat/inbox']);

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify's own request lines carry the raw URL (query strings with user ids, webhook paths with secrets);
    // the onResponse hook below logs the route pattern instead.
    logController: new LogController({ disableRequestLogging: true }),
    // req.log is made when a request first logs through it, not for every request.
    childLoggerFactory: lazyRequestLogger,
    // Behind a proxy, long-lived keep-alive sockets would otherwise hold close() up to the shutdown deadline.
    forceCloseConnections: 'idle',
    // Only behind a proxy the operator vouches for; otherwise X-Forwarded-For would let anyone pick their address.
    trustProxy: deps.config.TRUST_PROXY,
    // Typed with pino's Logger, which fastify's generics do not see as its base logger; the Channel contract
    // uses the plain FastifyInstance, so widen once here.
  }) as unknown as FastifyInstance;

  app.setErrorHandler(onError);
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send({ error: 'not_found', message: 'no such route' });
  });
  // The hooks every request runs take fastify's callback form: an async hook costs a promise and a
  // microtask turn each, on every webhook update.
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    // Through the server's logger with the request id, as req.log would write it, without making req.log.
    const quiet = QUIET_ROUTES.has(route) && reply.statusCode < 400;
    if (deps.logger.isLevelEnabled(quiet ? 'debug' : 'info')) {
      const line = { reqId: req.id, method: req.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
      if (quiet) deps.logger.debug(line, 'request');
      else deps.logger.info(line, 'request');
    }
    done();
  });

  // Behind a proxy without TRUST_PROXY every visitor has the proxy's address, so the web rate limit
  // would count them all as one: say so once, in words an operator can act on.
  let proxyWarned = deps.config.TRUST_PROXY;
  app.addHook('onRequest', (req, _reply, done) => {
    if (!proxyWarned && req.headers['x-forwarded-for'] !== undefined) {
      proxyWarned = true;
      req.log.warn('requests come through a proxy (X-Forwarded-For) but TRUST_PROXY is off: every visitor counts as the proxy for WEB_RATE_LIMIT; set TRUST_PROXY=1 if the proxy is yours');
    }
    done();
  });

  // While closing, answer in-flight requests with Connection: close; otherwise their keep-alive sockets
  // hold close() open until the keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  const channels = deps.channels;

  const token = deps.config.HEALTH_TOKEN;
  await app.register(healthRoutes, {
    store: deps.store,
    channels: deps.channelHealth ?? new ChannelHealth(channels.map((c) => c.name)),
    ...(token ? { token } : {}),
    ...(deps.healthTimeoutMs ? { timeoutMs: deps.healthTimeoutMs } : {}),
  });
  await app.register(metricsRoutes, { metrics: deps.metrics, ...(token ? { token } : {}) });
  // People type the bare address: send them to the chat.
  app.get('/', async (_req, reply) => reply.redirect('/chat', 302));
  for (const channel of channels) await channel.registerRoutes?.(app);
  await app.register(consolePlugin, { prefix: '/admin', store: deps.store, config: deps.config, ...(deps.engine ? { engine: deps.engine } : {}), ...(deps.consoleSections ? { sections: deps.consoleSections } : {}), ...(deps.now ? { now: deps.now } : {}) });

  return app;
}

/** Client errors get a short, clear message; server errors get a generic one and a log line with the stack. */
function onError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  if (status >= 500) {
    req.log.error({ err, route: req.routeOptions.url }, 'request failed');
    void reply.code(status).send({ error: 'internal', message: 'internal error' });
    return;
  }
  // Log the code only: parser messages can quote pieces of the body.
  req.log.info({ code: err.code, status, route: req.routeOptions.url }, 'request rejected');
  void reply.code(status).send({ error: errorName(status), message: clientMessage(err) });
}

function errorName(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    default:
      return 'client_error';
  }
}

function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'request body is not valid JSON';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'request body is empty';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type; send application/json';
    default:
      // A SyntaxError message quotes the body; anything else with a 4xx status was worded for the client.
      return err instanceof SyntaxError ? 'request body is not valid JSON' : err.message || 'bad request';
  }
}
