/**
 * The enrolment dialog's pieces: its state checked when read back, the short answers every
 * dialog shares, and a damaged stored state met by a real conversation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBareCancel, isQuestion, shortAnswer } from '../../src/conversation/answers.js';
import { readEnrollDialog } from '../../handlers/enrollment/state.js';
import { STEP_ACTIONS } from '../../handlers/enrollment/steps.js';
import { tempDir, type TempDir } from '../support/harness.js';
import { openBot, tap, textOf, type TestBot } from './helpers.js';

const at = '2026-06-01T03:00:00.000Z';

describe('enrolment state', () => {
  it('reads back a whole state, and refuses an unknown step or missing course', () => {
    expect(readEnrollDialog({ dialog: 'enroll', step: 'phone', data: { courseId: 'c1', title: 'May', fullName: 'An' }, updatedAt: at })).toEqual({
      step: 'phone',
      data: { courseId: 'c1', title: 'May', fullName: 'An' },
    });
    expect(readEnrollDialog({ dialog: 'enroll', step: 'dance', data: { courseId: 'c1', title: 'May' }, updatedAt: at })).toEqual({ invalid: true });
    expect(readEnrollDialog({ dialog: 'enroll', step: 'name', data: { title: 'May' }, updatedAt: at })).toEqual({ invalid: true });
    expect(readEnrollDialog({ dialog: 'enroll', step: 'name', data: { courseId: 'c1', title: 'May', full: 'yes' }, updatedAt: at })).toEqual({ invalid: true });
    expect(readEnrollDialog({ dialog: 'subscribe', step: 'topic', data: {}, updatedAt: at })).toBeUndefined();
    expect(readEnrollDialog(undefined)).toBeUndefined();
  });

  it('knows every button its steps show, for stale presses', () => {
    expect([...STEP_ACTIONS].sort()).toEqual(['confirm', 'edit', 'prov', 'skip']);
  });
});

describe('short answers', () => {
  it.each([
    ['Đồng ý', 'yes'],
    ['đúng rồi!', 'yes'],
    ['OK', 'yes'],
    ['không', 'no'],
    ['sửa lại', 'no'],
    ['thôi', 'cancel'],
    ['Hủy bỏ', 'cancel'],
    ['không muốn đăng ký nữa', 'cancel'],
    ['Nguyễn Văn An', undefined],
    ['đúng', 'yes'], // "dừng" folds to the same letters: a bare "dung" is never read as stop
    ['dừng lại', 'cancel'],
  ])('%s → %s', (text, answer) => {
    expect(shortAnswer(text)).toBe(answer);
  });

  it('bare stop words and questions', () => {
    expect(isBareCancel('Hủy')).toBe(true);
    expect(isBareCancel('hủy đăng ký')).toBe(false);
    expect(isQuestion('học phí bao nhiêu')).toBe(true);
    expect(isQuestion('có lớp may không')).toBe(true);
    expect(isQuestion('Nguyễn Văn An')).toBe(false);
  });
});

describe('a damaged stored dialog', () => {
  let dir: TempDir;
  let bot: TestBot;
  beforeEach(async () => {
    dir = tempDir('nghebot-steps-');
    bot = await openBot(dir.dir);
  });
  afterEach(async () => {
    await bot.close();
    dir.cleanup();
  });

  it('is forgotten, not trusted: the next message is answered as a fresh one', async () => {
    const user = { channel: 'cli' as const, userId: 'u1' };
    await bot.core.store.setConversation(user, { dialog: 'enroll', step: 'confirm', data: { title: 'Lớp cũ' }, updatedAt: bot.clock.now.toISOString() });
    const r = await bot.say('u1', tap('confirm'));
    expect(textOf(r)).toContain('Bước này đã xong'); // nothing to confirm: the state had no course
    expect(await bot.core.store.getConversation(user)).toBeUndefined();
  });
});
