/**
 * Webhook mode: a fresh Fastify app with the channel's route, driven by app.inject; replies go
 * to the fake Bot API over real HTTP. Checks what Telegram would see: the status codes decide
 * whether it retries.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { tgUpdate } from '../../fakes/telegram-api.js';
import type { Store } from '../../../src/store/ports.js';
import { harness, WEBHOOK_SECRET, WEBHOOK_URL, type Harness } from './helpers.js';

const HEADER = 'x-telegram-bot-api-secret-token';

describe('telegram channel: webhook', () => {
  let h: Harness;
  let app: FastifyInstance;

  async function setup(storeWrap?: (s: Store) => Store, start = true) {
    h = await harness({ webhook: true, ...(storeWrap ? { store: storeWrap } : {}) });
    app = Fastify();
    await h.channel.registerRoutes!(app);
    await app.ready();
    if (start) await h.channel.start();
  }
  /** `secret: null` sends no secret header at all. */
  const post = (body: unknown, secret: string | null = WEBHOOK_SECRET) =>
    app.inject({ method: 'POST', url: '/telegram/webhook', headers: secret === null ? {} : { [HEADER]: secret }, payload: body as object });

  afterEach(async () => {
    await app?.close();
    await h?.close();
  });

  it('sets the webhook with the secret on start and never polls', async () => {
    await setup();
    expect(h.tg.webhook).toEqual({ url: WEBHOOK_URL, secret_token: WEBHOOK_SECRET });
    expect(h.tg.callsOf('setWebhook')[0]?.params).toMatchObject({ drop_pending_updates: false, allowed_updates: ['message', 'callback_query', 'my_chat_member'] });
    expect(h.tg.callsOf('getUpdates')).toHaveLength(0);
  });

  it('rejects a wrong or missing secret with 401 before doing anything', async () => {
    await setup();
    const update = { update_id: 5001, ...tgUpdate.text(42, 'xin chào') };
    expect((await post(update, 'wrong-secret')).statusCode).toBe(401);
    expect((await post(update, null)).statusCode).toBe(401);
    expect((await post(update, WEBHOOK_SECRET + 'x')).statusCode).toBe(401);
    expect(h.service.seen).toHaveLength(0);
    expect(h.tg.sent()).toHaveLength(0);
    // Not even recorded as processed: the genuine delivery still gets handled.
    expect((await post(update)).statusCode).toBe(200);
    expect(h.tg.texts(42)).toEqual(['echo:xin chào']);
  });

  it('handles an update and replies before answering 200', async () => {
    await setup();
    const res = await post({ update_id: 5002, ...tgUpdate.start(43, 'fair-2026') });
    expect(res.statusCode).toBe(200);
    expect(h.tg.texts(43)).toEqual(['start:fair-2026']);
  });

  it('answers a duplicate update_id with 200 and replies once', async () => {
    await setup();
    const update = { update_id: 5003, ...tgUpdate.text(44, 'một lần thôi') };
    const [a, b] = await Promise.all([post(update), post(update)]);
    const c = await post(update);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 200, 200]);
    expect(h.tg.texts(44)).toEqual(['echo:một lần thôi']);
    expect(h.service.seen).toHaveLength(1);
  });

  it('answers callback queries', async () => {
    await setup();
    expect((await post({ update_id: 5004, ...tgUpdate.callback(45, 'pick:2', 'cq-w') })).statusCode).toBe(200);
    expect(h.tg.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id)).toEqual(['cq-w']);
    expect(h.tg.texts(45)).toEqual(['action:pick:2']);
  });

  it('answers 503 when the dedupe store fails, so Telegram retries', async () => {
    let failing = true;
    await setup((store) =>
      new Proxy(store, {
        get(target, prop, receiver) {
          if (prop === 'markProcessed' && failing) return async () => { throw new Error('disk I/O error'); };
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      }),
    );
    const update = { update_id: 5005, ...tgUpdate.text(46, 'thử lại') };
    expect((await post(update)).statusCode).toBe(503);
    expect(h.tg.sent()).toHaveLength(0);
    failing = false;
    expect((await post(update)).statusCode).toBe(200);
    expect(h.tg.texts(46)).toEqual(['echo:thử lại']);
  });

  it('refuses bodies that are not updates with 400', async () => {
    await setup();
    expect((await post({ hello: 'world' })).statusCode).toBe(400);
    expect((await post({ update_id: -1 })).statusCode).toBe(400);
    const raw = await app.inject({ method: 'POST', url: '/telegram/webhook', headers: { [HEADER]: WEBHOOK_SECRET, 'content-type': 'application/json' }, payload: '{not json' });
    expect(raw.statusCode).toBe(400);
    expect(h.service.seen).toHaveLength(0);
  });

  it('survives updates with odd shapes', async () => {
    await setup();
    const odd = [
      { update_id: 5010, message: { message_id: 1, date: 1, chat: { id: 47, type: 'private' }, from: { id: 47, is_bot: false, first_name: 'A' }, sticker: { file_id: 'x' } } },
      { update_id: 5011, message: { message_id: 2 } },
      { update_id: 5012, callback_query: { id: 'cq-odd', from: { id: 47, is_bot: false, first_name: 'A' }, chat_instance: 'c' } },
      { update_id: 5013, poll: { id: 'p' } },
    ];
    for (const u of odd) expect((await post(u)).statusCode).toBe(200);
    // The sticker becomes an empty text turn (handlers can answer with help); the rest is ignored.
    expect(h.service.seen.map((m) => [m.kind, m.text])).toEqual([['text', '']]);
    expect(h.tg.callsOf('answerCallbackQuery')).toHaveLength(1);
  });

  it('answers 503 before start() and after stop()', async () => {
    await setup(undefined, false);
    expect((await post({ update_id: 5020, ...tgUpdate.text(48, 'sớm quá') })).statusCode).toBe(503);
    await h.channel.start();
    expect((await post({ update_id: 5020, ...tgUpdate.text(48, 'sớm quá') })).statusCode).toBe(200);
    await h.channel.stop();
    expect((await post({ update_id: 5021, ...tgUpdate.text(48, 'muộn quá') })).statusCode).toBe(503);
    expect(h.tg.texts(48)).toEqual(['echo:sớm quá']);
  });
});

describe('telegram channel: webhook route without webhook mode', () => {
  it('answers 404 and handles nothing when the channel polls', async () => {
    const h = await harness();
    const app = Fastify();
    await h.channel.registerRoutes!(app);
    await h.channel.start();
    try {
      const res = await app.inject({ method: 'POST', url: '/telegram/webhook', headers: { [HEADER]: 'anything' }, payload: { update_id: 1, ...tgUpdate.text(49, 'x') } });
      expect(res.statusCode).toBe(404);
      expect(h.service.seen).toHaveLength(0);
    } finally {
      await app.close();
      await h.close();
    }
  });
});
