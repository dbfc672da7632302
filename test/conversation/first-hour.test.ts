/**
 * Replies a newcomer trips over, through the real conversation service (embedded store, engine,
 * handlers): a button from a finished step, a message cut for length, the contact reply's promise,
 * and one "Menu chính" per answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerEngine } from '../../src/engine/engine.js';
import { createConversationService } from '../../src/conversation/router.js';
import { createLogger } from '../../src/observability/logger.js';
import { defaultHandlers } from '../../handlers/index.js';
import { actionsOf, enrol, OFFICER, openBot, tap, textOf, type TestBot } from '../enrollment/helpers.js';

let dir: string;
let bot: TestBot;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-first-hour-'));
  bot = await openBot(dir);
});
afterEach(async () => {
  await bot.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the first hour', () => {
  it('a button of a finished form says the step is over, not "không tìm thấy thông tin"', async () => {
    await enrol(bot, 'u1', 'course-gom', { name: 'Nguyễn Văn Một', phone: '0911000001' });
    const r = await bot.say('u1', tap('confirm'));
    expect(textOf(r)).toContain('Bước này đã xong');
    expect(textOf(r)).not.toContain('chưa tìm thấy thông tin');
    expect(actionsOf(r)).toContain('browse:course'); // the menu to start again
  });

  it('one phone holds one place in a course: a second id is refused without seeing the first enrolment', async () => {
    await enrol(bot, 'u1', 'course-gom', { name: 'Nguyễn Văn Một', phone: '0911000001' });
    const r = await enrol(bot, 'u2', 'course-gom', { name: 'Trần Văn Hai', phone: '0911 000 001' });
    expect(textOf(r)).toContain('Số điện thoại này đã được đăng ký vào lớp');
    expect(textOf(r)).not.toMatch(/Nguyễn Văn Một|Mã đăng ký/);
    expect((await bot.core.store.listEnrollments({ courseId: 'course-gom' })).map((e) => e.userId)).toEqual(['u1']);
    expect(await bot.sentTo(OFFICER)).toHaveLength(1); // the refused attempt alerts nobody
  });

  it('says so when a long message was cut, and still answers its beginning', async () => {
    const long = 'có lớp học may không ' + 'a '.repeat(3000);
    const r = await bot.say('u1', long);
    expect(r[0]!.text).toMatch(/dài quá, mình chỉ đọc 2\.000 ký tự đầu/);
    expect(r.length).toBeGreaterThan(1);
    const short = await bot.say('u1', 'có lớp học may không');
    expect(textOf(short)).not.toMatch(/dài quá/);
  });

  it('the contact reply promises only what the bot does: its "Gặp cán bộ" button opens a ticket', async () => {
    const r = await bot.say('u1', tap('contact'));
    expect(textOf(r)).toMatch(/cán bộ sẽ trả lời/);
    expect(actionsOf(r)).toContain('handoff');
    expect(textOf(r)).not.toMatch(/1900 1234/);
    // (Tickets are opened from Telegram, Zalo and the web: test/handoff. The terminal cannot receive an answer.)
    expect(textOf(await bot.say('u1', tap('handoff')))).toMatch(/dòng lệnh/);
    expect(await bot.core.store.tickets.openTicketOf({ channel: 'cli', userId: 'u1' })).toBeUndefined();
  });

  it('an answer with "Có thể bạn cũng quan tâm" shows "Menu chính" once', async () => {
    // The engine's ranking is not under test: it names one clear winner and two others.
    const engine = Object.create(bot.core.engine) as AnswerEngine;
    // The question handler ranks the router's reading of the message (engine.rank).
    engine.rank = () => ({
      results: [
        { id: 'course-gom', kind: 'course', title: 'gốm', score: 0.9 },
        { id: 'course-may', kind: 'course', title: 'may', score: 0.5 },
      ],
      suggestions: [],
    });
    const service = createConversationService({
      store: bot.core.store,
      engine,
      config: bot.core.config,
      logger: createLogger('silent'),
      notifier: bot.notifier,
      handlers: defaultHandlers(),
    });
    const r = await service.handle({ channel: 'cli', userId: 'u1', kind: 'text', text: 'lớp gốm', receivedAt: new Date() });
    expect(r.map((x) => x.text.split('\n')[0])).toEqual([expect.stringContaining('📌'), 'Có thể bạn cũng quan tâm:']);
    expect(actionsOf(r).filter((a) => a === 'menu')).toHaveLength(1);
    expect(actionsOf(r)).toContain('enroll:course-gom'); // the item keeps its own buttons
  });
});
