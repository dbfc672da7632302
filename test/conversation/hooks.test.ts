import { describe, expect, it } from 'vitest';
import { composeHooks, type TurnHooks } from '../../src/conversation/hooks.js';
import type { TurnContext } from '../../src/conversation/handler.js';

const ctx = {} as TurnContext;
const hook = (name: string, log: string[], ends = false): TurnHooks => ({
  async before() {
    log.push(`before ${name}`);
    return ends ? [{ text: name }] : undefined;
  },
  async after(_ctx, _by, replies) {
    log.push(`after ${name}`);
    return [...replies, { text: name }];
  },
});

describe('composed turn hooks', () => {
  it('runs before in order until one ends the turn, and after in order on the replies', async () => {
    const log: string[] = [];
    const both = composeHooks(hook('gate', log, true), hook('count', log));
    expect(await both.before(ctx)).toEqual([{ text: 'gate' }]);
    expect(log).toEqual(['before gate']);
    const open = composeHooks(hook('gate', log), hook('count', log));
    expect(await open.before(ctx)).toBeUndefined();
    expect(await open.after(ctx, 'ask', [{ text: 'answer' }])).toEqual([{ text: 'answer' }, { text: 'gate' }, { text: 'count' }]);
    expect(log).toEqual(['before gate', 'before gate', 'before count', 'after gate', 'after count']);
  });
});
