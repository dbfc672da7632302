/**
 * The subscription feature's button actions (see src/replies/actions.ts), and the officer's
 * announcement draft buttons. A province in an action is a known code or '*' (the whole country);
 * anything else reads as no action of this kind.
 */
import { actionCodec, simpleAction } from '../replies/actions.js';
import type { Topic } from '../store/types.js';
import { provinceByCode } from '../text/provinces.js';
import { isTopic } from './topics.js';

/** A province code as an action carries it: a known code, or '*' for every province. */
export function validProvince(code: string | undefined): string | undefined {
  if (code === '*') return '*';
  return code ? provinceByCode(code)?.code : undefined;
}

/** "🔔 Đăng ký nhận tin": asks which topic. */
export const subscribeAction = simpleAction('subscribe');
/** "Tin đã đăng ký": the person's subscriptions, each with a remove button. */
export const mySubscriptionsAction = simpleAction('mysubs');
/** A topic chosen in the subscription dialog. */
export const subscribeTopicAction = actionCodec<Topic>('subt', { write: (t) => t, read: (t) => (isTopic(t) ? t : undefined) });
/** "Toàn quốc" while the dialog holds several topics: the province for all of them. */
export const subscribeProvinceAction = actionCodec<string>('subp', { write: (code) => code, read: validProvince });

/** "Nhận tin tương tự", "Toàn quốc" for one topic: subscribe to one topic in one province. */
export const subscribeToAction = actionCodec<{ topic: Topic; provinceCode: string }>('sub', {
  write: ({ topic, provinceCode }) => `${topic}:${provinceCode}`,
  read(arg) {
    const [topic, code] = arg.split(':');
    const provinceCode = validProvince(code);
    return topic && isTopic(topic) && provinceCode ? { topic, provinceCode } : undefined;
  },
});

/** "🔕 Hủy tất cả": every subscription. */
export const unsubscribeAllAction = simpleAction('unsub');
/** "❌ Bỏ …": one topic, in one province or (without one) everywhere. */
export const unsubscribeAction = actionCodec<{ topic: Topic; provinceCode?: string }>('unsub', {
  write: ({ topic, provinceCode }) => (provinceCode ? `${topic}:${provinceCode}` : topic),
  read(arg) {
    const [topic, code] = arg.split(':');
    if (!topic || !isTopic(topic)) return undefined;
    if (code === undefined) return { topic };
    const provinceCode = validProvince(code);
    return provinceCode ? { topic, provinceCode } : undefined;
  },
});

/** An officer's announcement draft: send it now, or drop it. */
export const announceAction = actionCodec<'send' | 'cancel'>('ann', {
  write: (what) => what,
  read: (what) => (what === 'send' || what === 'cancel' ? what : undefined),
});
