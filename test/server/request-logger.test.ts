/**
 * req.log made lazily: a request that logs through it writes what a pino child would (its request
 * id, redaction applied); one that does not log makes no child at all.
 */
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { lazyRequestLogger } from '../../src/server/request-logger.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('lazy request logger', () => {
  it('logs with the request id and redaction, and makes no child for a request that does not log', async () => {
    const { lines, logger } = capture();
    const child = vi.spyOn(logger, 'child');
    const app = Fastify({ loggerInstance: logger, disableRequestLogging: true, childLoggerFactory: lazyRequestLogger });
    app.get('/quiet', async () => ({ ok: true }));
    app.get('/talks', async (req) => {
      req.log.debug('below the level: nothing');
      req.log.info({ enrolment: { phone: '0912345678' }, step: 'x' }, 'talked');
      return { ok: true };
    });
    await app.ready();
    const before = child.mock.calls.length;

    await app.inject({ method: 'GET', url: '/quiet' });
    expect(child.mock.calls.length).toBe(before);

    const res = await app.inject({ method: 'GET', url: '/talks' });
    expect(res.statusCode).toBe(200);
    expect(child.mock.calls.length).toBe(before + 1);
    const talked = lines.filter((l) => l.msg === 'talked');
    expect(talked).toEqual([expect.objectContaining({ reqId: expect.any(String), enrolment: { phone: '[redacted]' }, step: 'x', level: 30 })]);
    expect(lines.some((l) => l.msg === 'below the level: nothing')).toBe(false);
    await app.close();
  });
});
