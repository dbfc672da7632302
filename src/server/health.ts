/**
 * GET /healthz for load balancers and the Docker HEALTHCHECK: 200 while the store answers, 503 when it does not.
 * Only the store is checked: a channel API being down should not get the process restarted.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/types.js';

export interface HealthOptions {
  store: Pick<Store, 'health'>;
  channels: readonly string[];
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
  app.get('/healthz', async (_req, reply) => {
    const store = await checkStore(opts.store, timeoutMs);
    return reply
      .code(store.ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: store.ok ? 'ok' : 'error', store, channels: [...opts.channels] });
  });
};
