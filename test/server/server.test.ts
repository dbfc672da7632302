/**
 * The HTTP server through inject(): health, metrics, the bare address and the web chat API's turns,
 * with a scripted conversation service and the real embedded store (inbox, history and identity:
 * web-session.test.ts).
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebChannel, type WebChannel } from '../../src/channels/web/channel.js';
import { Metrics } from '../../src/observability/metrics.js';
import { buildServer } from '../../src/server/app.js';
import { ChannelHealth } from '../../src/server/channel-health.js';
import type { Store } from '../../src/store/ports.js';
import { buildWebServer, captureLogger, openWebServer, scriptedService, testConfig, webBrowser, webVisitor } from './helpers.js';

const TOKEN_M = 'metrics-token-0123456789';

describe('server', () => {
  let app: FastifyInstance;
  let store: Store;
  let web: WebChannel;
  let metrics: Metrics;
  let service: ReturnType<typeof scriptedService>;
  let logs: () => string;

  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ app, store, web, metrics, service, close, logs } = await openWebServer());
  });

  afterEach(() => close());

  const browser = (server: FastifyInstance = app) => webBrowser(server);
  const visitor = (server: FastifyInstance = app) => webVisitor(server, service);
  const chat = (payload: unknown) => app.inject({ method: 'POST', url: '/api/chat', payload: payload as object });

  describe('GET /healthz', () => {
    const TOKEN = 'operator-token-0123456789';
    const withToken = (server: FastifyInstance, token = TOKEN) =>
      server.inject({ url: '/healthz', headers: { authorization: `Bearer ${token}` } });

    it('tells anonymous callers the status only: no file path, no channel list', async () => {
      const res = await app.inject('/healthz');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
      expect(res.body).not.toMatch(/sqlite|nghebot\.db|\//);
    });

    it('gives the store detail and channel states to a caller with HEALTH_TOKEN, not with a wrong one', async () => {
      const { logger } = captureLogger();
      const guarded = await buildServer({ config: { ...testConfig(), HEALTH_TOKEN: TOKEN }, store, service, channels: [web], logger, metrics });
      const res = await withToken(guarded);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', store: { ok: true }, channels: [{ name: 'web', ok: true }] });
      expect(res.json().store.detail).toMatch(/sqlite/);
      expect((await withToken(guarded, 'wrong-token-0123456789')).json()).toEqual({ status: 'ok' });
      await guarded.close();
    });

    it('reports a channel that could not start as down: status degraded, still 200', async () => {
      const { logger } = captureLogger();
      const channelHealth = new ChannelHealth(['web', 'telegram']);
      channelHealth.markDown('telegram', 'could not start');
      const config = { ...testConfig(), HEALTH_TOKEN: TOKEN };
      const other = await buildServer({ config, store, service, channels: [web], logger, metrics, channelHealth });
      expect((await other.inject('/healthz')).json()).toEqual({ status: 'degraded' });
      expect((await withToken(other)).json().channels).toEqual([
        { name: 'web', ok: true },
        { name: 'telegram', ok: false, detail: 'could not start' },
      ]);
      await other.close();
    });

    it('is 503 when the store is not ok', async () => {
      await store.close();
      const res = await app.inject('/healthz');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'error' });
    });

    it('is 503, without the error text, when health() throws or hangs', async () => {
      const { logger } = captureLogger();
      const failing = {
        health: async () => {
          throw new Error('mongodb://user:secret@host refused');
        },
      } as unknown as Store;
      const hanging = { health: () => new Promise(() => undefined) } as unknown as Store;
      // The configured cookie secret spares the web channel a store read at start.
      const config = { ...testConfig(), HEALTH_TOKEN: TOKEN, WEB_COOKIE_SECRET: 'x'.repeat(32) };
      for (const s of [failing, hanging]) {
        const other = await buildWebServer({ config, store: s, service, logger, metrics, healthTimeoutMs: 200 });
        // The web channel reports up whatever the store does: the chat page needs no store to load.
        const started = Date.now();
        const res = await withToken(other);
        expect(res.statusCode).toBe(503);
        expect(res.body).not.toMatch(/secret/);
        expect(res.json().channels).toEqual([{ name: 'web', ok: true }]);
        expect(Date.now() - started).toBeLessThan(2_000);
        await other.close();
      }
    });
  });

  describe('GET /metrics', () => {
    it('renders Prometheus text with the web counters after a chat', async () => {
      const b = browser();
      await b.chat({ start: true });
      await b.chat({ text: 'học hàn' });
      await b.chat({ action: 'boom' });
      const res = await app.inject('/metrics');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain('nghebot_updates_in_total{channel="web"} 3');
      expect(res.body).toContain('nghebot_replies_out_total{channel="web"} 2');
      expect(res.body).toContain('nghebot_errors_total{channel="web"} 1');
      expect(res.body).toContain('nghebot_update_latency_seconds_count{channel="web"} 3');
    });

    it('needs HEALTH_TOKEN when one is set', async () => {
      const { logger } = captureLogger();
      const guarded = await buildServer({ config: { ...testConfig(), HEALTH_TOKEN: TOKEN_M }, store, service, channels: [web], logger, metrics });
      expect((await guarded.inject('/metrics')).statusCode).toBe(401);
      const ok = await guarded.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN_M}` } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      await guarded.close();
    });
  });

  it('sends the bare address to the chat page', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/chat');
  });

  describe('POST /api/chat', () => {
    it('answers start with the greeting and its buttons, passing the deep-link payload', async () => {
      const res = await chat({ start: true, payload: 'course-keo-dua' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const { replies } = res.json();
      expect(replies).toHaveLength(1);
      expect(replies[0].text).toContain('Xin chào');
      expect(replies[0].buttons[0][0]).toEqual({ label: 'Khoá học nghề', action: 'menu:courses' });
      expect(service.seen[0]).toMatchObject({ channel: 'web', kind: 'start', payload: 'course-keo-dua' });
      expect(service.seen[0]!.userId).toMatch(/^w[0-9a-f]{32}$/);
      expect(service.seen[0]!.receivedAt).toBeInstanceOf(Date);
    });

    it('turns text and action into the matching incoming kinds', async () => {
      const b = browser();
      const text = await b.chat({ text: '  học hàn ở Cần Thơ  ' });
      expect(text.statusCode).toBe(200);
      expect(text.json().replies[0].items[0]).toEqual({
        id: 'course-han',
        title: 'Hàn điện cơ bản',
        subtitle: 'Cần Thơ · 3 tháng · miễn phí',
        action: 'item:course-han',
      });
      const act = await b.chat({ action: 'enroll:course-han' });
      expect(act.json().replies[0]).toEqual({ text: 'Bạn cho mình xin số điện thoại để đăng ký nhé.', requestContact: true });
      expect(service.seen.map((m) => [m.kind, m.text ?? m.action])).toEqual([
        ['text', 'học hàn ở Cần Thơ'],
        ['action', 'enroll:course-han'],
      ]);
    });

    it('returns a file as base64', async () => {
      const res = await chat({ action: 'file' });
      const file = res.json().replies[0].file;
      expect(file).toEqual({ filename: 'ds.csv', mimeType: 'text/csv', dataBase64: Buffer.from('a,b\n1,2\n').toString('base64') });
    });

    it.each([
      ['text over 10,000 characters', { text: 'á'.repeat(10_001) }, /text: must be at most 10000/],
      ['blank text', { text: '   ' }, /text: must not be empty/],
      ['an action over 64 bytes', { action: 'ư'.repeat(33) }, /action: must be at most 64 bytes/],
      ['neither text, action nor start', {}, /exactly one of/],
      ['both text and action', { text: 'a', action: 'b' }, /exactly one of/],
      ['a payload without start', { text: 'a', payload: 'x' }, /payload/],
      ['a bad payload', { start: true, payload: '<script>' }, /payload/],
      ['a non-object body', ['not', 'an', 'object'], /expected object/],
    ])('rejects %s with 400 and a clear message', async (_name, body, message) => {
      const res = await chat(body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('bad_request');
      expect(res.json().message).toMatch(message);
      expect(service.seen).toHaveLength(0);
    });

    it('rejects malformed JSON with 400 and does not log the body', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { 'content-type': 'application/json' },
        payload: '{"userId":"u1","text":"số tôi 0912345678"',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'bad_request', message: 'request body is not valid JSON' });
      expect(logs()).not.toContain('0912345678');
    });

    it('rejects an empty JSON body with 400', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/chat', headers: { 'content-type': 'application/json' }, payload: '' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/empty/);
    });

    it('rejects a body over the route limit with 413', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ text: 'x'.repeat(70_000) }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ error: 'payload_too_large', message: 'request body is too large' });
    });

    it('answers 500 with a generic message when the service throws, and counts the error', async () => {
      const res = await chat({ action: 'boom' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: 'internal', message: 'could not answer right now, please try again' });
      expect(metrics.value('nghebot_errors_total', { channel: 'web' })).toBe(1);
    });

    it('logs neither message text nor raw user ids', async () => {
      const v = await visitor();
      await v.chat({ text: 'Tôi tên Nguyễn Văn A, số 0987654321' });
      await v.inbox();
      const out = logs();
      expect(out).toContain('"route":"/api/chat"');
      expect(out).not.toContain('0987654321');
      expect(out).not.toContain('Nguyễn');
      expect(out).not.toContain(v.userId);
      expect(out).not.toContain(v.cookie!);
    });

    it('refuses new turns with 503 once the channel is stopping, after in-flight ones finish', async () => {
      let release!: () => void;
      let reached!: () => void;
      const inService = new Promise<void>((resolve) => (reached = resolve));
      const slow = {
        handle: () =>
          new Promise<[]>((resolve) => {
            release = () => resolve([]);
            reached();
          }),
      };
      const { logger } = captureLogger();
      const slowWeb = createWebChannel({ service: slow, store, metrics, logger });
      const other = await buildServer({ config: testConfig(), store, service: slow, channels: [slowWeb], logger, metrics });
      const inFlight = other.inject({ method: 'POST', url: '/api/chat', payload: { text: 'chậm' } });
      await inService; // the first turn is in the service: it is in flight, not queued
      let stopped = false;
      const stopping = slowWeb.stop().then(() => (stopped = true));
      const refused = await other.inject({ method: 'POST', url: '/api/chat', payload: { text: 'mới' } });
      expect(refused.statusCode).toBe(503);
      expect(stopped).toBe(false);
      release();
      expect((await inFlight).statusCode).toBe(200);
      await stopping;
      expect(stopped).toBe(true);
      await other.close();
    });
  });

  describe('GET /chat', () => {
    it('serves the Vietnamese page with a strict CSP and no external resources', async () => {
      const res = await app.inject('/chat');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<html lang="vi">');
      expect(res.body).toContain('<title>Nghề Bot – Hỏi đáp học nghề</title>');
      expect(res.body).not.toMatch(/https?:\/\//);
      expect(res.body).not.toContain('innerHTML');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await app.inject('/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'no such route' });
  });
});
