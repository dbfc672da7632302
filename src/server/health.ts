/**
 * GET /healthz for load balancers and the Docker HEALTHCHECK: 200 while the store answers, 503 when it does not.
 * Only the store decides the code: a channel API being down should not get the process restarted, so a
 * channel that could not start makes the status "degraded", still 200.
 *
 * Anyone gets the status alone; the details (store kind and location, each channel) only with the
 * operator's token (HEALTH_TOKEN), because a file path or a database host helps an attacker.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { StoreLifecycle } from '../store/ports.js';
import { hasOperatorToken } from './access-token.js';
import type { ChannelHealth } from './channel-health.js';

export interface HealthOptions {
  store: Pick<StoreLifecycle, 'health'>;
  channels: ChannelHealth;
  /** HEALTH_TOKEN: unset means nobody sees the details over HTTP. */
  token?: string;
  /** A hung database must turn into a 503, not a health probe that never answers. */
  timeoutMs?: number;
}

async function checkStore(store: HealthOptions['store'], timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([store.health(), timeout]);
  } catch {
    // The error text may carry a connection string; say only that it failed (the store logs its own errors).
    return { ok: false, detail: 'health check failed' };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, opts) => {
  const timeoutMs = opts.timeoutMs ?? 3_000;
  app.get('/healthz', async (req, reply) => {
    const store = await checkStore(opts.store, timeoutMs);
    const channels = opts.channels.report();
    const status = !store.ok ? 'error' : channels.every((c) => c.ok) ? 'ok' : 'degraded';
    void reply.code(store.ok ? 200 : 503).header('cache-control', 'no-store');
    if (!hasOperatorToken(req, opts.token)) return reply.send({ status });
    return reply.send({ status, store, channels });
  });
};
