/**
 * What Zalo's answers to a template (ZBS) message mean for the delivery: final, retried later, or
 * waited out. The codes come from integrators' error maps; Zalo's own pages could not be read, so
 * anything unlisted is treated as final (a wrong template or parameter does not fix itself).
 */
import { SendError } from '../channel.js';

export const DEFAULT_TEMPLATE_API_BASE = 'https://business.openapi.zalo.me';
/** The business API's "access token invalid": refresh once and retry once. */
export const TEMPLATE_TOKEN_CODE = -124;

export interface TemplateBody {
  template_id: string;
  template_data: Record<string, string>;
  /** Our delivery id: lets Zalo's reports (and anyone reading them) tie a message to its delivery. */
  tracking_id: string;
}

/** A permanent failure caused by the recipient (window closed, blocked, not following), not by the message. */
export class ZaloRecipientError extends SendError {
  override name = 'ZaloRecipientError';
}

/** -249: this template cannot be sent by user id; the phone route may still work. */
export class TemplateByUserIdRefused extends SendError {
  override name = 'TemplateByUserIdRefused';
}

const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Ms from `nowMs` to the next midnight in Vietnam (UTC+7 all year), when Zalo's daily counters reset. */
export function untilVietnamMidnight(nowMs: number): number {
  const local = nowMs + VIETNAM_OFFSET_MS;
  return Math.floor(local / DAY_MS) * DAY_MS + DAY_MS - local;
}

/** A minute past the daily reset, so a clock a little fast does not hit the old counter. */
const RESET_MARGIN_MS = 60_000;

export function templateFailure(code: number, nowMs: number): SendError {
  const tomorrow = untilVietnamMidnight(nowMs) + RESET_MARGIN_MS;
  switch (code) {
    case -32:
      return new SendError('Zalo rate limit reached', 'rate-limited', { code, retryAfterMs: 60_000 });
    case -100:
    case -200:
      return new SendError(`Zalo error ${code}`, 'transient', { code });
    case -249:
      return new TemplateByUserIdRefused('template cannot be sent by user id', 'permanent', { code });
    case -1471:
      // The user's monthly promotion cap: by the time it lifts the news is old.
      return new ZaloRecipientError('monthly promotion limit for this user', 'permanent', { code });
    case -1472:
      return new SendError('daily promotion limit for this user', 'deferred', { code, retryAfterMs: tomorrow });
    case -144:
    case -147:
      // The OA's daily template quota: everyone's template waits for tomorrow, /cs messages go on.
      return new SendError('daily template quota of the OA used up', 'deferred', { code, retryAfterMs: tomorrow });
    case -216:
      return new ZaloRecipientError('user blocked the OA', 'permanent', { code });
    default:
      return new SendError(`Zalo template error ${code}`, 'permanent', { code });
  }
}

/** An answer without Zalo's envelope, judged by the HTTP status alone. */
export function httpFailure(status: number, retryAfterMs = 60_000): SendError {
  if (status >= 500) return new SendError(`Zalo HTTP ${status}`, 'transient', { code: status });
  if (status === 429) return new SendError('Zalo rate limit reached', 'rate-limited', { code: status, retryAfterMs });
  if (status >= 400) return new SendError(`Zalo HTTP ${status}`, 'permanent', { code: status });
  return new SendError(`Zalo answered HTTP ${status} without a result`, 'unknown', { code: status });
}
