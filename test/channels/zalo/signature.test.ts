import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeZaloMac, verifyZaloSignature } from '../../../src/channels/zalo/signature.js';

const appId = '4130483457893242';
const secret = 'oa-secret';
const now = 1_700_000_000_000;
const ts = String(now);
// Spacing and an escaped character as a sender might write them: JSON.stringify would not reproduce these bytes.
const raw = Buffer.from(`{"app_id": "${appId}", "event_name": "user_send_text", "timestamp": "${ts}", "message": {"text": "Ch\\u00e0o b\u1ea1n"}}`);

describe('zalo webhook signature', () => {
  it('is the plain SHA-256 of app_id + raw body + timestamp + OA secret (not an HMAC)', () => {
    const expected = createHash('sha256').update(`${appId}${raw.toString('utf8')}${ts}${secret}`, 'utf8').digest('hex');
    expect(computeZaloMac(appId, raw, ts, secret)).toBe(expected);
  });

  const check = (header: string | undefined, over: Partial<Parameters<typeof verifyZaloSignature>[0]> = {}) =>
    verifyZaloSignature({ header, rawBody: raw, timestamp: ts, appId, oaSecretKey: secret, now, ...over });
  const good = `mac=${computeZaloMac(appId, raw, ts, secret)}`;

  it('accepts a correct mac, in either hex case', () => {
    expect(check(good)).toEqual({ ok: true });
    expect(check(good.toUpperCase().replace('MAC=', 'mac='))).toEqual({ ok: true });
  });

  it('refuses a missing, malformed or wrong mac', () => {
    expect(check(undefined)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(check('sha256=abc')).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(check(`mac=${'0'.repeat(64)}`)).toMatchObject({ ok: false, reason: 'mismatch' });
    // Signed with the App Secret instead of the OA secret: a classic mistake.
    expect(check(`mac=${computeZaloMac(appId, raw, ts, 'app-secret')}`)).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('hashes the exact bytes: a re-serialised body does not match', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(reserialised.equals(raw)).toBe(false);
    expect(check(good, { rawBody: reserialised })).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('refuses stale or future timestamps beyond five minutes, even when correctly signed', () => {
    expect(check(good, { now: now + 4 * 60_000 })).toEqual({ ok: true });
    expect(check(good, { now: now + 6 * 60_000 })).toMatchObject({ ok: false, reason: 'stale' });
    expect(check(good, { now: now - 6 * 60_000 })).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('refuses a missing or non-numeric timestamp', () => {
    expect(check(good, { timestamp: undefined })).toMatchObject({ ok: false, reason: 'bad-timestamp' });
    expect(check(good, { timestamp: 'yesterday' })).toMatchObject({ ok: false, reason: 'bad-timestamp' });
    expect(check(good, { timestamp: { x: 1 } })).toMatchObject({ ok: false, reason: 'bad-timestamp' });
  });
});
