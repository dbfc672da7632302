/**
 * A Zalo user's reach: what the webhook records (last message, follower status, a phone shared
 * with consent), the route rule built on it, and what each template error means.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SendError } from '../../../src/channels/channel.js';
import { templateFailure, untilVietnamMidnight, ZaloRecipientError, TemplateByUserIdRefused } from '../../../src/channels/zalo/template-errors.js';
import { internationalPhone, templateData, zaloTier, type TierPolicy } from '../../../src/channels/zalo/tiers.js';
import { zaloEvents } from '../../fakes/zalo-api.js';
import { harness, type Harness } from './harness.js';

const NOW = new Date('2027-03-10T03:00:00.000Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3600_000).toISOString();
const user = { channel: 'zalo' as const, userId: 'z1' };
const policy: TierPolicy = {
  windowMs: 168 * 3600_000,
  templates: { fair: { id: 't-fair', byUserId: true, byPhone: true }, reminder: { id: 't-rem', byUserId: false, byPhone: true } },
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('webhook records reach', () => {
  it('messages, follow/unfollow and a shared phone; echoes and malformed events record nothing', async () => {
    h = await harness();
    const key = { channel: 'zalo' as const, userId: 'u-1' };
    expect(await h.post(zaloEvents.follow('u-1'))).toBe(200);
    expect(await h.post(zaloEvents.oaEcho('u-1', 'hello'))).toBe(200);
    await h.settle();
    let r = await h.store.getReach(key);
    expect(r?.follower).toBe(true);
    expect(r?.lastInboundAt).toBeUndefined(); // following is not writing

    h = (await h.close(), await harness());
    await h.post(zaloEvents.text('u-1', 'chào'));
    await h.post(zaloEvents.submitInfo('u-1', { name: 'Lan', phone: '+84 912 345 678' }));
    await h.post(zaloEvents.submitInfo('u-2', { name: 'Bad', phone: '12345' }));
    await h.post(zaloEvents.unfollow('u-3'));
    await h.settle();
    r = await h.store.getReach(key);
    expect(r?.lastInboundAt).toBeDefined();
    expect(r).toMatchObject({ phone: '0912345678', phoneSource: 'submit_info' });
    expect((await h.store.getReach({ channel: 'zalo', userId: 'u-2' }))?.phone).toBeUndefined();
    expect((await h.store.getReach({ channel: 'zalo', userId: 'u-3' }))?.follower).toBe(false);
    // The phone never reaches the log.
    expect(h.log()).not.toMatch(/912\s?345\s?678/);
  });
});

describe('route by tier', () => {
  it('in the window → /cs; after it → template by id, else by consented phone, else unreachable with the reason', () => {
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(100) } }, 'fair', policy, NOW).tier).toBe('window');
    expect(zaloTier({ lastSeenAt: ago(2) }, 'fair', policy, NOW).tier).toBe('window');
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(200) } }, 'fair', policy, NOW)).toMatchObject({ tier: 'template-uid', template: { id: 't-fair' } });
    // Zalo refused /cs after the last message: the window is shut whatever our clock says.
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(5), windowClosedAt: ago(1) } }, 'fair', policy, NOW).tier).toBe('template-uid');
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(200) } }, 'fair', policy, NOW, true).tier).toBe('template-uid');
    // Template not approved by user id: the phone, only if given with consent.
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(200), phone: '0912345678' } }, 'reminder', policy, NOW).tier).toBe('template-phone');
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(200) } }, 'reminder', policy, NOW)).toEqual({ tier: 'unreachable', reason: 'no phone given with consent' });
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(200) } }, 'fair', { ...policy, uidRefused: new Set(['t-fair']) }, NOW)).toMatchObject({ tier: 'unreachable' });
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(200) } }, 'new_course', policy, NOW)).toEqual({ tier: 'unreachable', reason: 'no template for new_course' });
    expect(zaloTier({ reach: { ...user, lastInboundAt: ago(200) } }, undefined, policy, NOW).tier).toBe('unreachable');
  });

  it('fills template parameters from the configured fields and formats phones as Zalo wants', () => {
    const t = { id: 'x', byUserId: true, byPhone: true, params: { ten: 'title' as const, ngay: 'date' as const, noi: 'place' as const } };
    expect(templateData(t, { title: 'Hội chợ', date: '12/12/2027' })).toEqual({ ten: 'Hội chợ', ngay: '12/12/2027', noi: '' });
    expect(templateData({ id: 'y', byUserId: true, byPhone: true }, { title: 'A', text: 'B' })).toEqual({ title: 'A', content: 'B', date: '' });
    expect(templateData(t, { title: 'x'.repeat(1000) }).ten).toHaveLength(400);
    expect(internationalPhone('0912345678')).toBe('84912345678');
    expect(internationalPhone('84912345678')).toBe('84912345678');
    expect(internationalPhone('12345')).toBeUndefined();
  });
});

describe('template errors', () => {
  const now = Date.parse('2027-03-10T16:30:00.000Z'); // 23:30 in Vietnam
  it('final, retried later or waited out', () => {
    expect(untilVietnamMidnight(now)).toBe(30 * 60_000);
    const kinds = Object.fromEntries([-32, -249, -1471, -1472, -144, -147, -216, -100, -999].map((c) => [c, templateFailure(c, now)]));
    expect(kinds[-32]!.failure).toBe('rate-limited');
    expect(kinds[-249]).toBeInstanceOf(TemplateByUserIdRefused);
    expect(kinds[-1471]).toBeInstanceOf(ZaloRecipientError);
    expect(kinds[-216]).toBeInstanceOf(ZaloRecipientError);
    for (const c of [-1472, -144, -147]) {
      expect(kinds[c]!.failure).toBe('deferred');
      expect(kinds[c]!.options.retryAfterMs).toBe(31 * 60_000); // just past Zalo's midnight reset
    }
    expect(kinds[-100]!.failure).toBe('transient');
    expect(kinds[-999]).toBeInstanceOf(SendError);
    expect(kinds[-999]!.failure).toBe('permanent');
  });
});
