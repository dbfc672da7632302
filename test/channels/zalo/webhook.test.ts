import { afterEach, describe, expect, it, vi } from 'vitest';
import { signZaloEvent, zaloEvents } from '../../fakes/zalo-api.js';
import { echoService, harness, OA_SECRET, type Harness } from './harness.js';

const USER = '2512478918450110203'; // a realistic 19-digit id: must stay a string, never a number
let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('zalo webhook', () => {
  it('answers a signed text event through the real API with the right body', async () => {
    h = await harness();
    expect(await h.post(zaloEvents.text(USER, 'học nghề hàn'))).toBe(200);
    await h.settle();

    expect(h.service.seen).toHaveLength(1);
    expect(h.service.seen[0]).toMatchObject({ channel: 'zalo', userId: USER, kind: 'text', text: 'học nghề hàn' });
    const call = h.fake.calls.find((c) => c.op === 'send')!;
    expect(call.headers['access_token']).toBe(h.fake.accessToken);
    expect(call.headers['content-type']).toMatch(/^application\/json/);
    expect(call.body).toEqual({
      recipient: { user_id: USER },
      message: {
        text: 'echo: học nghề hàn',
        attachment: {
          type: 'template',
          payload: {
            buttons: [
              { title: 'A', type: 'oa.query.show', payload: '#a' },
              { title: 'B', type: 'oa.query.show', payload: '#b:1' },
            ],
          },
        },
      },
    });
  });

  it('maps a tapped button (user text "#action") back to an action', async () => {
    h = await harness();
    await h.post(zaloEvents.text(USER, '#b:1'));
    await h.settle();
    expect(h.service.seen[0]).toMatchObject({ kind: 'action', action: 'b:1' });
    expect(h.fake.sent(USER)).toEqual([{ text: 'action: b:1' }]);
  });

  it('refuses a forged signature with 401 and processes nothing', async () => {
    h = await harness();
    const { headers, payload } = signZaloEvent(h.fake.appId, zaloEvents.text(USER, 'hi'), 'wrong-secret');
    const forged = await h.app.inject({ method: 'POST', url: '/zalo/webhook', headers, payload });
    expect(forged.statusCode).toBe(401);

    // A correctly signed body changed in transit.
    const good = signZaloEvent(h.fake.appId, zaloEvents.text(USER, 'hi'), OA_SECRET);
    const tampered = await h.app.inject({
      method: 'POST',
      url: '/zalo/webhook',
      headers: good.headers,
      payload: good.payload.replace('"hi"', '"hj"'),
    });
    expect(tampered.statusCode).toBe(401);

    const unsigned = await h.app.inject({
      method: 'POST',
      url: '/zalo/webhook',
      headers: { 'content-type': 'application/json' },
      payload: good.payload,
    });
    expect(unsigned.statusCode).toBe(401);
    await h.settle();
    expect(h.metrics.value('nghebot_errors_total', { channel: 'zalo', kind: 'webhook-mismatch' })).toBe(2);
    expect(h.metrics.value('nghebot_errors_total', { channel: 'zalo', kind: 'webhook-missing-signature' })).toBe(1);
    expect(h.service.seen).toHaveLength(0);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('refuses a stale (replayed) event even with a valid signature', async () => {
    h = await harness();
    const old = String(Date.now() - 10 * 60_000);
    expect(await h.post({ ...zaloEvents.text(USER, 'hi'), timestamp: old })).toBe(401);
    const future = String(Date.now() + 10 * 60_000);
    expect(await h.post({ ...zaloEvents.text(USER, 'hi'), timestamp: future })).toBe(401);
    await h.settle();
    expect(h.service.seen).toHaveLength(0);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('answers 400 to unparseable or empty bodies without crashing', async () => {
    h = await harness();
    for (const payload of ['{not json', '', 'null']) {
      const res = await h.app.inject({ method: 'POST', url: '/zalo/webhook', headers: { 'content-type': 'application/json' }, payload });
      expect([400, 401]).toContain(res.statusCode);
    }
    const odd = await h.app.inject({ method: 'POST', url: '/zalo/webhook', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    expect(odd.statusCode).toBe(400);
    // Signed but nonsense: acknowledged, nothing processed.
    expect(await h.post({ event_name: 'user_send_text', sender: 42.5, message: [] })).toBe(200);
    expect(await h.post({ event_name: 'user_send_text', sender: { id: USER }, message: { text: 7 } })).toBe(200);
    await h.settle();
    expect(h.service.seen).toHaveLength(0);
  });

  it('processes the same msg_id once, however often Zalo redelivers it', async () => {
    h = await harness();
    const event = zaloEvents.text(USER, 'xin chào', 'msg-dup-1');
    const statuses = await Promise.all([h.post(event), h.post(event)]);
    expect(await h.post(event)).toBe(200);
    expect(statuses).toEqual([200, 200]);
    await h.settle();
    expect(h.service.seen).toHaveLength(1);
    expect(h.fake.sent(USER)).toHaveLength(1);
    expect(h.metrics.value('nghebot_zalo_events_ignored_total', { reason: 'duplicate' })).toBe(2);
  });

  it('ignores echoes of the OA’s own messages and events it does not handle', async () => {
    h = await harness();
    expect(await h.post(zaloEvents.oaEcho(USER, 'echo: hi'))).toBe(200);
    expect(await h.post({ event_name: 'user_send_sticker', sender: { id: USER }, message: { msg_id: 'st1', attachments: [] } })).toBe(200);
    expect(await h.post({ event_name: 'user_seen_message', sender: { id: '1' }, recipient: { id: USER }, message: { msg_ids: ['a'] } })).toBe(200);
    await h.settle();
    expect(h.service.seen).toHaveLength(0);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('follow makes the user active and starts; unfollow deactivates and sends nothing', async () => {
    h = await harness();
    const key = { channel: 'zalo' as const, userId: USER };
    await h.post(zaloEvents.unfollow(USER));
    await vi.waitFor(async () => expect((await h.store.getUser(key))?.active).toBe(false));
    await h.post(zaloEvents.follow(USER));
    await vi.waitFor(async () => expect((await h.store.getUser(key))?.active).toBe(true));
    await h.post({ ...zaloEvents.unfollow(USER), timestamp: String(Date.now() + 1) });
    await h.settle();

    expect(h.service.seen.map((m) => m.kind)).toEqual(['unfollow', 'start', 'unfollow']);
    expect((await h.store.getUser(key))?.active).toBe(false);
    // Only the follow got an answer; an unfollowed user cannot be messaged.
    expect(h.fake.sent(USER)).toEqual([{ text: 'welcome' }]);
  });

  it('turns user_submit_info into the user’s own contact', async () => {
    h = await harness();
    await h.post(zaloEvents.submitInfo(USER, { name: 'Nguyễn Văn A', phone: '0912345678' }));
    await h.settle();
    expect(h.service.seen[0]).toMatchObject({
      kind: 'contact',
      userId: USER,
      contact: { phone: '0912345678', name: 'Nguyễn Văn A', isOwn: true },
    });
    expect(h.fake.sent(USER)).toEqual([{ text: 'contact received' }]);
  });

  it('turns a shared location into coordinates', async () => {
    h = await harness();
    await h.post(zaloEvents.location(USER, 10.0452, 105.7469));
    await h.settle();
    expect(h.service.seen[0]).toMatchObject({ kind: 'location', location: { latitude: 10.0452, longitude: 105.7469 } });
  });

  it('handles one user’s events in order, and stop() waits for in-flight work', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const service = echoService();
    const slow = { ...service, seen: service.seen, handle: async (m: any) => (m.text === 'first' ? gate.then(() => service.handle(m)) : service.handle(m)) };
    h = await harness({ service: slow });
    await h.post(zaloEvents.text(USER, 'first'));
    await h.post(zaloEvents.text(USER, 'second'));
    let stopped = false;
    const stopping = h.channel.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    // Stopping: new events are turned away so Zalo redelivers them elsewhere.
    expect(await h.post(zaloEvents.text(USER, 'late'))).toBe(503);
    release();
    await stopping;
    expect(h.fake.sent(USER).map((m) => m.text)).toEqual(['echo: first', 'echo: second']);
  });

  it('splits a long reply into ≤ 2000-character messages the API accepts', async () => {
    const long = Array.from({ length: 700 }, (_, i) => `câu${i}`).join(' ');
    h = await harness({ service: echoService(() => [{ text: long }]) });
    await h.post(zaloEvents.text(USER, 'dài'));
    await h.settle();
    const sent = h.fake.sent(USER);
    expect(sent.length).toBeGreaterThan(1);
    for (const m of sent) expect(m.text.length).toBeLessThanOrEqual(2000);
    expect(sent.map((m) => m.text).join(' ')).toBe(long);
  });

  it('sends more than 5 buttons as several messages the API accepts', async () => {
    const buttons = Array.from({ length: 8 }, (_, i) => ({ label: `Lựa chọn ${i}`, action: `pick:${i}` }));
    h = await harness({ service: echoService(() => [{ text: 'Chọn:', buttons: [buttons] }]) });
    await h.post(zaloEvents.text(USER, 'menu'));
    await h.settle();
    const sent = h.fake.sent(USER);
    expect(sent).toHaveLength(2);
    const payloads = sent.flatMap((m) => m.attachment.payload.buttons.map((b: any) => b.payload));
    expect(payloads).toEqual(buttons.map((b) => `#${b.action}`));
    expect(h.fake.calls.filter((c) => c.op === 'send').every((c) => c.status === 200 && (c.response as any).error === 0)).toBe(true);
  });

  it('logs ids and outcomes, never message text, phones, names or tokens', async () => {
    h = await harness();
    await h.post(zaloEvents.text(USER, 'bí mật 0987654321'));
    await h.post(zaloEvents.submitInfo(USER, { name: 'Trần Thị Bí', phone: '0911222333' }));
    h.fake.failNext(-230, { userId: '999' });
    await h.post(zaloEvents.text('999', 'bí mật khác'));
    const forged = signZaloEvent(h.fake.appId, zaloEvents.text(USER, 'x'), 'bad');
    await h.app.inject({ method: 'POST', url: '/zalo/webhook', headers: forged.headers, payload: forged.payload });
    await h.settle();
    const log = h.log();
    expect(log.length).toBeGreaterThan(0);
    for (const secret of ['bí mật', '0987654321', '0911222333', 'Trần Thị Bí', USER, h.fake.accessToken, OA_SECRET, forged.headers['x-zevent-signature']!.slice(4)]) {
      expect(log).not.toContain(secret);
    }
  });
});
