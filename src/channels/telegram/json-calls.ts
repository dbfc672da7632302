/**
 * The Bot API calls every turn makes (sendMessage, answerCallbackQuery), made by a grammY API
 * transformer instead of grammY's own client. For each call that client builds an AbortController
 * (a polyfill), a timer, two extra promises and a race, walks the payload for files and serialises
 * it through a replacer: together more CPU than the HTTP request itself. Here the payload is plain
 * JSON, the request goes over botApiFetch's connections, and the call ends the way grammY's would:
 * the answer as grammY reads it (so `ok: false` still becomes a GrammyError), any failure of the
 * request as an HttpError around the cause, and the same timeout for the whole call. Every other
 * method (files, start-up calls) still goes through grammY's client.
 */
import { GrammyError, HttpError, type Transformer } from 'grammy';
import { postJson, type BotApiRequestInit, type BotApiResponse } from './bot-api-fetch.js';

/** Methods whose payloads never carry a file, made here. */
export const DIRECT_METHODS: ReadonlySet<string> = new Set(['sendMessage', 'answerCallbackQuery']);

export interface DirectCallOptions {
  /** As grammY's client: no trailing slash, e.g. https://api.telegram.org. */
  apiRoot: string;
  token: string;
  /** The whole call's time limit, as grammY's timeoutSeconds. */
  timeoutMs: number;
}

/** True when a null sits anywhere in the payload: grammY leaves those out, so they take its way. */
function hasNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const v of value) if (hasNull(v)) return true;
    return false;
  }
  for (const k in value) if (hasNull((value as Record<string, unknown>)[k])) return true;
  return false;
}

/** The body grammY would send: the payload as JSON, null values left out. */
export function jsonBody(payload: unknown): string {
  return hasNull(payload) ? JSON.stringify(payload, (_, v: unknown) => v ?? undefined) : JSON.stringify(payload);
}

/** A Bot API call made without grammY's client; resolves with the answer as grammY reads it. */
export type DirectCall = (method: string, payload: Record<string, unknown>, signal?: BotApiRequestInit['signal']) => Promise<ApiAnswer>;

/** A Bot API answer: `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }`. */
export type ApiAnswer = { ok: true; result?: unknown } | { ok: false; error_code: number; description: string; parameters?: Record<string, unknown> };

/** What a successful answer begins with (the Bot API writes its JSON without spaces). */
const OK_ANSWER = '{"ok":true';
const OK_WITHOUT_RESULT: ApiAnswer = Object.freeze({ ok: true });

export function directCall(options: DirectCallOptions, { needResult }: { needResult: boolean }): DirectCall {
  const base = `${options.apiRoot}/bot${options.token}/`;
  return async (method, payload, signal) => {
    let answer: BotApiResponse;
    try {
      answer = await postJson(base + method, method, jsonBody(payload), options.timeoutMs, signal);
      // A sent message comes back whole (its text, its keyboard): a caller that only needs to know
      // it went out is spared parsing it. Anything else (an error, another shape) is read in full.
      if (!needResult && answer.ok && (await answer.text()).startsWith(OK_ANSWER)) return OK_WITHOUT_RESULT;
      return (await answer.json()) as ApiAnswer;
    } catch (err) {
      // As grammY's client words it (without the cause's message, which may quote the token).
      throw new HttpError(`Network request for '${method}' failed!`, err);
    }
  };
}

/**
 * Sends with `call` and ends as grammY's Api would: an ok:false answer is a GrammyError, worded as
 * grammY words it, so the error classifier reads both paths alike.
 */
export async function callOrThrow(call: DirectCall, method: string, payload: Record<string, unknown>, signal?: BotApiRequestInit['signal']): Promise<void> {
  const answer = await call(method, payload, signal);
  if (!answer.ok) throw new GrammyError(`Call to '${method}' failed!`, answer, method, payload);
}

export function directJsonCalls(options: DirectCallOptions): Transformer {
  const call = directCall(options, { needResult: true });
  return (async (prev, method, payload, signal) => {
    if (!DIRECT_METHODS.has(method)) return prev(method, payload, signal);
    return call(method, payload as Record<string, unknown>, signal as BotApiRequestInit['signal']);
  }) as Transformer;
}
