/**
 * The embedded store's daily question counts (src/question-stats/ports.ts): table question_counts.
 *
 * Counts are added up in memory and written together at most FLUSH_MS later, in one transaction,
 * instead of one commit per question: that commit (a WAL page, its checksum and the file locks, on
 * the event loop) was a few per cent of the bot's CPU per Telegram update. A read of the counts,
 * and closing the store, write them first, so this process always reads its own counts; another
 * process sees them at most FLUSH_MS late. What that risks: a process that dies without closing
 * the store loses the counts of its last FLUSH_MS, as a power cut already could (they are written
 * without an fsync). Nobody is told a count, and nothing else depends on one.
 */
import type { QuestionCountFilter, QuestionCountStore, QuestionDayCount } from '../../question-stats/ports.js';
import type { SqliteConnection } from './connection.js';

/** The questions of no known province are kept under this code (a primary key column cannot be NULL). */
const NO_PROVINCE = '';

/** How long counts wait in memory before they are written. */
export const FLUSH_MS = 250;

interface PendingCount {
  day: string;
  provinceCode: string;
  answered: number;
  unanswered: number;
}

export class SqliteQuestionCounts implements QuestionCountStore {
  /** Counts not yet written, by day and province. */
  readonly #pending = new Map<string, PendingCount>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly c: SqliteConnection) {
    c.beforeClose(() => this.flush());
  }

  async countQuestion(day: string, provinceCode: string | undefined, answered: boolean): Promise<void> {
    const code = provinceCode ?? NO_PROVINCE;
    const key = `${day}/${code}`;
    let count = this.#pending.get(key);
    if (!count) this.#pending.set(key, (count = { day, provinceCode: code, answered: 0, unanswered: 0 }));
    if (answered) count.answered++;
    else count.unanswered++;
    this.#schedule();
  }

  /**
   * Writes the counts waiting in memory, in one transaction. If the store cannot (the file locked
   * past the busy timeout, a failing disk), they stay in memory for another try FLUSH_MS later, and
   * this throws.
   */
  flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.size === 0) return;
    const counts = [...this.#pending.values()];
    try {
      // A count lost to a power cut is not worth an fsync (see SqliteConnection.unsynced()). The
      // statement is looked up inside unsynced(): outside, a writing statement sets FULL first.
      this.c.unsynced(() =>
        this.c.write(() => {
          const add = this.c.q(
            `INSERT INTO question_counts (day, province_code, answered, unanswered) VALUES (?, ?, ?, ?)
             ON CONFLICT (day, province_code) DO UPDATE SET answered = answered + excluded.answered, unanswered = unanswered + excluded.unanswered`,
          );
          for (const n of counts) add.run(n.day, n.provinceCode, n.answered, n.unanswered);
        }),
      );
    } catch (err) {
      // Once the store is closed there is nothing to try again with.
      if (this.c.db.open) this.#schedule();
      throw err;
    }
    this.#pending.clear();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      try {
        this.flush();
      } catch {
        // Kept, and tried again (flush() scheduled it): a count is not worth failing anything for.
      }
    }, FLUSH_MS);
    this.#timer.unref();
  }

  async questionCounts(filter: QuestionCountFilter): Promise<QuestionDayCount[]> {
    try {
      this.flush();
    } catch {
      // What is written can still be read; the rest follows with the next try.
    }
    const rows = this.c.q(
      `SELECT day, province_code, answered, unanswered FROM question_counts
       WHERE day >= @from AND day <= @to AND (@all = 1 OR province_code IN (SELECT value FROM json_each(@codes)))
       ORDER BY day, province_code`,
    ).all({ from: filter.from, to: filter.to, all: filter.provinceCodes ? 0 : 1, codes: JSON.stringify(filter.provinceCodes ?? []) }) as Array<{
      day: string;
      province_code: string;
      answered: number;
      unanswered: number;
    }>;
    return rows.map((r) => ({ day: r.day, ...(r.province_code !== NO_PROVINCE ? { provinceCode: r.province_code } : {}), answered: r.answered, unanswered: r.unanswered }));
  }
}
