/**
 * The `fetch` grammY calls the Bot API with, over undici's HTTP client (keep-alive connections per
 * origin) in its handler form. grammY only POSTs (a JSON string, or a multipart stream for files)
 * and reads the answer as JSON, so this does just that: it skips node-fetch's Request/Headers/Body
 * machinery, node:http's ClientRequest and IncomingMessage, and a stream around the answer's bytes,
 * which cost the bot more CPU per reply than any other step of a turn (measured in the webhook bench).
 *
 * Failures look like node-fetch's where the error classifier reads them (errors.ts): a network
 * error keeps its `code` (ECONNREFUSED…), an answer that is not JSON has `type: 'invalid-json'`,
 * an aborted call rejects with an AbortError. `postJson` is the same request for the calls made
 * without grammY's client (json-calls.ts), with the whole call's time limit kept here.
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
const deadlines = new Set<BotApiCall>();
let sweeper: NodeJS.Timeout | undefined;

function sweep(): void {
  const now = Date.now();
  for (const call of deadlines) {
    if (call.deadline > now) continue;
    deadlines.delete(call);
    call.expire();
  }
  // The timer runs only while some call is in flight.
  if (deadlines.size === 0) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

function watch(call: BotApiCall): void {
  deadlines.add(call);
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

/** No `connection` header: undici writes `connection: keep-alive` itself, and would parse and check one given here on every call. */
const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * POSTs a JSON body to a Bot API method and reads the answer, failing with CallTimeoutError after
 * `timeoutMs` (the whole call) as grammY's client would; `signal` aborts it earlier.
 */
export function postJson(url: string, method: string, body: string, timeoutMs: number, signal?: BotApiRequestInit['signal']): Promise<BotApiResponse> {
  const target = targetOf(url);
  const headers = target.authorization ? { ...JSON_HEADERS, authorization: target.authorization } : JSON_HEADERS;
  return new Promise((resolve, reject) => new BotApiCall(resolve, reject, signal, Date.now() + timeoutMs, method, timeoutMs).start(target, 'POST', headers, body));
}

function dispatch(
  target: Target,
  method: Dispatcher.HttpMethod,
  headers: Record<string, string>,
  body: string | Buffer | Readable | null,
  signal: BotApiRequestInit['signal'],
): Promise<BotApiResponse> {
  return new Promise((resolve, reject) => new BotApiCall(resolve, reject, signal, Infinity).start(target, method, headers, body));
}

/**
 * One request in flight, as undici's handler (the handler form: the answer's bytes come straight
 * here, without a Readable stream around them). A class rather than closures made per call.
 */
class BotApiCall implements Dispatcher.DispatchHandler {
  private readonly chunks: Buffer[] = [];
  private status = 0;
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  /** Listens for the caller's abort (bound once, only when there is a signal). */
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (response: BotApiResponse) => void,
    private readonly reject: (err: Error) => void,
    private readonly signal: BotApiRequestInit['signal'],
    /** Date.now() past which the call is cut off (Infinity: never). */
    readonly deadline: number,
    private readonly apiMethod = '',
    private readonly timeoutMs = 0,
  ) {
    this.onAbort = signal ? this.cut.bind(this, undefined) : undefined;
  }

  start(target: Target, method: Dispatcher.HttpMethod, headers: Record<string, string>, body: string | Buffer | Readable | null): void {
    if (this.signal?.aborted) return this.reject(abortError());
    if (this.onAbort) this.signal!.addEventListener('abort', this.onAbort);
    if (this.deadline !== Infinity) watch(this);
    try {
      dispatcher.dispatch({ origin: target.origin, path: target.path, method, headers, body }, this);
    } catch (err) {
      this.finish(err as Error);
    }
  }

  /** The deadline passed: cut off as grammY's own timeout would. */
  expire(): void {
    this.cut(new CallTimeoutError(this.apiMethod, this.timeoutMs));
  }

  private cut(err: Error = abortError()): void {
    this.controller?.abort(err);
    this.finish(err);
  }

  private finish(err: Error | undefined, response?: BotApiResponse): void {
    if (this.settled) return;
    this.settled = true;
    if (this.onAbort) this.signal!.removeEventListener('abort', this.onAbort);
    if (this.deadline !== Infinity) deadlines.delete(this);
    if (err) this.reject(err);
    else this.resolve(response!);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Cut off before the request started: it never goes out.
    if (this.settled) controller.abort(abortError());
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const bytes = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.finish(undefined, new BotApiAnswer(this.status, bytes.toString('utf8')));
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.finish(this.signal?.aborted ? abortError() : err);
  }
}

class BotApiAnswer implements BotApiResponse {
  readonly ok: boolean;

  constructor(
    readonly status: number,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    try {
      return JSON.parse(this.body) as unknown;
    } catch {
      throw new InvalidJsonError(this.status);
    }
  }
}
