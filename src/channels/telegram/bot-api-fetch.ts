/**
 * The `fetch` grammY calls the Bot API with, over node:http(s) and grammY's keep-alive agent.
 * grammY only POSTs (a JSON string, or a multipart stream for files) and reads the answer as JSON,
 * so this does just that: it skips node-fetch's Request/Headers/Body machinery, which cost more
 * CPU than the rest of sending a reply (measured in the webhook bench's profile).
 *
 * Failures look like node-fetch's where the error classifier reads them (errors.ts): a network
 * error keeps its `code` (ECONNREFUSED…), an answer that is not JSON has `type: 'invalid-json'`,
 * an aborted call rejects with an AbortError.
 */
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What grammY passes: its base config (agent), the payload's method, headers and body, a signal. */
export interface BotApiRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  agent?: http.Agent;
  signal?: { aborted: boolean; addEventListener(type: 'abort', listener: () => void): void; removeEventListener(type: 'abort', listener: () => void): void };
}

export interface BotApiResponse {
  status: number;
  ok: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** The answer was not JSON (a proxy's error page): the request was refused, safe to repeat. */
export class InvalidJsonError extends Error {
  readonly type = 'invalid-json';
  constructor(readonly status: number) {
    super(`Bot API answered ${status} with a body that is not JSON`);
    this.name = 'FetchError';
  }
}

function abortError(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

interface Target {
  https: boolean;
  options: { protocol: string; hostname: string; port: string; path: string; auth?: string };
}
/** Parsed request targets by URL: a bot calls a handful of methods, each at one URL, many times. */
const targets = new Map<string, Target>();
const MAX_TARGETS = 100;

function targetOf(url: string): Target {
  let target = targets.get(url);
  if (!target) {
    const u = new URL(url);
    // Brackets off an IPv6 literal, as node:http's own URL handling does.
    const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    const auth = u.username || u.password ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
    const options = { protocol: u.protocol, hostname, port: u.port, path: `${u.pathname}${u.search}`, ...(auth ? { auth } : {}) };
    target = { https: u.protocol === 'https:', options };
    if (targets.size >= MAX_TARGETS) targets.clear();
    targets.set(url, target);
  }
  return target;
}

export function botApiFetch(url: string, init: BotApiRequestInit = {}): Promise<BotApiResponse> {
  return new Promise((resolve, reject) => {
    const { signal, body } = init;
    if (signal?.aborted) return reject(abortError());
    const target = targetOf(url);
    const transport = target.https ? https : http;
    const headers: Record<string, string | number> = { ...init.headers };
    if (typeof body === 'string' || Buffer.isBuffer(body)) headers['content-length'] = Buffer.byteLength(body);

    let settled = false;
    const finish = (err: Error | undefined, response?: BotApiResponse) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(response!);
    };
    const onAbort = () => {
      const err = abortError();
      req.destroy(err);
      finish(err);
    };

    const req = transport.request({ ...target.options, method: init.method ?? 'GET', headers, ...(init.agent ? { agent: init.agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => finish(err));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        finish(undefined, {
          status,
          ok: status >= 200 && status < 300,
          text: async () => text,
          async json() {
            try {
              return JSON.parse(text) as unknown;
            } catch {
              throw new InvalidJsonError(status);
            }
          },
        });
      });
    });
    req.on('error', (err) => finish(err));
    signal?.addEventListener('abort', onAbort);

    if (body instanceof Readable) {
      pipeline(body, req).catch((err: Error) => {
        req.destroy(err);
        finish(err);
      });
    } else {
      req.end(body);
    }
  });
}
