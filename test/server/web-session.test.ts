/**
 * The web chat's per-visitor state through inject(): who a visitor is (the signed cookie), their
 * inbox (kept until acknowledged) and their recent conversation, with a scripted conversation
 * service and the real embedded store.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendError } from '../../src/channels/channel.js';
import { createWebChannel, type WebChannel } from '../../src/channels/web/channel.js';
import { Metrics } from '../../src/observability/metrics.js';
import type { Store } from '../../src/store/ports.js';
import { buildWebServer, captureLogger, openWebServer, scriptedService, testConfig, WEB_COOKIE as COOKIE, webBrowser, webVisitor } from './helpers.js';

describe('web chat sessions', () => {
  let app: FastifyInstance;
  let store: Store;
  let web: WebChannel;
  let metrics: Metrics;
  let service: ReturnType<typeof scriptedService>;

  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ app, store, web, metrics, service, close } = await openWebServer());
  });

  afterEach(() => close());

  const browser = (server: FastifyInstance = app) => webBrowser(server);
  const visitor = (server: FastifyInstance = app) => webVisitor(server, service);
  const chat = (payload: unknown) => app.inject({ method: 'POST', url: '/api/chat', payload: payload as object });

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
      const again = await buildWebServer({ config: testConfig(), store, service, logger, metrics });
      await again.inject({ method: 'POST', url: '/api/chat', payload: { text: 'lại là tôi' }, cookies: { [COOKIE]: v.cookie! } });
      expect(service.seen.at(-1)!.userId).toBe(v.userId);
      await again.close();
    });

    it('behind a trusted proxy, counts each forwarded address; behind an untrusted one, warns once', async () => {
      const send = (server: FastifyInstance, ip: string) =>
        server.inject({ method: 'POST', url: '/api/chat', payload: { text: 'x' }, headers: { 'x-forwarded-for': ip } });
      const trusted = await buildWebServer({
        config: { ...testConfig(), WEB_RATE_LIMIT: 2, TRUST_PROXY: true },
        store, service, logger: captureLogger().logger, metrics,
      });
      const statuses = [];
      for (const ip of ['10.1.1.1', '10.1.1.1', '10.1.1.1', '10.2.2.2']) statuses.push((await send(trusted, ip)).statusCode);
      expect(statuses).toEqual([200, 200, 429, 200]);
      await trusted.close();

      const { logger, text } = captureLogger();
      const untrusted = await buildWebServer({ config: { ...testConfig(), WEB_RATE_LIMIT: 2 }, store, service, logger, metrics });
      const seen = [];
      for (const ip of ['10.1.1.1', '10.2.2.2', '10.3.3.3']) seen.push((await send(untrusted, ip)).statusCode);
      expect(seen).toEqual([200, 200, 429]); // all one address: the proxy's
      expect(text().split('TRUST_PROXY is off').length - 1).toBe(1);
      await untrusted.close();
    });

    it('limits new identities per address: a client dropping its cookie cannot mint visitors without end', async () => {
      const limited = await buildWebServer({
        config: { ...testConfig(), WEB_NEW_VISITORS_PER_HOUR: 3 },
        store, service, logger: captureLogger().logger, metrics,
      });
      const known = await webVisitor(limited, service); // the first of the three
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await browser(limited).chat({ text: `mới ${i}` })).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
      // Someone who already has an identity keeps chatting.
      expect((await known.chat({ text: 'vẫn là tôi' })).statusCode).toBe(200);
      expect(service.seen.at(-1)!.userId).toBe(known.userId);
      await limited.close();
    });

    it('limits turns per address, whatever identity the client claims', async () => {
      const { logger } = captureLogger();
      const limited = await buildWebServer({ config: { ...testConfig(), WEB_RATE_LIMIT: 5 }, store, service, logger, metrics });
      const statuses: number[] = [];
      // A fresh browser each time: rotating identities does not reset the limit.
      for (let i = 0; i < 7; i++) statuses.push((await browser(limited).chat({ text: `tin ${i}` })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const other = await limited.inject({ method: 'POST', url: '/api/chat', payload: { text: 'x' }, remoteAddress: '10.0.0.9' });
      expect(other.statusCode).toBe(200);
      await limited.close();
    });
  });
});
