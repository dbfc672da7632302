/**
 * GET /metrics: the Prometheus text exposition of the in-process registry. With HEALTH_TOKEN set it
 * needs that token too (counters per channel and handler describe the deployment); without it, open.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import { hasOperatorToken } from './access-token.js';

export interface MetricsRouteOptions {
  metrics: Pick<Metrics, 'render'>;
  token?: string;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (app, opts) => {
  app.get('/metrics', async (req, reply) => {
    if (opts.token && !hasOperatorToken(req, opts.token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'send Authorization: Bearer <HEALTH_TOKEN>' });
    }
    return reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(opts.metrics.render());
  });
};
