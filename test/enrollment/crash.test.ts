/**
 * Officers' alerts survive a crash: the process is killed with SIGKILL at two points of an enrolment
 * (inside the store's transaction, and just after its commit). Either the enrolment and its alert are
 * both there, or neither is and the user's retry makes both; never an enrolment without its alert,
 * never two alerts. The kill happens at a chosen line of code, not after a delay.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { OFFICER, openBot, textOf } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKER = join(import.meta.dirname, 'workers', 'crash-worker.ts');
const COURSE = 'course-gom';
const USER = 'u7';

function runUntilKilled(dir: string, mode: 'mid' | 'after'): Promise<NodeJS.Signals | null> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', WORKER, dir, COURSE, USER, mode], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    proc.on('error', fail);
    proc.on('exit', (code, signal) => (signal ? done(signal) : fail(new Error(`worker exited with ${code}: ${stderr.slice(-2000)}`))));
  });
}

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-enrol-crash-'));
  const seed = await openBot(dir); // imports the fixture courses
  await seed.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const alertsFor = async (bot: Awaited<ReturnType<typeof openBot>>) =>
  (await bot.sentTo(OFFICER)).filter((r) => r.text.includes('Đăng ký mới') && r.text.includes('Nguyễn Thị Bảy'));

it('killed inside the transaction: neither enrolment nor alert; the retry makes exactly one of each', { timeout: 60_000 }, async () => {
  expect(await runUntilKilled(dir, 'mid')).toBe('SIGKILL');
  const bot = await openBot(dir);
  try {
    expect(await bot.core.store.listEnrollments({ courseId: COURSE })).toHaveLength(0);
    expect(await alertsFor(bot)).toHaveLength(0);
    // The dialog is still at the summary: the user presses "đồng ý" again.
    const r = await bot.say(USER, 'đồng ý');
    expect(textOf(r)).toContain('Đăng ký thành công');
    expect(await bot.core.store.listEnrollments({ courseId: COURSE })).toHaveLength(1);
    expect(await alertsFor(bot)).toHaveLength(1);
  } finally {
    await bot.close();
  }
});

it('killed right after the commit: the enrolment and its alert are both there, and a retry adds neither', { timeout: 60_000 }, async () => {
  expect(await runUntilKilled(dir, 'after')).toBe('SIGKILL');
  const bot = await openBot(dir);
  try {
    const rows = await bot.core.store.listEnrollments({ courseId: COURSE });
    expect(rows.map((e) => e.userId)).toEqual([USER]);
    const alerts = await alertsFor(bot);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain(`Mã đăng ký: ${rows[0]!.id}`);
    // The user saw no answer and retries: told they are enrolled, and the officer is not alerted twice.
    const r = await bot.say(USER, 'đồng ý');
    expect(textOf(r)).toContain('đã đăng ký lớp này rồi');
    expect(await bot.core.store.listEnrollments({ courseId: COURSE })).toHaveLength(1);
    expect(await alertsFor(bot)).toHaveLength(1);
  } finally {
    await bot.close();
  }
});
