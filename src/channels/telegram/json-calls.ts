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
import { HttpError, type Transformer } from 'grammy';
import { postJson } from './bot-api-fetch.js';

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

export function directJsonCalls(options: DirectCallOptions): Transformer {
  const base = `${options.apiRoot}/bot${options.token}/`;
  return (async (prev, method, payload, signal) => {
    if (!DIRECT_METHODS.has(method)) return prev(method, payload, signal);
    try {
      const res = await postJson(base + method, method, jsonBody(payload), options.timeoutMs, signal);
      return await res.json();
    } catch (err) {
      // As grammY's client words it (without the cause's message, which may quote the token).
      throw new HttpError(`Network request for '${method}' failed!`, err);
    }
  }) as Transformer;
}
