/**
 * The Zalo OA HTTP client: sends /cs messages and uploads files, and turns every outcome into
 * success or a SendError the caller can act on. Zalo reports failures in the body's `error` field,
 * sometimes with HTTP 200 and sometimes with 4xx/5xx, so the body is always read first.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { SendError } from '../channel.js';
import type { Logger } from '../../observability/logger.js';
import { logUser } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { FileAttachment } from '../../replies/model.js';
import type { UserStore } from '../../store/ports.js';
import type { ZaloMessage } from './render.js';
import type { ZaloTokenManager } from './tokens.js';

/** Token invalid / expired: refresh once and retry once. */
const TOKEN_CODES = new Set([-216, -220]);
/** The user cannot receive consultation messages now (window, block, unfollow, ban): never retry. */
const USER_CODES = new Set([-213, -217, -227, -230, -232, -234, -244]);
const RATE_LIMIT_CODE = -32;
/** Zalo's own hiccups ("send message failed", expired attachment): worth another try later. */
const TRANSIENT_CODES = new Set([-100, -200]);
const INVALID_PARAM_CODE = -201;
const API_CALLS_HELP = 'Zalo API calls by operation and outcome';

export interface ZaloClientOptions {
  apiBase: string;
  tokens: ZaloTokenManager;
  store: UserStore;
  logger: Logger;
  metrics: Metrics;
  timeoutMs?: number;
  uploadTimeoutMs?: number;
  /** Waits before retrying a rate-limited in-turn reply (the user is waiting, so keep them short). */
  rateLimitBackoffMs?: number[];
  /** What a rate-limited out-of-turn send tells the outbox to wait. */
  rateLimitRetryAfterMs?: number;
}

export interface SendOptions {
  /** A reply to a message the user just sent: worth a short in-place backoff on -32. */
  inTurn: boolean;
}

type Envelope = { error?: unknown; message?: unknown; data?: Record<string, unknown> };

/** A permanent failure caused by the recipient (window closed, blocked, not following), not by the message. */
export class ZaloRecipientError extends SendError {
  override name = 'ZaloRecipientError';
}

export class ZaloClient {
  private readonly http: AxiosInstance;
  /** Until when Zalo said the app's quota is used up (X-RateLimit-Remain: 0); epoch ms. */
  private quotaSpentUntil = 0;

  constructor(private readonly opts: ZaloClientOptions) {
    this.http = axios.create({
      baseURL: opts.apiBase,
      timeout: opts.timeoutMs ?? 10_000,
      // Zalo does not redirect; without the redirect wrapper, error.request is the real ClientRequest,
      // whose writableFinished tells whether a failed request ever left.
      maxRedirects: 0,
      // Every status is read as a Zalo envelope; only network failures throw.
      validateStatus: () => true,
    });
  }

