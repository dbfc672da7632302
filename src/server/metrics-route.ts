/** GET /metrics: the Prometheus text exposition of the in-process registry. */
import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../observability/metrics.js';

export interface MetricsRouteOptions {
  metrics: Pick<Metrics, 'render'>;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (app, opts) => {
  app.get('/metrics', async (_req, reply) =>
    reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(opts.metrics.render()),
  );
};
