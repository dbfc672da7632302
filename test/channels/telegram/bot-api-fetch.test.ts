/**
 * The Bot API fetch on its own, against a real HTTP server on 127.0.0.1: a JSON answer, a streamed
 * (multipart) body, an answer that is not JSON, an abort, and how the error classifier reads each
 * failure through grammY's HttpError.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { HttpError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botApiFetch } from '../../../src/channels/telegram/bot-api-fetch.js';
import { classifyTelegramError } from '../../../src/channels/telegram/errors.js';

let server: Server;
let base: string;
let answer: (body: string) => { status: number; body: string; holdMs?: number };
beforeEach(async () => {
  answer = (body) => ({ status: 200, body: JSON.stringify({ ok: true, result: { echo: body } }) });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const a = answer(Buffer.concat(chunks).toString('utf8'));
      setTimeout(() => res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body), a.holdMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const httpError = (err: unknown) => new HttpError('Network request for x failed', err);

describe('Bot API fetch', () => {
  it('posts a JSON body and reads the JSON answer', async () => {
    const res = await botApiFetch(`${base}/botT/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"chat_id":1,"text":"chào"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, result: { echo: '{"chat_id":1,"text":"chào"}' } });
  });

  it('streams a body whole (a multipart upload)', async () => {
    const res = await botApiFetch(`${base}/botT/sendDocument`, { method: 'POST', body: Readable.from(['part 1, ', 'part 2']) });
    expect(await res.json()).toEqual({ ok: true, result: { echo: 'part 1, part 2' } });
  });

  it('an answer that is not JSON (a proxy error page) is refused, safe to repeat', async () => {
    answer = () => ({ status: 502, body: '<html>Bad Gateway</html>' });
    const res = await botApiFetch(`${base}/botT/sendMessage`, { method: 'POST', body: '{}' });
    const err = await res.json().catch((e: unknown) => e);
    expect(classifyTelegramError(httpError(err))).toEqual({ failure: 'transient', code: 'bad-response' });
  });

  it('an abort after sending leaves the outcome unknown; a refused connection is transient', async () => {
    answer = () => ({ status: 200, body: '{"ok":true,"result":true}', holdMs: 5_000 });
    const controller = new AbortController();
    const pending = botApiFetch(`${base}/botT/sendMessage`, { method: 'POST', body: '{}', signal: controller.signal });
    setImmediate(() => controller.abort());
    const aborted = await pending.catch((e: unknown) => e);
    expect((aborted as Error).name).toBe('AbortError');
    expect(classifyTelegramError(httpError(aborted)).failure).toBe('unknown');

    const closed = base;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const refused = await botApiFetch(`${closed}/botT/sendMessage`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(classifyTelegramError(httpError(refused))).toEqual({ failure: 'transient', code: 'ECONNREFUSED' });
    server = createServer();
    server.listen(0, '127.0.0.1');
  });
});
