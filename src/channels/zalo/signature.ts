/**
 * Verifies Zalo's webhook signature. Zalo signs with a plain SHA-256 (not an HMAC) of
 * app_id + raw body + timestamp + OA secret key, so the hash must run on the exact bytes received:
 * re-serialised JSON would never match.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Replays older (or clocks further ahead) than this are refused. */
export const MAX_SKEW_MS = 5 * 60_000;

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing-signature' | 'bad-timestamp' | 'stale' | 'mismatch' };

/** Hex MAC Zalo puts after `mac=` in X-ZEvent-Signature. */
export function computeZaloMac(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId).update(rawBody).update(timestamp).update(oaSecretKey).digest('hex');
}

export function verifyZaloSignature(input: {
  header: string | string[] | undefined;
  rawBody: Buffer;
  /** The body's `timestamp` field (epoch milliseconds as a string). */
  timestamp: unknown;
  appId: string;
  oaSecretKey: string;
  now: number;
}): SignatureCheck {
  const header = Array.isArray(input.header) ? input.header[0] : input.header;
  const match = header ? /^\s*mac=([0-9a-fA-F]{64})\s*$/.exec(header) : null;
  if (!match) return { ok: false, reason: 'missing-signature' };

  // Zalo sends the timestamp as a string; accept a number too, but hash the text exactly as sent.
  const ts = typeof input.timestamp === 'string' || typeof input.timestamp === 'number' ? String(input.timestamp) : '';
  if (!/^\d{10,16}$/.test(ts)) return { ok: false, reason: 'bad-timestamp' };

  const expected = Buffer.from(computeZaloMac(input.appId, input.rawBody, ts, input.oaSecretKey), 'hex');
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };

  // Checked after the MAC so an attacker cannot probe the clock window with unsigned requests.
  if (Math.abs(input.now - Number(ts)) > MAX_SKEW_MS) return { ok: false, reason: 'stale' };
  return { ok: true };
}