  /** Sends one /cs message; resolves with Zalo's message_id. Throws SendError. */
  async sendMessage(userId: string, message: ZaloMessage, options: SendOptions): Promise<string | undefined> {
    const backoff = options.inTurn ? (this.opts.rateLimitBackoffMs ?? [1000, 3000]) : [];
    // Zalo said the quota is spent: a broadcast waits without spending a call on a sure -32. A reply
    // to someone waiting still tries.
    const spentFor = this.quotaSpentUntil - Date.now();
    if (!options.inTurn && spentFor > 0) {
      this.opts.metrics.inc('nghebot_zalo_api_calls_total', { op: 'send', outcome: 'rate-limited' }, 1, API_CALLS_HELP);
      throw this.rateLimited(RATE_LIMIT_CODE, spentFor);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const data = await this.call(userId, (token) =>
          this.http.post('/v3.0/oa/message/cs', { recipient: { user_id: userId }, message }, {
            headers: { access_token: token, 'Content-Type': 'application/json' },
          }),
        );
        this.opts.metrics.inc('nghebot_zalo_api_calls_total', { op: 'send', outcome: 'ok' }, 1, API_CALLS_HELP);
        return typeof data?.message_id === 'string' ? data.message_id : undefined;
      } catch (err) {
        const wait = backoff[attempt];
        if (err instanceof SendError && err.failure === 'rate-limited' && wait !== undefined) {
          await sleep(wait);
          continue;
        }
        if (err instanceof SendError) this.opts.metrics.inc('nghebot_zalo_api_calls_total', { op: 'send', outcome: err.failure }, 1, API_CALLS_HELP);
        throw err;
      }
    }
  }

  /** Uploads a file (multipart field `file`); resolves with the token a file message carries. */
  async uploadFile(userId: string, file: FileAttachment): Promise<string> {
    const data = await this.call(userId, (token) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.filename);
      return this.http.post('/v2.0/oa/upload/file', form, {
        headers: { access_token: token },
        timeout: this.opts.uploadTimeoutMs ?? 30_000,
      });
    });
    const token = typeof data?.token === 'string' ? data.token : undefined;
    if (!token) throw new SendError('Zalo upload returned no file token', 'permanent');
    this.opts.metrics.inc('nghebot_zalo_api_calls_total', { op: 'upload', outcome: 'ok' }, 1, API_CALLS_HELP);
    return token;
  }

  /** Runs one API call with a fresh token; on -216/-220 refreshes once and retries once. */
  private async call(
    userId: string,
    request: (token: string) => Promise<AxiosResponse>,
  ): Promise<Record<string, unknown> | undefined> {
    let token = await this.token();
    let res = await this.attempt(() => request(token));
    if (TOKEN_CODES.has(codeOf(res) ?? 0)) {
      this.opts.logger.info({ code: codeOf(res) }, 'zalo rejected the access token; refreshing once');
      token = await this.token(token);
      res = await this.attempt(() => request(token));
    }
    return this.interpret(userId, res);
  }

  private async token(rejected?: string): Promise<string> {
    try {
      return rejected === undefined ? await this.opts.tokens.getAccessToken() : await this.opts.tokens.afterRejection(rejected);
    } catch {
      // No token means nothing was sent; an admin may need to re-authorise, the outbox retries later.
      throw new SendError('no usable Zalo access token', 'transient', { code: 'token' });
    }
  }

  /** Performs the request; a network failure becomes transient or unknown depending on whether the request left. */
  private async attempt(send: () => Promise<AxiosResponse>): Promise<AxiosResponse> {
    try {
      return await send();
    } catch (err) {
      if (axios.isAxiosError(err) && err.response) return err.response;
      const e = err as { code?: string; request?: { writableFinished?: boolean } };
      // Once the whole request was written, Zalo may have delivered it: repeating could double-send.
      const left = Boolean(e.request?.writableFinished);
      throw new SendError(`Zalo API ${left ? 'gave no answer' : 'unreachable'} (${e.code ?? 'error'})`, left ? 'unknown' : 'transient', {
        code: e.code,
      });
    }
  }

  private async interpret(userId: string, res: AxiosResponse): Promise<Record<string, unknown> | undefined> {
    this.noteQuota(res);
    const code = codeOf(res);
    const body = envelope(res);
    if (code === 0 && res.status < 300) return body?.data;
    const user = logUser('zalo', userId);

    if (code === undefined) {
      // No Zalo envelope: judge by the HTTP status alone.
      if (res.status >= 500) throw new SendError(`Zalo HTTP ${res.status}`, 'transient', { code: res.status });
      if (res.status === 429) throw this.rateLimited(res.status);
      if (res.status >= 400) throw new SendError(`Zalo HTTP ${res.status}`, 'permanent', { code: res.status });
      throw new SendError(`Zalo answered HTTP ${res.status} without a result`, 'unknown', { code: res.status });
    }
    if (code === RATE_LIMIT_CODE) throw this.rateLimited(code);
    if (TRANSIENT_CODES.has(code) || (code === 0 && res.status >= 500)) {
      throw new SendError(`Zalo error ${code}`, 'transient', { code });
    }
    if (TOKEN_CODES.has(code)) throw new SendError(`Zalo token refused twice (${code})`, 'transient', { code });

    const aboutUser = USER_CODES.has(code) || (code === INVALID_PARAM_CODE && /user/i.test(String(body?.message ?? '')));
    if (aboutUser) {
      const key = { channel: 'zalo' as const, userId };
      await this.opts.store.setUserSendError(key, String(code)).catch(() => undefined);
      if (code === -213) await this.opts.store.setUserActive(key, false, 'zalo:-213 not following').catch(() => undefined);
      this.opts.logger.info({ user, code }, 'zalo user cannot receive messages');
      throw new ZaloRecipientError(`Zalo error ${code}`, 'permanent', { code });
    } else {
      // Bad parameters, package or permission problems: retrying the same message will not help.
      this.opts.logger.warn({ user, code, status: res.status }, 'zalo refused the request');
    }
    throw new SendError(`Zalo error ${code}`, 'permanent', { code });
  }

  private rateLimited(code: number, retryAfterMs = this.opts.rateLimitRetryAfterMs ?? 60_000): SendError {
    return new SendError('Zalo rate limit reached', 'rate-limited', { code, retryAfterMs });
  }

  /**
   * Reads X-RateLimit-Remain (reference: read it rather than hard-code a limit). At 0 the quota of
   * the current window (a minute, by the -32 wording; the reset time is not given) is spent.
   */
  private noteQuota(res: AxiosResponse): void {
    const raw: unknown = res.headers?.['x-ratelimit-remain'];
    const remain = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(remain) || remain > 0) return;
    const until = Date.now() + (this.opts.rateLimitRetryAfterMs ?? 60_000);
    if (until - this.quotaSpentUntil > 1000) {
      this.opts.logger.warn({ limit: res.headers?.['x-ratelimit-limit'] }, 'zalo says the API quota is used up; broadcasts wait');
    }
    this.quotaSpentUntil = Math.max(this.quotaSpentUntil, until);
  }
}

function envelope(res: AxiosResponse): Envelope | undefined {
  let data: unknown = res.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  return typeof data === 'object' && data !== null ? (data as Envelope) : undefined;
}

/** Zalo's numeric `error`, or undefined when the body is not a Zalo envelope. */
function codeOf(res: AxiosResponse): number | undefined {
  const raw = envelope(res)?.error;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
