/**
 * A fake Telegram Bot API on 127.0.0.1 for tests and benchmarks: real HTTP, so grammY's own
 * client, serialisation and error handling are exercised end to end.
 *
 *   const tg = new FakeTelegramApi();
 *   await tg.start();                      // tg.url is the apiRoot for grammY / TELEGRAM_API_ROOT
 *   tg.pushUpdate(tgUpdate.text(42, 'hi')); // served by getUpdates (long polling)
 *   await tg.waitForSent(1, 42);
 *   tg.texts(42);                          // ['...']
 *   tg.failNext('sendMessage', { kind: '429', retryAfter: 1 });
 *   tg.failNext('sendMessage', { kind: '403' }, { chatId: 42, times: 2 });
 *   tg.setRateLimit(30);                   // global 30 sends/s, 429 beyond
 *   await tg.stop();
 *
 * Reading: `calls` (every call, failures included, with its HTTP status), `callsOf(method)`,
 * `sent(chatId?)` / `texts(chatId?)` (delivered sends only), `webhook`, `pendingUpdates`,
 * `waitFor(predicate)` / `waitForSent(n, chatId?)`. `tgUpdate.*` builds private-chat updates.
 *
 * Supported methods: getMe, setWebhook, deleteWebhook, getWebhookInfo, getUpdates, sendMessage,
 * sendDocument (multipart), answerCallbackQuery, editMessageReplyMarkup. Any other method answers
 * `{ok:true, result:true}` and is recorded, so new code does not fail for a missing stub.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** JSON body, or multipart fields (JSON-looking strings parsed; files as {filename, size}). */
  params: Record<string, unknown>;
  /** HTTP status the fake answered with (200 for success). */
  status: number;
  at: number;
}

export type FakeFailure =
  /** 429 with parameters.retry_after (seconds). */
  | { kind: '429'; retryAfter: number }
  /** 403; description defaults to "Forbidden: bot was blocked by the user". */
  | { kind: '403'; description?: string }
  /** Any Bot API error, e.g. {status: 400, description: 'Bad Request: chat not found'} or a 500. */
  | { kind: 'error'; status: number; description: string }
  /** The message IS delivered (appears in sent()) but the answer never comes: a timeout after sending. */
  | { kind: 'timeout' }
  /** The connection is destroyed before anything is recorded as delivered. */
  | { kind: 'reset' };

export interface FailOptions {
  /** How many matching calls fail (default 1). */
  times?: number;
  /** Only calls for this chat_id fail. */
  chatId?: number | string;
}

export interface FakeTelegramOptions {
  /** If set, requests with another token get 401 Unauthorized. */
  token?: string;
  /** Longest time getUpdates is held open when no update is queued (default 500 ms). */
  maxPollMs?: number;
  /** What getMe returns. */
  me?: { id: number; username: string; first_name: string };
  /**
   * How long an idle keep-alive connection stays open (default Node's 5 s). Benchmarks set it long,
   * as a real API server keeps a bot's connections: closing them after 5 s idle made the bot
   * reconnect through every lull of a benchmark.
   */
  keepAliveTimeoutMs?: number;
}

interface FailRule extends FailOptions {
  method: string;
  failure: FakeFailure;
  remaining: number;
}

/** Methods that deliver something to a chat: they count toward sent() and the rate limit. */
const SEND_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'copyMessage', 'forwardMessage']);
const JSON_HEADERS = { 'content-type': 'application/json' };

export class FakeTelegramApi {
  /** Every call in arrival order, failures included. */
  readonly calls: RecordedCall[] = [];
  /** Current webhook (set by setWebhook, cleared by deleteWebhook). */
  webhook: { url: string; secret_token?: string } | undefined;

  private server: Server | undefined;
  private port = 0;
  private queue: Array<Record<string, unknown> & { update_id: number }> = [];
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private pollers = new Set<() => void>();
  private rules: FailRule[] = [];
  private rate: { perSecond: number; retryAfter: number; window: number[] } | undefined;
  private hanging = new Set<ServerResponse>();
  private waiters = new Set<() => void>();
  private readonly opts: Required<Omit<FakeTelegramOptions, 'token' | 'keepAliveTimeoutMs'>> & Pick<FakeTelegramOptions, 'token' | 'keepAliveTimeoutMs'>;

