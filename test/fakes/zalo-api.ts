/**
 * A fake Zalo OA Open API on 127.0.0.1 for tests: the /cs send endpoint, the file upload and the
 * OAuth refresh endpoint, behaving like the real one where the bot depends on it (single-use refresh
 * tokens that rotate both tokens, -216 for a stale access token, errors in the body with HTTP 200,
 * injectable failures, an optional rate limit). Also signs webhook events as Zalo does.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ZaloCall {
  op: 'send' | 'upload' | 'refresh' | 'template' | 'other';
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON for sends, form fields for refreshes, a file summary for uploads. */
  body: unknown;
  userId?: string;
  status: number;
  response: unknown;
}

export interface FailRule {
  code: number;
  /** How many matching calls to fail; Infinity for all. */
  times?: number;
  /** Only calls for this recipient. */
  userId?: string;
  /** HTTP status of the failure (Zalo uses 200 for most errors). */
  httpStatus?: number;
  op?: 'send' | 'upload' | 'template';
  message?: string;
}

export interface FakeZaloOptions {
  appId?: string;
  appSecret?: string;
  /** Starting tokens; the fake accepts only the current pair. */
  accessToken?: string;
  refreshToken?: string;
  /** `expires_in` the refresh endpoint returns (seconds). */
  expiresIn?: number;
  /** Answer -32 once more than `max` sends/uploads arrive within `windowMs`. */
  rateLimit?: { max: number; windowMs: number };
  /** Delay before answering a refresh, to widen race windows. */
  refreshDelayMs?: number;
}

const MESSAGES: Record<number, string> = {
  [-32]: 'Your application reached limit call api',
  [-201]: 'user_id is invalid',
  [-210]: 'Parameter exceeds the limit',
  [-213]: 'User has not followed OA',
  [-216]: 'Access token is invalid',
  [-220]: 'Access token has expired or has been removed',
  [-230]: 'User has not interacted with the OA in the past 7 days',
  [-124]: 'Access token is invalid',
  [-144]: 'OA has reached the daily quota of template messages',
  [-147]: 'Template daily quota exceeded',
  [-249]: 'Template does not support sending by user_id',
  [-1471]: 'User has reached the monthly promotion message limit',
  [-1472]: 'User has reached the daily promotion message limit',
};

export class FakeZaloApi {
  readonly appId: string;
  readonly appSecret: string;
  /** The currently valid pair; rotated on every refresh. */
  accessToken: string;
  refreshToken: string;
  readonly calls: ZaloCall[] = [];
  refreshCount = 0;
  /** Delay (ms) before answering each send. */
  sendDelayMs = 0;
  /** Sends that arrived and wait on holdSends(). */
  heldSends = 0;
  /** Users whose last interaction is older than 7 days: /cs answers them -230. */
  readonly outsideWindow = new Set<string>();
  /** Approved ZBS templates by id; `byUserId: false` answers -249 to a send by user id. */
  readonly templates = new Map<string, { byUserId: boolean }>();
  private hold?: Promise<void>;

  private server?: Server;
  private port = 0;
  private rules: Array<FailRule & { left: number }> = [];
  private hangs = 0;
  private recent: number[] = [];
  private serial = 0;

