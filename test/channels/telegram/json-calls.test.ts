/**
 * The calls every turn makes, through the transformer rather than grammY's client, against a real
 * HTTP server on 127.0.0.1: the body grammY would send, its errors (ok:false, a timeout, a refused
 * connection) as grammY would raise them, and the other methods left to grammY's client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError, HttpError, type ApiClientOptions } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botApiFetch } from '../../../src/channels/telegram/bot-api-fetch.js';
import { classifyTelegramError } from '../../../src/channels/telegram/errors.js';
import { callOrThrow, directCall, directJsonCalls, jsonBody } from '../../../src/channels/telegram/json-calls.js';

let server: Server;
let base: string;
const seen: Array<{ url: string; body: string; contentType: string | undefined }> = [];
let answer: () => { status: number; body: string; hold?: boolean };
beforeEach(async () => {
  seen.length = 0;
  answer = () => ({ status: 200, body: JSON.stringify({ ok: true, result: { message_id: 7 } }) });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), contentType: req.headers['content-type'] });
      const a = answer();
      if (!a.hold) res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** `toClient` records the methods that reach grammY's client (a transformer installed first runs last). */
function bot(timeoutMs = 5_000, toClient?: string[]): Bot {
  const b = new Bot('42:T', {
    client: { apiRoot: base, timeoutSeconds: timeoutMs / 1000, fetch: botApiFetch as unknown as NonNullable<ApiClientOptions['fetch']> },
  });
  if (toClient) {
    b.api.config.use((prev, method, payload, signal) => {
      toClient.push(method);
      return prev(method, payload, signal);
    });
  }
  b.api.config.use(directJsonCalls({ apiRoot: base, token: '42:T', timeoutMs }));
  return b;
}

describe('direct JSON calls', () => {
  it('sends what grammY would and returns the result', async () => {
    const markup = { reply_markup: { inline_keyboard: [[{ text: 'Đăng ký', callback_data: 'enroll:1' }]] } };
    const sent = await bot().api.sendMessage(5, 'chào bạn', markup);
    expect(sent).toEqual({ message_id: 7 });
    expect(seen).toEqual([
      { url: '/bot42:T/sendMessage', body: JSON.stringify({ chat_id: 5, text: 'chào bạn', ...markup }), contentType: 'application/json' },
    ]);
  });

  it('leaves null values out, as grammY does', () => {
    expect(jsonBody({ chat_id: 1, text: 'x', reply_markup: { keyboard: [[{ text: 'a', request_contact: null }]] }, parse_mode: null })).toBe(
      '{"chat_id":1,"text":"x","reply_markup":{"keyboard":[[{"text":"a"}]]}}',
    );
    expect(jsonBody({ chat_id: 1, text: 'x' })).toBe('{"chat_id":1,"text":"x"}');
  });

  it('an ok:false answer is a GrammyError read as before', async () => {
    answer = () => ({ status: 403, body: JSON.stringify({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }) });
    const err = await bot().api.sendMessage(5, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect(classifyTelegramError(err)).toEqual({ failure: 'permanent', code: 403, userGone: 'blocked' });
  });

  it('a call past its time limit fails as unknown (it may have arrived), a refused one as transient', async () => {
    answer = () => ({ status: 200, body: '', hold: true });
    const timedOut = await bot(300).api.answerCallbackQuery('q1').catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(HttpError);
    expect((timedOut as HttpError).message).toBe("Network request for 'answerCallbackQuery' failed!");
    expect(classifyTelegramError(timedOut)).toEqual({ failure: 'unknown', code: 'timeout' });

    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const refused = await bot().api.sendMessage(5, 'x').catch((e: unknown) => e);
    expect(classifyTelegramError(refused)).toEqual({ failure: 'transient', code: 'ECONNREFUSED' });
    server = createServer();
    server.listen(0, '127.0.0.1');
  });

  it('other methods still go through grammY’s client', async () => {
    const toClient: string[] = [];
    const b = bot(5_000, toClient);
    await b.api.sendMessage(5, 'x');
    answer = () => ({ status: 200, body: JSON.stringify({ ok: true, result: true }) });
    await b.api.deleteWebhook({ drop_pending_updates: false });
    expect(toClient).toEqual(['deleteWebhook']);
    expect(seen.map((s) => s.url)).toEqual(['/bot42:T/sendMessage', '/bot42:T/deleteWebhook']);
  });

  describe('a call that needs no result (the sender’s messages)', () => {
    const call = () => directCall({ apiRoot: base, token: '42:T', timeoutMs: 5_000 }, { needResult: false });

    it('sends the same request, and does not read back the message Telegram returns', async () => {
      const payload = { chat_id: 5, text: 'chào bạn', reply_markup: { inline_keyboard: [[{ text: 'Đăng ký', callback_data: 'enroll:1' }]] } };
      await expect(callOrThrow(call(), 'sendMessage', payload)).resolves.toBeUndefined();
      expect(await call()('sendMessage', payload)).toEqual({ ok: true });
      await bot().api.sendMessage(5, 'chào bạn', { reply_markup: payload.reply_markup });
      expect(seen).toHaveLength(3);
      expect(new Set(seen.map((s) => `${s.url} ${s.contentType} ${s.body}`)).size).toBe(1);
    });

    it('fails as grammY’s Api would: ok:false, an answer that is not JSON', async () => {
      answer = () => ({ status: 429, body: JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }) });
      const direct = await callOrThrow(call(), 'sendMessage', { chat_id: 5, text: 'x' }).catch((e: unknown) => e);
      const viaGrammy = await bot().api.sendMessage(5, 'x').catch((e: unknown) => e);
      expect(direct).toBeInstanceOf(GrammyError);
      expect((direct as GrammyError).message).toBe((viaGrammy as GrammyError).message);
      expect(classifyTelegramError(direct)).toEqual({ failure: 'rate-limited', code: 429, retryAfterMs: 3000 });

      answer = () => ({ status: 200, body: '<html>bad gateway</html>' });
      const notJson = await callOrThrow(call(), 'sendMessage', { chat_id: 5, text: 'x' }).catch((e: unknown) => e);
      expect(notJson).toBeInstanceOf(HttpError);
      expect(classifyTelegramError(notJson)).toEqual({ failure: 'transient', code: 'bad-response' });
    });
  });
});
