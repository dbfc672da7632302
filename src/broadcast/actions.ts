/** The subscription buttons that other features show (see src/replies/actions.ts). */
import { actionCodec } from '../replies/actions.js';
import type { Topic } from '../store/types.js';

/** "Nhận tin tương tự": subscribe to one topic in one province ('*': the whole country). */
export const subscribeToAction = actionCodec<{ topic: Topic; provinceCode: string }>('sub', {
  write: ({ topic, provinceCode }) => `${topic}:${provinceCode}`,
  read(arg) {
    const [topic, provinceCode] = arg.split(':');
    return topic && provinceCode ? { topic: topic as Topic, provinceCode } : undefined;
  },
});

/** The action names the subscriptions handler answers. */
export const SUBSCRIPTION_ACTIONS = ['subscribe', 'mysubs', 'subt', 'subp', 'sub', 'unsub'];
