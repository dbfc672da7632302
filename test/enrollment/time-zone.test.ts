/**
 * "Today" is the day in TIMEZONE for every decision the bot makes on content dates: at 01:00 in
 * Vietnam (18:00 UTC the evening before) a course whose deadline was "yesterday" there is closed,
 * while a bot configured for UTC still takes registrations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportFileName } from '../../src/enrollment/export.js';
import { actionsOf, openBot, tap, textOf, type TestBot } from './helpers.js';

// The fixture course's deadline is 2035-02-20.
const EVENING_UTC = new Date('2035-02-20T18:00:00Z');

let dir: string;
let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function courseReply(timeZone?: string) {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-tz-'));
  bot = await openBot(dir, timeZone ? { TIMEZONE: timeZone } : {});
  bot.clock.now = EVENING_UTC;
  return bot.say('u1', tap('item:course-han-vinh-long'));
}

describe('the day in TIMEZONE', () => {
  it('closes registration at midnight in Vietnam (the default zone)', async () => {
    const r = await courseReply();
    expect(textOf(r)).toContain('đã hết hạn đăng ký');
    expect(actionsOf(r)).not.toContain('enroll:course-han-vinh-long');
  });

  it('keeps it open until midnight in the configured zone', async () => {
    const r = await courseReply('UTC');
    expect(textOf(r)).not.toContain('đã hết hạn đăng ký');
    expect(actionsOf(r)).toContain('enroll:course-han-vinh-long');
  });

  it('names an export after the local day', () => {
    dir = mkdtempSync(join(tmpdir(), 'nghebot-tz-'));
    expect(exportFileName('xlsx', EVENING_UTC, 'Asia/Ho_Chi_Minh')).toBe('dang-ky_tat-ca_2035-02-21.xlsx');
    expect(exportFileName('csv', EVENING_UTC, 'UTC', 'c1')).toBe('dang-ky_c1_2035-02-20.csv');
  });
});