  constructor(options: FakeTelegramOptions = {}) {
    this.opts = {
      maxPollMs: options.maxPollMs ?? 500,
      me: options.me ?? { id: 999000, username: 'nghebot_test_bot', first_name: 'Nghề Bot' },
      ...(options.token ? { token: options.token } : {}),
      ...(options.keepAliveTimeoutMs !== undefined ? { keepAliveTimeoutMs: options.keepAliveTimeoutMs } : {}),
    };
  }

  /** apiRoot for grammY (`client.apiRoot`) and TELEGRAM_API_ROOT. */
  get url(): string {
    if (!this.server) throw new Error('FakeTelegramApi not started');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, JSON_HEADERS).end(JSON.stringify({ ok: false, error_code: 500, description: 'fake crashed' }));
      });
    });
    if (this.opts.keepAliveTimeoutMs !== undefined) this.server.keepAliveTimeout = this.opts.keepAliveTimeoutMs;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.pollers) wake();
    for (const res of this.hanging) res.destroy();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---------- driving the fake ----------

  /** Queues an update for getUpdates; assigns update_id when missing. Returns the update_id. */
  pushUpdate(update: Record<string, unknown>): number {
    const id = typeof update.update_id === 'number' ? update.update_id : this.nextUpdateId++;
    if (id >= this.nextUpdateId) this.nextUpdateId = id + 1;
    this.queue.push({ ...update, update_id: id });
    for (const wake of this.pollers) wake();
    return id;
  }

  /** Updates queued and not yet confirmed by a getUpdates offset. */
  get pendingUpdates(): number {
    return this.queue.length;
  }

  /** Makes the next matching call(s) of `method` fail. Rules are used in the order given. */
  failNext(method: string, failure: FakeFailure, options: FailOptions = {}): void {
    this.rules.push({ method, failure, remaining: options.times ?? 1, ...options });
  }

  /** A global cap on send methods per rolling second; beyond it they get 429. undefined turns it off. */
  setRateLimit(perSecond: number | undefined, retryAfter = 1): void {
    this.rate = perSecond === undefined ? undefined : { perSecond, retryAfter, window: [] };
  }

  /** Forgets calls, queued updates, failure rules and the rate limit. */
  reset(): void {
    this.calls.length = 0;
    this.queue = [];
    this.rules = [];
    this.rate = undefined;
    this.webhook = undefined;
  }

  // ---------- reading what happened ----------

  /** Params of successfully delivered sends (sendMessage, sendDocument...), optionally for one chat. */
  sent(chatId?: number | string): Array<Record<string, unknown> & { method: string }> {
    return this.calls
      .filter((c) => SEND_METHODS.has(c.method) && (c.status === 200 || c.status === 0))
      .filter((c) => chatId === undefined || String(c.params.chat_id) === String(chatId))
      .map((c) => ({ method: c.method, ...c.params }));
  }

  /** Texts of delivered sendMessage calls, optionally for one chat. */
  texts(chatId?: number | string): string[] {
    return this.sent(chatId)
      .filter((s) => s.method === 'sendMessage')
      .map((s) => String(s.text));
  }

  /** Calls of one method (failures included). */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `predicate` holds, checking after every call; rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeTelegramApi.waitFor timed out after ${timeoutMs} ms (${this.calls.length} calls)`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Waits until at least `n` sends were delivered (to `chatId`, if given). */
  waitForSent(n: number, chatId?: number | string, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.sent(chatId).length >= n, timeoutMs);
  }

  // ---------- HTTP ----------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404, JSON_HEADERS).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
      return;
    }
    const [, token, method] = m as unknown as [string, string, string];
    const params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    const call: RecordedCall = { method, params, status: 200, at: Date.now() };
    this.calls.push(call);

    const answer = (status: number, body: unknown) => {
      call.status = status;
      if (!res.destroyed) res.writeHead(status, JSON_HEADERS).end(JSON.stringify(body));
      this.notify();
    };
    const fail = (status: number, description: string, parameters?: Record<string, unknown>) =>
      answer(status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });

    if (this.opts.token !== undefined && token !== this.opts.token) return fail(401, 'Unauthorized');

    const rule = this.takeRule(method, params);
    if (rule) {
      const f = rule.failure;
      if (f.kind === '429') return fail(429, `Too Many Requests: retry after ${f.retryAfter}`, { retry_after: f.retryAfter });
      if (f.kind === '403') return fail(403, f.description ?? 'Forbidden: bot was blocked by the user');
      if (f.kind === 'error') return fail(f.status, f.description);
      if (f.kind === 'reset') {
        call.status = -1;
        res.destroy();
        this.notify();
        return;
      }
      // timeout: delivered, never answered. status 0 marks "delivered, no answer".
      call.status = 0;
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      this.notify();
      return;
    }

    if (SEND_METHODS.has(method) && this.rate) {
      const now = Date.now();
      const w = this.rate.window.filter((t) => now - t < 1000);
      this.rate.window = w;
      if (w.length >= this.rate.perSecond) {
        return fail(429, `Too Many Requests: retry after ${this.rate.retryAfter}`, { retry_after: this.rate.retryAfter });
      }
      w.push(now);
    }

    switch (method) {
      case 'getMe':
        return answer(200, { ok: true, result: { ...this.opts.me, is_bot: true, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } });
      case 'setWebhook':
        this.webhook = { url: String(params.url), ...(params.secret_token ? { secret_token: String(params.secret_token) } : {}) };
        return answer(200, { ok: true, result: true, description: 'Webhook was set' });
      case 'deleteWebhook':
        this.webhook = undefined;
        if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') this.queue = [];
        return answer(200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return answer(200, { ok: true, result: { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length } });
      case 'getUpdates':
        return this.getUpdates(params, res, call, answer);
      case 'sendMessage':
      case 'sendDocument': {
        const message: Record<string, unknown> = {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(params.chat_id), type: 'private' },
          from: { id: this.opts.me.id, is_bot: true, first_name: this.opts.me.first_name, username: this.opts.me.username },
        };
        if (method === 'sendMessage') message.text = params.text;
        else message.document = { file_id: `doc${message.message_id}`, file_unique_id: `u${message.message_id}`, ...(isFile(params.document) ? { file_name: params.document.filename, file_size: params.document.size } : {}) };
        return answer(200, { ok: true, result: message });
      }
      case 'answerCallbackQuery':
        return answer(200, { ok: true, result: true });
      case 'editMessageReplyMarkup':
        return answer(200, { ok: true, result: true });
      default:
        return answer(200, { ok: true, result: true });
    }
  }

  private takeRule(method: string, params: Record<string, unknown>): FailRule | undefined {
    const i = this.rules.findIndex(
      (r) => r.method === method && r.remaining > 0 && (r.chatId === undefined || String(r.chatId) === String(params.chat_id)),
    );
    if (i < 0) return undefined;
    const rule = this.rules[i]!;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(i, 1);
    return rule;
  }

  private getUpdates(
    params: Record<string, unknown>,
    res: ServerResponse,
    call: RecordedCall,
    answer: (status: number, body: unknown) => void,
  ): void {
    if (this.webhook) {
      answer(409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
      return;
    }
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    // A positive offset confirms every update below it (Bot API semantics).
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    const ready = () => this.queue.filter((u) => u.update_id >= offset).slice(0, limit);
    const now = ready();
    const holdMs = Math.min(Number(params.timeout ?? 0) * 1000, this.opts.maxPollMs);
    if (now.length > 0 || holdMs <= 0) {
      answer(200, { ok: true, result: now });
      return;
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.pollers.delete(finish);
      // The client may have aborted (grammY's stop()); then there is nobody to answer.
      if (res.destroyed || res.writableEnded) {
        call.status = -1;
        return;
      }
      answer(200, { ok: true, result: ready() });
    };
    const timer = setTimeout(finish, holdMs);
    this.pollers.add(finish);
    res.on('close', () => {
      if (!res.writableEnded) finish();
    });
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }
}

function isFile(v: unknown): v is { filename: string; size: number } {
  return typeof v === 'object' && v !== null && 'filename' in v && 'size' in v;
}

function tryJson(s: string): unknown {
  if (!/^[[{]|^(true|false|null|-?\d+(\.\d+)?)$/.test(s)) return s;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Reads a JSON, urlencoded or multipart body into a plain object. */
async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return {};
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
    const parts = boundary ? parseMultipart(body, boundary[1] ?? boundary[2]!) : [];
    const out: Record<string, unknown> = {};
    const files: Record<string, { filename: string; size: number; data: Buffer }> = {};
    for (const part of parts) {
      if (part.filename !== undefined) files[part.name] = { filename: part.filename, size: part.data.length, data: part.data };
      else out[part.name] = tryJson(part.data.toString('utf8'));
    }
    // grammY sends files as separate parts referenced by "attach://<name>" in the field.
    const attached = new Set<string>();
    for (const [key, v] of Object.entries(out)) {
      const ref = typeof v === 'string' && v.startsWith('attach://') ? v.slice('attach://'.length) : undefined;
      if (ref && files[ref]) {
        out[key] = files[ref];
        attached.add(ref);
      }
    }
    for (const [key, f] of Object.entries(files)) if (!attached.has(key)) out[key] = f;
    return out;
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries([...new URLSearchParams(body.toString('utf8'))].map(([k, v]) => [k, tryJson(v)]));
  }
  return {};
}

/**
 * A lenient multipart/form-data reader: grammY writes headers without spaces and unquoted
 * filenames, which undici's strict FormData parser rejects.
 */
function parseMultipart(body: Buffer, boundary: string): Array<{ name: string; filename?: string; data: Buffer }> {
  const out: Array<{ name: string; filename?: string; data: Buffer }> = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const name = /name="?([^";\r\n]*)"?/i.exec(headers.replace(/filename=[^;\r\n]*/i, ''))?.[1];
      const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
      if (name !== undefined) out.push({ name, ...(filename !== undefined ? { filename } : {}), data: Buffer.from(part.subarray(split + 4)) });
    }
    pos = next;
  }
  return out;
}

// ---------- update builders ----------

let builderMessageId = 1;
const user = (id: number, name = 'Test') => ({ id, is_bot: false, first_name: name, language_code: 'vi' });
const privateChat = (id: number, name = 'Test') => ({ id, type: 'private', first_name: name });
const msg = (userId: number, extra: Record<string, unknown>) => ({
  message: { message_id: builderMessageId++, date: Math.floor(Date.now() / 1000), chat: privateChat(userId), from: user(userId), ...extra },
});

/** Builders for the updates a private-chat user produces. Pass `update_id` via pushUpdate's object if needed. */
export const tgUpdate = {
  text: (userId: number, text: string) => msg(userId, { text, ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] } : {}) }),
  start: (userId: number, payload?: string) => tgUpdate.text(userId, payload ? `/start ${payload}` : '/start'),
  callback: (userId: number, data: string, id = `cq${builderMessageId++}`) => ({
    callback_query: {
      id,
      from: user(userId),
      chat_instance: `ci${userId}`,
      data,
      message: { message_id: builderMessageId++, date: Math.floor(Date.now() / 1000), chat: privateChat(userId), text: 'menu' },
    },
  }),
  /** A shared contact; `ownerId` is the contact's user_id (the sender's own id for "share my phone"). */
  contact: (userId: number, phone: string, ownerId?: number) =>
    msg(userId, { contact: { phone_number: phone, first_name: 'Contact', ...(ownerId !== undefined ? { user_id: ownerId } : {}) } }),
  location: (userId: number, latitude: number, longitude: number) => msg(userId, { location: { latitude, longitude } }),
  /** my_chat_member: 'kicked' when the user blocks the bot, 'member' when they unblock it. */
  membership: (userId: number, status: 'kicked' | 'member') => ({
    my_chat_member: {
      chat: privateChat(userId),
      from: user(userId),
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { user: { id: 999000, is_bot: true, first_name: 'Bot' }, status: status === 'kicked' ? 'member' : 'kicked', ...(status === 'member' ? { until_date: 0 } : {}) },
      new_chat_member: { user: { id: 999000, is_bot: true, first_name: 'Bot' }, status, ...(status === 'kicked' ? { until_date: 0 } : {}) },
    },
  }),
};
