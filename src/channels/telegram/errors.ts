/**
 * Maps what grammY throws (GrammyError: Telegram answered ok:false; HttpError: the request itself
 * failed) to the channel-neutral SendFailure, so the outbox and the turn loop can decide:
 * wait, retry, give up on the user, or leave a possibly-sent message alone (Telegram has no
 * idempotency key, so repeating a request that may have arrived sends a duplicate).
 */
import { GrammyError, HttpError } from 'grammy';
import type { SendFailure } from '../channel.js';

export interface ClassifiedError {
  failure: SendFailure;
  /** Telegram error_code or a network error code, for logs and the delivery row. */
  code: string | number;
  retryAfterMs?: number;
  /** Set when the user can no longer be reached: mark them inactive with this reason. */
  userGone?: string;
}

/** Network errors raised before any byte reached Telegram: safe to repeat. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

/** Short reason for a 403/400 that means "this user is gone"; undefined for other errors. */
function goneReason(code: number, description: string): string | undefined {
  const d = description.toLowerCase();
  if (code === 403) {
    if (d.includes('blocked')) return 'blocked';
    if (d.includes('deactivated')) return 'deactivated';
    if (d.includes("can't initiate") || d.includes('can not initiate')) return 'not-started';
    if (d.includes('kicked')) return 'kicked';
    return 'forbidden';
  }
  if (code === 400 && (d.includes('chat not found') || d.includes('user not found') || d.includes('peer_id_invalid'))) {
    return 'chat-not-found';
  }
  return undefined;
}

export function classifyTelegramError(err: unknown): ClassifiedError {
  if (err instanceof GrammyError) {
    const code = err.error_code;
    const retryAfter = err.parameters?.retry_after;
    // Key on retry_after, not on 429: Telegram says the error code may change (reference A6).
    if (typeof retryAfter === 'number' || code === 429) {
      return { failure: 'rate-limited', code, retryAfterMs: Math.max(0, (retryAfter ?? 1) * 1000) };
    }
    const gone = goneReason(code, String(err.description ?? ''));
    if (gone) return { failure: 'permanent', code, userGone: gone };
    if (code >= 500) return { failure: 'transient', code };
    // Any other 4xx is a malformed request: repeating it cannot help.
    return { failure: 'permanent', code };
  }
  if (err instanceof HttpError) {
    const inner = err.error as { code?: unknown; type?: unknown; status?: unknown } | undefined;
    const code = typeof inner?.code === 'string' ? inner.code : undefined;
    if (code && NOT_SENT_CODES.has(code)) return { failure: 'transient', code };
    // A non-JSON answer (a proxy's 502 page) or an HTTP status: Telegram refused to take the request.
    if (inner?.type === 'invalid-json' || typeof inner?.status === 'number') return { failure: 'transient', code: code ?? 'bad-response' };
    // Timeouts, resets, aborts: the message may have been delivered.
    return { failure: 'unknown', code: code ?? 'timeout' };
  }
  return { failure: 'unknown', code: 'error' };
}
