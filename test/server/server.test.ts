/**
 * The HTTP server through inject(): health, metrics, the web chat API and its inbox,
 * with a scripted conversation service and the real embedded store.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendError } from '../../src/channels/channel.js';
import { createWebChannel, type WebChannel } from '../../src/channels/web/channel.js';
import { Metrics } from '../../src/observability/metrics.js';
import { buildServer } from '../../src/server/app.js';
import type { Store } from '../../src/store/types.js';
import { captureLogger, scriptedService, tempStore, testConfig } from './helpers.js';

const UID = 'user_123-abc';

describe('server', () => {
  let app: FastifyInstance;
  let store: Store;
  let cleanup: () => Promise<void>;
  let web: WebChannel;
  let metrics: Metrics;
  let service: ReturnType<typeof scriptedService>;
  let logs: () => string;

  beforeEach(async () => {
    ({ store, cleanup } = await tempStore());
    metrics = new Metrics();
    service = scriptedService();
    const { logger, text } = captureLogger();
    logs = text;
    web = createWebChannel({ service, store, metrics, logger });
    app = await buildServer({ config: testConfig(), store, service, channels: [web], logger, metrics });
    await app.ready();
  });

  afterEach(async () => {
    await app.close();
    await cleanup();
  });

  const chat = (payload: unknown) => app.inject({ method: 'POST', url: '/api/chat', payload: payload as object });

  describe('GET /healthz', () => {
    it('is 200 with the store detail and the channel names while the store answers', async () => {
      const res = await app.inject('/healthz');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.status).toBe('ok');
      expect(body.store.ok).toBe(true);
      expect(body.store.detail).toMatch(/sqlite/);
      expect(body.channels).toEqual(['web']);
    });

    it('is 503 when the store is not ok', async () => {
      await store.close();
      const res = await app.inject('/healthz');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'error', store: { ok: false } });
    });

    it('is 503, without the error text, when health() throws or hangs', async () => {
      const { logger } = captureLogger();
      const failing = {
        health: async () => {
          throw new Error('mongodb://user:secret@host refused');
        },
      } as unknown as Store;
      const hanging = { health: () => new Promise(() => undefined) } as unknown as Store;
      for (const s of [failing, hanging]) {
        const other = await buildServer({ config: testConfig(), store: s, service, channels: [], logger, metrics, healthTimeoutMs: 200 });
        // The fallback web channel keeps the chat served even when no channel was listed.
        const started = Date.now();
        const res = await other.inject('/healthz');
        expect(res.statusCode).toBe(503);
        expect(res.body).not.toMatch(/secret/);
        expect(res.json().channels).toEqual(['web']);
        expect(Date.now() - started).toBeLessThan(2_000);
        await other.close();
      }
    });
  });

  describe('GET /metrics', () => {
    it('renders Prometheus text with the web counters after a chat', async () => {
      await chat({ userId: UID, start: true });
      await chat({ userId: UID, text: 'học hàn' });
      await chat({ userId: UID, action: 'boom' });
      const res = await app.inject('/metrics');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain('nghebot_updates_in_total{channel="web"} 3');
      expect(res.body).toContain('nghebot_replies_out_total{channel="web"} 2');
      expect(res.body).toContain('nghebot_errors_total{channel="web"} 1');
      expect(res.body).toContain('nghebot_update_latency_seconds_count{channel="web"} 3');
    });
  });

  describe('POST /api/chat', () => {
    it('answers start with the greeting and its buttons, passing the deep-link payload', async () => {
      const res = await chat({ userId: UID, start: true, payload: 'course-keo-dua' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const { replies } = res.json();
      expect(replies).toHaveLength(1);
      expect(replies[0].text).toContain('Xin chào');
      expect(replies[0].buttons[0][0]).toEqual({ label: 'Khoá học nghề', action: 'menu:courses' });
      expect(service.seen[0]).toMatchObject({ channel: 'web', userId: UID, kind: 'start', payload: 'course-keo-dua' });
      expect(service.seen[0]!.receivedAt).toBeInstanceOf(Date);
    });

    it('turns text and action into the matching incoming kinds', async () => {
      const text = await chat({ userId: UID, text: '  học hàn ở Cần Thơ  ' });
      expect(text.statusCode).toBe(200);
      expect(text.json().replies[0].items[0]).toEqual({
        id: 'course-han',
        title: 'Hàn điện cơ bản',
        subtitle: 'Cần Thơ · 3 tháng · miễn phí',
        action: 'item:course-han',
      });
      const act = await chat({ userId: UID, action: 'enroll:course-han' });
      expect(act.json().replies[0]).toEqual({ text: 'Bạn cho mình xin số điện thoại để đăng ký nhé.', requestContact: true });
      expect(service.seen.map((m) => [m.kind, m.text ?? m.action])).toEqual([
        ['text', 'học hàn ở Cần Thơ'],
        ['action', 'enroll:course-han'],
      ]);
    });

    it('returns a file as base64', async () => {
      const res = await chat({ userId: UID, action: 'file' });
      const file = res.json().replies[0].file;
      expect(file).toEqual({ filename: 'ds.csv', mimeType: 'text/csv', dataBase64: Buffer.from('a,b\n1,2\n').toString('base64') });
    });

    it.each([
      ['a userId with bad characters', { userId: 'bad id!', text: 'hi' }, /userId/],
      ['a userId longer than 64', { userId: 'x'.repeat(65), text: 'hi' }, /userId/],
      ['a missing userId', { text: 'hi' }, /userId/],
      ['text over 2000 characters', { userId: UID, text: 'á'.repeat(2001) }, /text: must be at most 2000/],
      ['blank text', { userId: UID, text: '   ' }, /text: must not be empty/],
      ['an action over 64 bytes', { userId: UID, action: 'ư'.repeat(33) }, /action: must be at most 64 bytes/],
      ['neither text, action nor start', { userId: UID }, /exactly one of/],
      ['both text and action', { userId: UID, text: 'a', action: 'b' }, /exactly one of/],
      ['a payload without start', { userId: UID, text: 'a', payload: 'x' }, /payload/],
      ['a bad payload', { userId: UID, start: true, payload: '<script>' }, /payload/],
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
        payload: JSON.stringify({ userId: UID, text: 'x'.repeat(40_000) }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ error: 'payload_too_large', message: 'request body is too large' });
    });

    it('answers 500 with a generic message when the service throws, and counts the error', async () => {
      const res = await chat({ userId: UID, action: 'boom' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: 'internal', message: 'could not answer right now, please try again' });
      expect(metrics.value('nghebot_errors_total', { channel: 'web' })).toBe(1);
    });

    it('logs neither message text nor raw user ids', async () => {
      await chat({ userId: UID, start: true });
      await chat({ userId: UID, text: 'Tôi tên Nguyễn Văn A, số 0987654321' });
      await app.inject(`/api/chat/inbox?userId=${UID}`);
      const out = logs();
      expect(out).toContain('"route":"/api/chat"');
      expect(out).not.toContain('0987654321');
      expect(out).not.toContain('Nguyễn');
      expect(out).not.toContain(UID);
    });

    it('refuses new turns with 503 once the channel is stopping, after in-flight ones finish', async () => {
      let release!: () => void;
      const slow = {
        handle: () => new Promise<[]>((resolve) => (release = () => resolve([]))),
      };
      const { logger } = captureLogger();
      const slowWeb = createWebChannel({ service: slow, store, metrics, logger });
      const other = await buildServer({ config: testConfig(), store, service: slow, channels: [slowWeb], logger, metrics });
      const inFlight = other.inject({ method: 'POST', url: '/api/chat', payload: { userId: UID, text: 'chậm' } });
      await new Promise((r) => setTimeout(r, 20));
      let stopped = false;
      const stopping = slowWeb.stop().then(() => (stopped = true));
      const refused = await other.inject({ method: 'POST', url: '/api/chat', payload: { userId: UID, text: 'mới' } });
      expect(refused.statusCode).toBe(503);
      expect(stopped).toBe(false);
      release();
      expect((await inFlight).statusCode).toBe(200);
      await stopping;
      expect(stopped).toBe(true);
      await other.close();
    });
  });

  describe('web inbox', () => {
    it('keeps replies sent outside a turn until the page drains them', async () => {
      await web.send(UID, { text: 'Lớp hàn khai giảng ngày mai', buttons: [[{ label: 'Xem lớp', action: 'item:course-han' }]] });
      await web.send(UID, { text: 'Hội chợ việc làm Cần Thơ 20/7' });
      const first = await app.inject(`/api/chat/inbox?userId=${UID}`);
      expect(first.statusCode).toBe(200);
      expect(first.json().replies.map((r: { text: string }) => r.text)).toEqual([
        'Lớp hàn khai giảng ngày mai',
        'Hội chợ việc làm Cần Thơ 20/7',
      ]);
      expect(first.json().replies[0].buttons).toEqual([[{ label: 'Xem lớp', action: 'item:course-han' }]]);
      const second = await app.inject(`/api/chat/inbox?userId=${UID}`);
      expect(second.json()).toEqual({ replies: [] });
      expect(metrics.value('nghebot_replies_out_total', { channel: 'web' })).toBe(2);
    });

    it('survives a new channel instance (the inbox is in the store, not in memory)', async () => {
      const { logger } = captureLogger();
      const worker = createWebChannel({ service, store, metrics: new Metrics(), logger });
      await worker.send(UID, { text: 'từ tiến trình khác' });
      const res = await app.inject(`/api/chat/inbox?userId=${UID}`);
      expect(res.json().replies).toEqual([{ text: 'từ tiến trình khác' }]);
    });

    it('loses nothing when many sends race', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => web.send(UID, { text: `tin ${i}` })));
      const texts = (await web.drainInbox(UID)).map((r) => r.text).sort();
      expect(texts).toHaveLength(20);
      expect(new Set(texts).size).toBe(20);
    });

    it('is bounded: the oldest replies are dropped first', async () => {
      const { logger } = captureLogger();
      const small = createWebChannel({ service, store, metrics, logger, inbox: { limit: 3 } });
      for (let i = 0; i < 5; i++) await small.send(UID, { text: `tin ${i}` });
      expect((await small.drainInbox(UID)).map((r) => r.text)).toEqual(['tin 2', 'tin 3', 'tin 4']);
    });

    it('drops replies older than the maximum age', async () => {
      const { logger } = captureLogger();
      let now = new Date('2025-01-01T00:00:00Z');
      const aging = createWebChannel({ service, store, metrics, logger, now: () => now, inbox: { maxAgeMs: 60_000 } });
      await aging.send(UID, { text: 'cũ' });
      now = new Date('2025-01-01T00:05:00Z');
      await aging.send(UID, { text: 'mới' });
      expect((await aging.drainInbox(UID)).map((r) => r.text)).toEqual(['mới']);
    });

    it('refuses a bad user id with 400, and send() to one with a permanent SendError', async () => {
      expect((await app.inject('/api/chat/inbox')).statusCode).toBe(400);
      expect((await app.inject('/api/chat/inbox?userId=a%20b')).statusCode).toBe(400);
      await expect(web.send('not valid!', { text: 'x' })).rejects.toMatchObject({ failure: 'permanent' });
      await expect(web.send('not valid!', { text: 'x' })).rejects.toBeInstanceOf(SendError);
    });

    it('answers 503 when the store fails, and send() throws a transient SendError', async () => {
      await web.send(UID, { text: 'x' });
      await store.close();
      expect((await app.inject(`/api/chat/inbox?userId=${UID}`)).statusCode).toBe(503);
      await expect(web.send(UID, { text: 'y' })).rejects.toMatchObject({ failure: 'transient' });
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
