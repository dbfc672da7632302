/**
 * The bar: 50 people racing for the last 10 seats, through the enrolment dialog in 3 separate
 * processes sharing one DATA_DIR (or one MongoDB database, when MONGODB_URI is set). Exactly 10 get a seat, 40 wait (positions 1–40, none twice),
 * nobody is lost, and each person was told what the store actually recorded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testStoreAt } from '../store/support/test-store.js';
import { OFFICER, openBot } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKER = join(import.meta.dirname, 'workers', 'race-worker.ts');
const COURSE = 'course-may'; // capacity 10 in the fixture

interface Result {
  answers: Array<{ user: string; text: string }>;
}

function startWorker(args: string[]): { proc: ChildProcess; ready: Promise<void>; result: Promise<Result> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const result = new Promise<Result>((done, fail) => {
    let last: string | undefined;
    createInterface({ input: proc.stdout! }).on('line', (line) => (line === 'ready' ? onReady() : (last = line)));
    proc.on('exit', (code) => {
      if (code === 0 && last) done(JSON.parse(last) as Result);
      else fail(new Error(`worker ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
  void result.catch(() => onReady()); // a worker dying early must fail the test, not hang it
  return { proc, ready, result };
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-enrol-race-'));
  const seed = await openBot(dir, testStoreAt(dir).env); // imports the fixture courses
  await seed.close();
});
afterAll(async () => {
  await testStoreAt(dir).drop();
  rmSync(dir, { recursive: true, force: true });
});

it('50 users racing for 10 seats from 3 processes: 10 enrolled, 40 waiting, none lost', { timeout: 120_000 }, async () => {
  const split = [17, 17, 16];
  let first = 0;
  const workers = split.map((n) => {
    const w = startWorker([dir, COURSE, String(first), String(n)]);
    first += n;
    return w;
  });
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.proc.stdin!.end('go\n');
  const results = await Promise.all(workers.map((w) => w.result));

  const bot = await openBot(dir, testStoreAt(dir).env);
  try {
    const rows = await bot.core.store.listEnrollments({ courseId: COURSE, includeCancelled: true });
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(50);
    expect(new Set(rows.map((r) => r.phone)).size).toBe(50);
    expect(rows.filter((r) => r.status === 'enrolled')).toHaveLength(10);
    const waiting = rows.filter((r) => r.status === 'waiting');
    expect(waiting).toHaveLength(40);
    expect(waiting.map((r) => r.waitingPosition).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await bot.core.store.courseCounts(COURSE)).toEqual([{ courseId: COURSE, enrolled: 10, waiting: 40, capacity: 10 }]);

    // What each person was told matches what was stored.
    const answers = results.flatMap((r) => r.answers);
    expect(answers).toHaveLength(50);
    const status = new Map(rows.map((r) => [r.userId, r.status]));
    for (const a of answers) {
      if (status.get(a.user) === 'enrolled') expect(a.text).toContain('Đăng ký thành công');
      else expect(a.text).toContain('Bạn đã vào danh sách chờ');
    }
    // Each new enrolment was announced to the officer once, written with the enrolment itself.
    const alerts = await bot.sentTo(OFFICER);
    expect(alerts).toHaveLength(50);
    for (const r of rows) expect(alerts.filter((a) => a.text.includes(`Mã đăng ký: ${r.id}`)), r.id).toHaveLength(1);
  } finally {
    await bot.close();
  }
});