  constructor(private readonly opts: FakeZaloOptions = {}) {
    this.appId = opts.appId ?? 'app-123';
    this.appSecret = opts.appSecret ?? 'app-secret';
    this.accessToken = opts.accessToken ?? 'access-0';
    this.refreshToken = opts.refreshToken ?? 'refresh-0';
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Base URL for ZALO_API_BASE. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Base URL for ZALO_OAUTH_BASE (the same server). */
  get oauthBase(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `message` bodies Zalo accepted, in order, optionally for one user. */
  sent(userId?: string): Array<Record<string, any>> {
    return this.calls
      .filter((c) => c.op === 'send' && c.status === 200 && (c.response as { error?: number }).error === 0)
      .filter((c) => userId === undefined || c.userId === userId)
      .map((c) => (c.body as { message: Record<string, any> }).message);
  }

  /** Template calls Zalo accepted, optionally for one user id or phone. */
  templateSends(to?: string): Array<Record<string, any>> {
    return this.calls
      .filter((c) => c.op === 'template' && c.status === 200 && (c.response as { error?: number }).error === 0)
      .map((c) => c.body as Record<string, any>)
      .filter((b) => to === undefined || b.user_id === to || b.phone === to);
  }

  /** Answers the next matching sends (or uploads) with a Zalo error code. */
  failNext(code: number, rule: Omit<FailRule, 'code'> = {}): void {
    this.rules.push({ ...rule, code, left: rule.times ?? 1 });
  }

  /** Accepts the next `times` sends but never answers (the client times out after sending). */
  hangNext(times = 1): void {
    this.hangs += times;
  }

  /** Parks arriving sends (before any check) until the returned release function is called. */
  holdSends(): () => void {
    let release!: () => void;
    this.hold = new Promise<void>((r) => (release = r));
    return () => {
      this.hold = undefined;
      release();
    };
  }

  /** Makes the current access token stale, as if another party refreshed. */
  rotateTokens(): void {
    this.serial += 1;
    this.accessToken = `access-${this.serial}`;
    this.refreshToken = `refresh-${this.serial}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'POST' && path === '/v4/oa/access_token') return this.refresh(req, res, raw);
    if (req.method === 'POST' && path === '/v3.0/oa/message/cs') return this.send(req, res, raw);
    if (req.method === 'POST' && path === '/v2.0/oa/upload/file') return this.upload(req, res, raw);
    if (req.method === 'POST' && path === '/message/template') return this.template(req, res, raw);
    this.answer(res, { op: 'other', path, headers: req.headers, body: raw.toString('utf8') }, 404, {
      error: 404,
      message: 'You are accessing an empty or invalid API',
    });
  }

  private async refresh(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    const call = { op: 'refresh' as const, path: '/v4/oa/access_token', headers: req.headers, body: form };
    if (this.opts.refreshDelayMs) await sleep(this.opts.refreshDelayMs);
    if (req.headers['secret_key'] !== this.appSecret || form.app_id !== this.appId) {
      return this.answer(res, call, 200, { error: -14002, error_name: 'Invalid app secret', message: 'Invalid app' });
    }
    if (form.grant_type !== 'refresh_token' || !form.refresh_token || form.refresh_token !== this.refreshToken) {
      // Single use: a refresh token that was already spent (or never issued) is refused.
      return this.answer(res, call, 200, { error: -14014, error_name: 'Invalid refresh token', message: 'Invalid refresh token' });
    }
    this.refreshCount += 1;
    this.rotateTokens();
    this.answer(res, call, 200, {
      access_token: this.accessToken,
      refresh_token: this.refreshToken,
      expires_in: String(this.opts.expiresIn ?? 90000),
    });
  }

  private async send(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    let body: any;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    const userId = typeof body?.recipient?.user_id === 'string' ? body.recipient.user_id : undefined;
    const call = { op: 'send' as const, path: '/v3.0/oa/message/cs', headers: req.headers, body, ...(userId ? { userId } : {}) };
    if (this.hangs > 0) {
      this.hangs -= 1;
      this.calls.push({ ...call, status: 0, response: 'hung' });
      return; // never answered; closed by stop()
    }
    if (this.hold) {
      this.heldSends += 1;
      await this.hold;
      this.heldSends -= 1;
    }
    if (this.sendDelayMs) await sleep(this.sendDelayMs);
    const pre = this.precheck(req, 'send', userId);
    if (pre) return this.answer(res, call, pre.status, pre.body);
    if (!userId || typeof body?.message !== 'object') return this.answer(res, call, 200, err(-201, 'recipient is invalid'));
    if (this.outsideWindow.has(userId)) return this.answer(res, call, 200, err(-230));
    const problem = checkMessage(body.message);
    if (problem) return this.answer(res, call, 200, err(-210, problem));
    this.answer(res, call, 200, { error: 0, message: 'Success', data: { message_id: `msg-${this.calls.length + 1}`, user_id: userId } });
  }

  /** ZBS template message: by `user_id` or by `phone` (84xxxxxxxxx), with an approved template. */
  private async template(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    let body: any;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    const to = typeof body?.user_id === 'string' ? body.user_id : typeof body?.phone === 'string' ? body.phone : undefined;
    const call = { op: 'template' as const, path: '/message/template', headers: req.headers, body, ...(to ? { userId: to } : {}) };
    if (req.headers['access_token'] !== this.accessToken) return this.answer(res, call, 200, err(-124));
    const rule = this.rules.find((r) => r.left > 0 && r.op === 'template' && (r.userId === undefined || r.userId === to));
    if (rule) {
      rule.left -= 1;
      return this.answer(res, call, rule.httpStatus ?? 200, err(rule.code, rule.message));
    }
    const template = this.templates.get(String(body?.template_id));
    if (!template) return this.answer(res, call, 200, err(-201, 'template_id is invalid'));
    if (typeof body?.template_data !== 'object' || body.template_data === null) return this.answer(res, call, 200, err(-201, 'template_data is invalid'));
    if (body.phone !== undefined && !/^84\d{9}$/.test(String(body.phone))) return this.answer(res, call, 200, err(-201, 'phone is invalid'));
    if (body.user_id !== undefined && !template.byUserId) return this.answer(res, call, 200, err(-249));
    if (!to) return this.answer(res, call, 200, err(-201, 'recipient is invalid'));
    this.answer(res, call, 200, { error: 0, message: 'Success', data: { msg_id: `tpl-${this.calls.length + 1}`, sent_time: String(Date.now()) } });
  }

  private async upload(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const file = parseMultipartFile(req.headers['content-type'], raw);
    const call = { op: 'upload' as const, path: '/v2.0/oa/upload/file', headers: req.headers, body: file };
    const pre = this.precheck(req, 'upload', undefined);
    if (pre) return this.answer(res, call, pre.status, pre.body);
    if (!file) return this.answer(res, call, 200, err(-201, 'file is invalid'));
    this.answer(res, call, 200, { error: 0, message: 'Success', data: { token: `file-token-${this.calls.length + 1}` } });
  }

  /** Token, rate-limit and injected-failure checks shared by sends and uploads. */
  private precheck(req: IncomingMessage, op: 'send' | 'upload', userId: string | undefined) {
    if (req.headers['access_token'] !== this.accessToken) return { status: 200, body: err(-216) };
    const rule = this.rules.find((r) => r.left > 0 && (r.op ?? 'send') === op && (r.userId === undefined || r.userId === userId));
    if (rule) {
      rule.left -= 1;
      return { status: rule.httpStatus ?? 200, body: err(rule.code, rule.message) };
    }
    if (this.opts.rateLimit) {
      const now = Date.now();
      this.recent = this.recent.filter((t) => now - t < this.opts.rateLimit!.windowMs);
      if (this.recent.length >= this.opts.rateLimit.max) return { status: 200, body: err(-32) };
      this.recent.push(now);
    }
    return undefined;
  }

  private answer(res: ServerResponse, call: Omit<ZaloCall, 'status' | 'response'>, status: number, body: unknown): void {
    this.calls.push({ ...call, status, response: body });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // Like Zalo: the quota and what is left of it in the current window, on API calls.
    if (this.opts.rateLimit && call.op !== 'refresh') {
      headers['x-ratelimit-limit'] = String(this.opts.rateLimit.max);
      headers['x-ratelimit-remain'] = String(Math.max(0, this.opts.rateLimit.max - this.recent.length));
    }
    res.writeHead(status, headers).end(JSON.stringify(body));
  }
}

/** Headers and exact raw body of a webhook delivery signed like Zalo: sha256(appId + body + timestamp + oaSecret). */
export function signZaloEvent(
  appId: string,
  body: Record<string, unknown> | string,
  oaSecret: string,
): { headers: Record<string, string>; payload: string; timestamp: string } {
  let payload: string;
  let timestamp: string;
  if (typeof body === 'string') {
    payload = body;
    timestamp = String((JSON.parse(body) as { timestamp?: unknown }).timestamp ?? '');
  } else {
    timestamp = String(body.timestamp ?? Date.now());
    payload = JSON.stringify({ app_id: appId, ...body, timestamp });
  }
  const mac = createHash('sha256').update(appId + payload + timestamp + oaSecret).digest('hex');
  return { headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` }, payload, timestamp };
}

let msgSerial = 0;
const nextMsgId = () => `mid-${Date.now()}-${++msgSerial}`;
const OA_ID = '579745863508352884';

/** Webhook bodies shaped like Zalo's, for signZaloEvent. */
export const zaloEvents = {
  text: (userId: string, text: string, msgId: string = nextMsgId()) => ({
    event_name: 'user_send_text',
    sender: { id: userId },
    recipient: { id: OA_ID },
    user_id_by_app: `app-${userId}`,
    message: { msg_id: msgId, text },
  }),
  follow: (userId: string) => ({ event_name: 'follow', oa_id: OA_ID, follower: { id: userId }, source: 'oa_profile' }),
  unfollow: (userId: string) => ({ event_name: 'unfollow', oa_id: OA_ID, follower: { id: userId }, source: 'oa_profile' }),
  submitInfo: (userId: string, info: { name?: string; phone?: string }) => ({
    event_name: 'user_submit_info',
    sender: { id: userId },
    recipient: { id: OA_ID },
    info: { address: '', city: '', district: '', ward: '', ...info },
  }),
  location: (userId: string, latitude: number, longitude: number, msgId: string = nextMsgId()) => ({
    event_name: 'user_send_location',
    sender: { id: userId },
    recipient: { id: OA_ID },
    message: { msg_id: msgId, attachments: [{ type: 'location', payload: { coordinates: { latitude, longitude } } }] },
  }),
  /** Zalo's echo of the OA's own message. */
  oaEcho: (userId: string, text: string, msgId: string = nextMsgId()) => ({
    event_name: 'oa_send_text',
    sender: { id: OA_ID },
    recipient: { id: userId },
    message: { msg_id: msgId, text },
  }),
};

function err(code: number, message?: string) {
  return { error: code, message: message ?? MESSAGES[code] ?? 'Error' };
}

/** Zalo's documented limits the bot must respect; a violation comes back as -210. */
function checkMessage(m: any): string | undefined {
  if (typeof m.text === 'string' && m.text.length > 2000) return 'text exceeds 2000 characters';
  const payload = m.attachment?.payload;
  const buttons = payload?.buttons;
  if (Array.isArray(buttons)) {
    if (buttons.length > 5) return 'too many buttons';
    if (buttons.some((b: any) => typeof b?.title !== 'string' || b.title.length > 100)) return 'button title invalid';
  }
  if (Array.isArray(payload?.elements) && payload.elements.length > 5) return 'too many elements';
  if (m.text === undefined && m.attachment === undefined) return 'message is empty';
  return undefined;
}

/** Finds the multipart part named `file` and summarises it. */
function parseMultipartFile(contentType: string | undefined, raw: Buffer) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return undefined;
  const delimiter = Buffer.from(`--${b}`);
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2); // strip CRLFs around the part
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    if (/name="file"/.test(head)) {
      const data = part.subarray(split + 4);
      return {
        filename: /filename="([^"]*)"/.exec(head)?.[1],
        contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1],
        size: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
      };
    }
    start = next;
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
