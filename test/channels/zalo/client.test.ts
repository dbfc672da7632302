import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SendError } from '../../../src/channels/channel.js';
import { createZaloChannel } from '../../../src/channels/zalo/index.js';
import { FILE_FAILED_TEXT } from '../../../src/channels/zalo/render.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { zaloEvents } from '../../fakes/zalo-api.js';
import { captureLogger, echoService, harness, zaloConfig, type Harness } from './harness.js';

const USER = '8430019920315577001';
const key = { channel: 'zalo' as const, userId: USER };
let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function sendError(p: Promise<unknown>): Promise<SendError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
}

describe('zalo client: outcomes of a send', () => {
  it('on -216 refreshes the token once and retries with the new one', async () => {
    h = await harness();
    const before = h.fake.accessToken;
    h.fake.failNext(-216);
    await h.channel.send(USER, { text: 'thông báo' });
    expect(h.fake.refreshCount).toBe(1);
    const sends = h.fake.calls.filter((c) => c.op === 'send');
    expect(sends.map((s) => s.headers['access_token'])).toEqual([before, h.fake.accessToken]);
    expect(h.fake.sent(USER)).toEqual([{ text: 'thông báo' }]);
  });

  it('refreshes at most once per send when the new token is refused too', async () => {
    h = await harness();
    h.fake.failNext(-216, { times: 5 });
    const err = await sendError(h.channel.send(USER, { text: 'x' }));
    expect(err.failure).toBe('transient');
    expect(h.fake.refreshCount).toBe(1);
    expect(h.fake.calls.filter((c) => c.op === 'send')).toHaveLength(2);
  });

  it('records -230 on the user, throws permanent and does not retry', async () => {
    h = await harness();
    h.fake.failNext(-230, { userId: USER });
    const err = await sendError(h.channel.send(USER, { text: 'x', buttons: [[{ label: 'A', action: 'a' }]] }));
    expect(err.failure).toBe('permanent');
    expect(err.options.code).toBe(-230);
    expect(h.fake.calls.filter((c) => c.op === 'send')).toHaveLength(1);
    expect((await h.store.getUser(key))?.lastSendError).toBe('-230');
    // A message from the user reopens the window: the recorded error is cleared.
    await h.post(zaloEvents.text(USER, 'alo'));
    await h.settle();
    expect((await h.store.getUser(key))?.lastSendError).toBeUndefined();
  });

  it('reads the error from a 4xx body too; -213 marks the user inactive', async () => {
    h = await harness();
    h.fake.failNext(-213, { httpStatus: 400 });
    const err = await sendError(h.channel.send(USER, { text: 'x' }));
    expect(err.failure).toBe('permanent');
    const user = await h.store.getUser(key);
    expect(user).toMatchObject({ active: false, lastSendError: '-213' });
  });

  it('treats -201 about the user as permanent for that user', async () => {
    h = await harness();
    h.fake.failNext(-201, { message: 'user_id is invalid' });
    expect((await sendError(h.channel.send(USER, { text: 'x' }))).failure).toBe('permanent');
    expect((await h.store.getUser(key))?.lastSendError).toBe('-201');
  });

  it('on -32 inside a turn backs off briefly and delivers', async () => {
    h = await harness();
    h.fake.failNext(-32, { times: 2 });
    const started = Date.now();
    await h.post(zaloEvents.text(USER, 'hi'));
    await h.settle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150); // the 50 + 100 ms test backoff
    expect(h.fake.sent(USER)).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.op === 'send')).toHaveLength(3);
  });

  it('on -32 outside a turn throws rate-limited with a retry delay at once', async () => {
    h = await harness();
    h.fake.failNext(-32, { times: 10 });
    const err = await sendError(h.channel.send(USER, { text: 'x' }));
    expect(err.failure).toBe('rate-limited');
    expect(err.options.retryAfterMs).toBe(60_000);
    expect(h.fake.calls.filter((c) => c.op === 'send')).toHaveLength(1);
    expect((await h.store.getUser(key))?.lastSendError).toBeUndefined();
  });

  it('gives up on a rate limit that outlasts the in-turn backoff', async () => {
    h = await harness({ fake: { rateLimit: { max: 1, windowMs: 60_000 } } });
    await h.post(zaloEvents.text(USER, 'one'));
    await h.post(zaloEvents.text(USER, 'two'));
    await h.settle();
    expect(h.fake.sent(USER).map((m) => m.text)).toEqual(['echo: one']);
    expect(h.fake.calls.filter((c) => c.op === 'send')).toHaveLength(4); // 1 ok + 3 tries of "two"
  });

  it('reads X-RateLimit-Remain: once the quota is spent, out-of-turn sends wait without calling Zalo', async () => {
    h = await harness({ fake: { rateLimit: { max: 2, windowMs: 60_000 } }, options: { rateLimitRetryAfterMs: 30_000 } });
    await h.channel.send(USER, { text: 'a' });
    await h.channel.send(USER, { text: 'b' }); // Zalo answers with X-RateLimit-Remain: 0
    const err = await sendError(h.channel.send(USER, { text: 'c' }));
    expect(err.failure).toBe('rate-limited');
    expect(err.options.retryAfterMs).toBeGreaterThan(29_000);
    expect(h.fake.calls.filter((c) => c.op === 'send')).toHaveLength(2);
    expect(h.log()).toContain('quota is used up');

    // Someone who just wrote is still answered if Zalo lets it through.
    await h.post(zaloEvents.text(USER, 'xin chao'));
    await h.settle();
    expect(h.fake.calls.filter((c) => c.op === 'send').length).toBeGreaterThan(2);
  });

  it('a request that never left is transient; one that timed out after sending is unknown', async () => {
    h = await harness({ options: { timeoutMs: 300 } });
    h.fake.hangNext();
    const timedOut = await sendError(h.channel.send(USER, { text: 'x' }));
    expect(timedOut.failure).toBe('unknown');

    // A port nobody listens on: the connection is refused before anything is sent.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const config = { ...zaloConfig(h.fake), ZALO_API_BASE: `http://127.0.0.1:${port}` };
    const offline = createZaloChannel({ config, store: h.store, service: echoService(), logger: captureLogger().logger, metrics: new Metrics() });
    const refused = await sendError(offline.send(USER, { text: 'x' }));
    expect(refused.failure).toBe('transient');
  });

  it('uploads a file and sends it by token', async () => {
    h = await harness();
    const data = Buffer.from('stt,ten\n1,Hàn điện\n');
    await h.channel.send(USER, { text: 'Danh sách', file: { filename: 'ds.csv', mimeType: 'text/csv', data } });
    const upload = h.fake.calls.find((c) => c.op === 'upload')!;
    expect(upload.headers['access_token']).toBe(h.fake.accessToken);
    expect(upload.body).toMatchObject({ filename: 'ds.csv', contentType: 'text/csv', size: data.length });
    const token = (upload.response as any).data.token;
    expect(h.fake.sent(USER)).toEqual([{ text: 'Danh sách' }, { attachment: { type: 'file', payload: { token } } }]);
  });

  it('says so in text when the file cannot be uploaded', async () => {
    h = await harness();
    h.fake.failNext(-210, { op: 'upload' });
    await h.channel.send(USER, { text: 'Danh sách', file: { filename: 'ds.csv', mimeType: 'text/csv', data: Buffer.from('x') } });
    expect(h.fake.sent(USER)).toEqual([{ text: 'Danh sách' }, { text: FILE_FAILED_TEXT }]);
  });

  it('falls back to text and buttons when Zalo refuses the list template', async () => {
    h = await harness();
    const items = [{ id: 'c1', title: 'Hàn điện', action: 'item:c1' }];
    h.fake.failNext(-201, { message: 'template_type is invalid' });
    // The first send (the text) would take the failure; put the list first by sending items without text.
    await h.channel.send(USER, { text: '', items });
    const sent = h.fake.sent(USER);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('Hàn điện');
    expect(sent[0]!.attachment.payload.buttons[0].payload).toBe('#item:c1');
    expect((await h.store.getUser(key))?.lastSendError).toBeUndefined();
  });
});
