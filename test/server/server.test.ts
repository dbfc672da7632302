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
import { ChannelHealth } from '../../src/server/channel-health.js';
import type { Store } from '../../src/store/types.js';
import { captureLogger, scriptedService, tempStore, testConfig } from './helpers.js';

const COOKIE = 'nghebot_web';
const TOKEN_M = 'metrics-token-0123456789';

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

  /** One browser: keeps the identity cookie the server sets, like a real one. */
  function browser(server: FastifyInstance = app) {
    let cookie: string | undefined;
    const cookies = (): Record<string, string> => (cookie ? { [COOKIE]: cookie } : {});
    return {
      async chat(payload: unknown) {
        const res = await server.inject({ method: 'POST', url: '/api/chat', payload: payload as object, cookies: cookies() });
        const set = res.cookies.find((c) => c.name === COOKIE);
        if (set) cookie = set.value;
        return res;
      },
      inbox: (query = '') => server.inject({ url: `/api/chat/inbox${query}`, cookies: cookies() }),
      get cookie() {
        return cookie;
      },
    };
  }
  /** A browser that has opened the chat, and the user id the server gave it. */
  async function visitor(server: FastifyInstance = app) {
    const b = browser(server);
    await b.chat({ start: true });
    return { ...b, userId: service.seen.at(-1)!.userId };
  }
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
        const other = await buildServer({ config, store: s, service, channels: [], logger, metrics, healthTimeoutMs: 200 });
        // The fallback web channel keeps the chat served even when no channel was listed.
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
      const slow = {
        handle: () => new Promise<[]>((resolve) => (release = () => resolve([]))),
      };
      const { logger } = captureLogger();
      const slowWeb = createWebChannel({ service: slow, store, metrics, logger });
      const other = await buildServer({ config: testConfig(), store, service: slow, channels: [slowWeb], logger, metrics });
      const inFlight = other.inject({ method: 'POST', url: '/api/chat', payload: { text: 'chậm' } });
      await new Promise((r) => setTimeout(r, 20));
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

  describe('web inbox', () => {
    const UID = 'w0123456789abcdef0123456789abcdef';

    it('keeps replies sent outside a turn until the page acknowledges them', async () => {
      const v = await visitor();
      await web.send(v.userId, { text: 'Lớp hàn khai giảng ngày mai', buttons: [[{ label: 'Xem lớp', action: 'item:course-han' }]] });
      await web.send(v.userId, { text: 'Hội chợ việc làm Cần Thơ 20/7' });
      const first = await v.inbox();
      expect(first.statusCode).toBe(200);
      expect(first.json().replies.map((r: { text: string }) => r.text)).toEqual([
        'Lớp hàn khai giảng ngày mai',
        'Hội chợ việc làm Cần Thơ 20/7',
      ]);
      expect(first.json().replies[0].buttons).toEqual([[{ label: 'Xem lớp', action: 'item:course-han' }]]);
      // Not acknowledged (the answer may have been lost on the way): sent again.
      const again = await v.inbox();
      expect(again.json().replies).toHaveLength(2);
      await web.send(v.userId, { text: 'tin thứ ba' });
      const acked = await v.inbox(`?ack=${first.json().last}`);
      expect(acked.json().replies.map((r: { text: string }) => r.text)).toEqual(['tin thứ ba']);
      const done = await v.inbox(`?ack=${acked.json().last}`);
      expect(done.json()).toEqual({ replies: [] });
      // What the page showed is part of the conversation shown again after a reload.
      const turns = (await app.inject({ url: '/api/chat/history', cookies: { [COOKIE]: v.cookie! } })).json().turns;
      expect(turns.flatMap((t: { replies: Array<{ text: string }> }) => t.replies.map((r) => r.text)).slice(1)).toEqual([
        'Lớp hàn khai giảng ngày mai',
        'Hội chợ việc làm Cần Thơ 20/7',
        'tin thứ ba',
      ]);
      expect(metrics.value('nghebot_replies_out_total', { channel: 'web' })).toBe(4); // the start reply and three sends
    });

    it('keeps more than 50 unread messages, in order', async () => {
      const v = await visitor();
      for (let i = 0; i < 60; i++) await web.send(v.userId, { text: `tin ${i}` });
      const texts = (await v.inbox()).json().replies.map((r: { text: string }) => r.text);
      expect(texts).toEqual(Array.from({ length: 60 }, (_, i) => `tin ${i}`));
    });

    it('survives a new channel instance (the inbox is in the store, not in memory)', async () => {
      const v = await visitor();
      const { logger } = captureLogger();
      const worker = createWebChannel({ service, store, metrics: new Metrics(), logger });
      await worker.send(v.userId, { text: 'từ tiến trình khác' });
      const res = await v.inbox();
      expect(res.json().replies).toEqual([{ text: 'từ tiến trình khác' }]);
    });

    it('loses nothing when many sends race', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => web.send(UID, { text: `tin ${i}` })));
      const texts = (await web.drainInbox(UID)).map((r) => r.text).sort();
      expect(texts).toHaveLength(20);
      expect(new Set(texts).size).toBe(20);
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

    it('refuses a bad ack with 400, and send() to a bad user id with a permanent SendError', async () => {
      expect((await app.inject('/api/chat/inbox?ack=abc')).statusCode).toBe(400);
      await expect(web.send('not valid!', { text: 'x' })).rejects.toMatchObject({ failure: 'permanent' });
      await expect(web.send('not valid!', { text: 'x' })).rejects.toBeInstanceOf(SendError);
    });

    it('answers 503 when the store fails, and send() throws a transient SendError', async () => {
      const v = await visitor();
      await web.send(v.userId, { text: 'x' });
      await store.close();
      expect((await v.inbox()).statusCode).toBe(503);
      await expect(web.send(v.userId, { text: 'y' })).rejects.toMatchObject({ failure: 'transient' });
    });
  });

  describe('web history', () => {
    it("keeps the visitor's recent turns for a reload, as they saw them, and nobody else's", async () => {
      const v = await visitor();
      await v.chat({ text: 'học hàn' });
      await v.chat({ action: 'enroll:course-han', echo: 'Đăng ký học' });
      await v.chat({ action: 'file', echo: 'Xuất danh sách' });
      const res = await app.inject({ url: '/api/chat/history', cookies: { [COOKIE]: v.cookie! } });
      const turns = res.json().turns as Array<{ me?: string; replies: Array<{ text: string; file?: unknown }> }>;
      expect(turns.map((t) => t.me)).toEqual([undefined, 'học hàn', 'Đăng ký học', 'Xuất danh sách']);
      expect(turns[0]!.replies[0]!.text).toContain('Xin chào');
      expect(turns[2]!.replies[0]).toEqual({ text: 'Bạn cho mình xin số điện thoại để đăng ký nhé.', requestContact: true });
      expect(turns[3]!.replies[0]!.file).toBeUndefined(); // attachments are not kept
      // Another browser, with or without naming the visitor, sees nothing.
      const other = await visitor();
      const theirs = await app.inject({ url: `/api/chat/history?userId=${v.userId}`, cookies: { [COOKIE]: other.cookie! } });
      expect(theirs.json().turns.map((t: { me?: string }) => t.me)).toEqual([undefined]);
      expect((await app.inject('/api/chat/history')).json()).toEqual({ turns: [] });
    });

    it('keeps the last 20 turns, and erasing personal data forgets them', async () => {
      const v = await visitor();
      for (let i = 0; i < 25; i++) await v.chat({ text: `câu ${i}` });
      const turns = (await app.inject({ url: '/api/chat/history', cookies: { [COOKIE]: v.cookie! } })).json().turns;
      expect(turns).toHaveLength(20);
      expect(turns.at(-1).me).toBe('câu 24');
      await store.erasePersonalData({ channel: 'web', userId: v.userId });
      expect((await app.inject({ url: '/api/chat/history', cookies: { [COOKIE]: v.cookie! } })).json()).toEqual({ turns: [] });
    });
  });

  describe('web identity', () => {
    it('is issued by the server in a signed, HttpOnly, SameSite cookie, and kept across turns', async () => {
      const res = await chat({ start: true });
      const set = res.cookies.find((c) => c.name === COOKIE)!;
      expect(set.httpOnly).toBe(true);
      expect(set.sameSite).toBe('Lax');
      expect(set.path).toBe('/');
      expect(set.value).not.toBe(service.seen[0]!.userId); // signed: id plus signature
      const b = browser();
      await b.chat({ start: true });
      await b.chat({ text: 'học hàn' });
      expect(service.seen[1]!.userId).toBe(service.seen[2]!.userId);
      expect(service.seen[1]!.userId).not.toBe(service.seen[0]!.userId);
    });

    it("a second client that knows another user's id, in the body or the query, gets none of that user's data", async () => {
      const victim = await visitor();
      await web.send(victim.userId, { text: 'Bạn đã đăng ký lớp hàn — Nguyễn Văn A, 0912345678' });
      const attacker = browser();
      const res = await attacker.chat({ userId: victim.userId, text: 'đăng ký của tôi' });
      expect(res.statusCode).toBe(200);
      expect(service.seen.at(-1)!.userId).not.toBe(victim.userId);
      for (const query of [`?userId=${victim.userId}`, '']) {
        const stolen = await attacker.inbox(query);
        expect(stolen.statusCode).toBe(200);
        expect(stolen.json()).toEqual({ replies: [] });
      }
      // Without any cookie, the query names no one either.
      expect((await app.inject(`/api/chat/inbox?userId=${victim.userId}`)).json()).toEqual({ replies: [] });
      // The victim still has the message: nothing was drained by the attempts.
      expect((await victim.inbox()).json().replies).toHaveLength(1);
    });

    it('ignores a forged or re-signed cookie and issues a fresh identity', async () => {
      const victim = await visitor();
      for (const forged of [victim.userId, `${victim.userId}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`]) {
        const res = await app.inject({ method: 'POST', url: '/api/chat', payload: { text: 'xin chào' }, cookies: { [COOKIE]: forged } });
        expect(res.statusCode).toBe(200);
        expect(service.seen.at(-1)!.userId).not.toBe(victim.userId);
        expect(res.cookies.find((c) => c.name === COOKIE)).toBeDefined();
        const inbox = await app.inject({ url: '/api/chat/inbox', cookies: { [COOKIE]: forged } });
        expect(inbox.json()).toEqual({ replies: [] });
      }
    });

    it('survives a restart: the signing secret is kept in the store', async () => {
      const v = await visitor();
      const { logger } = captureLogger();
      const again = await buildServer({ config: testConfig(), store, service, channels: [], logger, metrics });
      await again.inject({ method: 'POST', url: '/api/chat', payload: { text: 'lại là tôi' }, cookies: { [COOKIE]: v.cookie! } });
      expect(service.seen.at(-1)!.userId).toBe(v.userId);
      await again.close();
    });

    it('limits turns per address, whatever identity the client claims', async () => {
      const { logger } = captureLogger();
      const limited = await buildServer({ config: { ...testConfig(), WEB_RATE_LIMIT: 5 }, store, service, channels: [], logger, metrics });
      const statuses: number[] = [];
      // A fresh browser each time: rotating identities does not reset the limit.
      for (let i = 0; i < 7; i++) statuses.push((await browser(limited).chat({ text: `tin ${i}` })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const other = await limited.inject({ method: 'POST', url: '/api/chat', payload: { text: 'x' }, remoteAddress: '10.0.0.9' });
      expect(other.statusCode).toBe(200);
      await limited.close();
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
