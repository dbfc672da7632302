/**
 * A Zalo user's phone is used for template messages only after they agree under their enrolment; a
 * button for someone else's enrolment records nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/conversation/incoming.js';
import { actionsOf, openBot, tap, textOf, type TestBot } from './helpers.js';

let dir: string;
let bot: TestBot;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-consent-'));
  bot = await openBot(dir);
});
afterEach(async () => {
  await bot.close();
  rmSync(dir, { recursive: true, force: true });
});

const onZalo = (input: string | Partial<IncomingMessage>): Partial<IncomingMessage> =>
  typeof input === 'string' ? { channel: 'zalo', kind: 'text', text: input } : { channel: 'zalo', ...input };

async function enrolOnZalo(userId: string, phone: string) {
  await bot.say(userId, onZalo(tap('enroll:course-han-vinh-long')));
  for (const answer of ['Trần Thị Bình', phone, 'Vĩnh Long', 'bỏ qua']) await bot.say(userId, onZalo(answer));
  return bot.say(userId, onZalo('đồng ý'));
}

describe('phone consent under a Zalo enrolment', () => {
  it('offers the choice, and records the phone only when the user taps it', async () => {
    const done = await enrolOnZalo('z1', '0912345678');
    expect(textOf(done)).toContain('Đăng ký thành công');
    const consent = actionsOf(done).find((a) => a.startsWith('phoneok:'));
    expect(consent).toBeDefined();
    const user = { channel: 'zalo' as const, userId: 'z1' };
    expect((await bot.core.store.getReach(user))?.phone).toBeUndefined();

    const r = await bot.say('z1', onZalo(tap(consent!)));
    expect(textOf(r)).toContain('0912 345 678');
    expect(await bot.core.store.getReach(user)).toMatchObject({ phone: '0912345678', phoneSource: 'enrolment' });
  });

  it('ignores a tap on an enrolment that is not the user’s own', async () => {
    const done = await enrolOnZalo('z1', '0912345678');
    const consent = actionsOf(done).find((a) => a.startsWith('phoneok:'))!;
    const r = await bot.say('z2', onZalo(tap(consent)));
    expect(textOf(r)).toContain('không tìm thấy');
    expect((await bot.core.store.getReach({ channel: 'zalo', userId: 'z2' }))?.phone).toBeUndefined();
  });

  it('is not offered on other channels', async () => {
    await bot.say('c1', tap('enroll:course-han-vinh-long'));
    for (const answer of ['Trần Thị Bình', '0912345679', 'Vĩnh Long', 'bỏ qua']) await bot.say('c1', answer);
    const done = await bot.say('c1', 'đồng ý');
    expect(textOf(done)).toContain('Đăng ký thành công');
    expect(actionsOf(done).some((a) => a.startsWith('phoneok:'))).toBe(false);
  });
});
