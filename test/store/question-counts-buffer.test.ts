/**
 * The embedded store adds question counts up in memory and writes them together: within FLUSH_MS,
 * before any read of the counts, and when the store closes; a write that fails keeps them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteConnection } from '../../src/store/sqlite/connection.js';
import { FLUSH_MS, SqliteQuestionCounts } from '../../src/store/sqlite/question-counts.js';

let dir: string;
let c: SqliteConnection;
let other: SqliteConnection;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-counts-'));
  c = SqliteConnection.open(dir);
  // Another process's view of the file: it sees only what was committed.
  other = SqliteConnection.open(dir);
});
afterEach(async () => {
  vi.useRealTimers();
  await c.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

const written = () => other.q('SELECT day, province_code, answered, unanswered FROM question_counts ORDER BY day, province_code').all();
const range = { from: '2027-03-01', to: '2027-03-31' };

describe('question counts in the embedded store', () => {
  it('writes the counts of many questions together, within FLUSH_MS', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const counts = new SqliteQuestionCounts(c);
    for (let i = 0; i < 5; i++) await counts.countQuestion('2027-03-01', '01', i % 2 === 0);
    await counts.countQuestion('2027-03-01', undefined, false);
    expect(written()).toEqual([]);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(written()).toEqual([
      { day: '2027-03-01', province_code: '', answered: 0, unanswered: 1 },
      { day: '2027-03-01', province_code: '01', answered: 3, unanswered: 2 },
    ]);
    // Added to what is there, not written over it.
    await counts.countQuestion('2027-03-01', '01', true);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(written()).toContainEqual({ day: '2027-03-01', province_code: '01', answered: 4, unanswered: 2 });
  });

  it('reads its own counts at once, and writes what is left when the store closes', async () => {
    const counts = new SqliteQuestionCounts(c);
    await counts.countQuestion('2027-03-02', '40', true);
    expect(await counts.questionCounts(range)).toEqual([{ day: '2027-03-02', provinceCode: '40', answered: 1, unanswered: 0 }]);
    await counts.countQuestion('2027-03-02', '40', false);
    await c.close();
    expect(written()).toEqual([{ day: '2027-03-02', province_code: '40', answered: 1, unanswered: 1 }]);
  });

  it('keeps the counts when the file is locked, and writes them once it is free', async () => {
    c.db.pragma('busy_timeout = 10');
    const counts = new SqliteQuestionCounts(c);
    await counts.countQuestion('2027-03-03', '01', true);
    other.db.prepare('BEGIN IMMEDIATE').run();
    expect(() => counts.flush()).toThrow(/locked|busy/i);
    // A read still answers, with what is written.
    expect(await counts.questionCounts(range)).toEqual([]);
    other.db.prepare('COMMIT').run();
    await counts.countQuestion('2027-03-03', '01', false);
    expect(await counts.questionCounts(range)).toEqual([{ day: '2027-03-03', provinceCode: '01', answered: 1, unanswered: 1 }]);
  });

  it('stops trying once the store is closed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const counts = new SqliteQuestionCounts(c);
    await c.close();
    await counts.countQuestion('2027-03-04', '01', true);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(vi.getTimerCount()).toBe(0);
  });
});
