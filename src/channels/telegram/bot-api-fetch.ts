/**
 * The `fetch` grammY calls the Bot API with, over undici's HTTP client (keep-alive connections per
 * origin) in its handler form. grammY only POSTs (a JSON string, or a multipart stream for files)
 * and reads the answer as JSON, so this does just that: it skips node-fetch's Request/Headers/Body
 * machinery, node:http's ClientRequest and IncomingMessage, and a stream around the answer's bytes,
 * which cost the bot more CPU per reply than any other step of a turn (measured in the webhook bench).
 *
 * Failures look like node-fetch's where the error classifier reads them (errors.ts): a network
 * error keeps its `code` (ECONNREFUSED…), an answer that is not JSON has `type: 'invalid-json'`,
 * an aborted call rejects with an AbortError.
 */
import type http from 'node:http';
import { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';

/** What grammY passes: its base config (agent, unused here), the payload's method, headers and body, a signal. */
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

/** Keep-alive connections to each Bot API origin, shared by every bot of the process. */
const dispatcher = new Agent();

interface Target {
  origin: string;
  path: string;
  /** `user:password` from the URL, sent as Basic authorization as node:http would. */
  authorization?: string;
}
/** Parsed request targets by URL: a bot calls a handful of methods, each at one URL, many times. */
const targets = new Map<string, Target>();
const MAX_TARGETS = 100;

function targetOf(url: string): Target {
  let target = targets.get(url);
  if (!target) {
    const u = new URL(url);
    const auth = u.username || u.password ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
    target = { origin: u.origin, path: `${u.pathname}${u.search}`, ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}) };
    if (targets.size >= MAX_TARGETS) targets.clear();
    targets.set(url, target);
  }
  return target;
}

export function botApiFetch(url: string, init: BotApiRequestInit = {}): Promise<BotApiResponse> {
  const target = targetOf(url);
  const headers: Record<string, string> = target.authorization ? { ...init.headers, authorization: target.authorization } : { ...init.headers };
  return dispatch(target, (init.method ?? 'GET') as Dispatcher.HttpMethod, headers, init.body ?? null, init.signal);
}

/**
 * A call past its deadline is aborted by one sweep timer shared by every call in flight, not by a
 * timer of its own: a timer per call cost more than the rest of the call's bookkeeping, and a
 * deadline of seconds does not need millisecond precision.
 */
const SWEEP_EVERY_MS = 250;
interface Deadline {
  at: number;
  expire(): void;
}
const deadlines = new Set<Deadline>();
let sweeper: NodeJS.Timeout | undefined;

function sweep(): void {
  const now = Date.now();
  for (const d of deadlines) {
    if (d.at > now) continue;
    deadlines.delete(d);
    d.expire();
  }
  // The timer runs only while some call is in flight.
  if (deadlines.size === 0) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

function watch(d: Deadline): void {
  deadlines.add(d);
  if (sweeper === undefined) {
    sweeper = setInterval(sweep, SWEEP_EVERY_MS);
    sweeper.unref();
  }
}

/** A call cut off by its deadline: the message may or may not have reached Telegram. */
export class CallTimeoutError extends Error {
  constructor(method: string, timeoutMs: number) {
    super(`Request to '${method}' timed out after ${timeoutMs / 1000} seconds`);
    this.name = 'CallTimeoutError';
  }
}

const JSON_HEADERS = { 'content-type': 'application/json', connection: 'keep-alive' };

/**
 * POSTs a JSON body to a Bot API method and reads the answer, failing with CallTimeoutError after
 * `timeoutMs` (the whole call) as grammY's client would; `signal` aborts it earlier.
 */
export function postJson(url: string, method: string, body: string, timeoutMs: number, signal?: BotApiRequestInit['signal']): Promise<BotApiResponse> {
  const target = targetOf(url);
  return dispatch(target, 'POST', target.authorization ? { ...JSON_HEADERS, authorization: target.authorization } : JSON_HEADERS, body, signal, {
    at: Date.now() + timeoutMs,
    error: () => new CallTimeoutError(method, timeoutMs),
  });
}

function dispatch(
  target: Target,
  method: Dispatcher.HttpMethod,
  headers: Record<string, string>,
  body: string | Buffer | Readable | null,
  signal: BotApiRequestInit['signal'],
  deadline?: { at: number; error(): Error },
): Promise<BotApiResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const chunks: Buffer[] = [];
    let status = 0;
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let watched: Deadline | undefined;
    const finish = (err: Error | undefined, response?: BotApiResponse) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (watched) deadlines.delete(watched);
      if (err) reject(err);
      else resolve(response!);
    };
    const cut = (err: Error) => {
      controller?.abort(err);
      finish(err);
    };
    const onAbort = () => cut(abortError());
    signal?.addEventListener('abort', onAbort);
    if (deadline) watch((watched = { at: deadline.at, expire: () => cut(deadline.error()) }));
    try {
      // The handler form: the answer's bytes come straight here, without a Readable stream around them.
      dispatcher.dispatch(
        { origin: target.origin, path: target.path, method, headers, body },
        {
          onRequestStart(c) {
            controller = c;
            // Cut off before the request started: it never goes out.
            if (settled) c.abort(abortError());
          },
          onResponseStart(_c, statusCode) {
            status = statusCode;
          },
          onResponseData(_c, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            finish(undefined, answer(status, (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')));
          },
          onResponseError(_c, err) {
            finish(signal?.aborted ? abortError() : err);
          },
        },
      );
    } catch (err) {
      finish(err as Error);
    }
  });
}

function answer(status: number, text: string): BotApiResponse {
  return {
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
  };
}
