/** The embedded store's daily question counts (src/question-stats/ports.ts): table question_counts. */
import type { QuestionCountFilter, QuestionCountStore, QuestionDayCount } from '../../question-stats/ports.js';
import type { SqliteConnection } from './connection.js';

/** The questions of no known province are kept under this code (a primary key column cannot be NULL). */
const NO_PROVINCE = '';

export class SqliteQuestionCounts implements QuestionCountStore {
  constructor(private readonly c: SqliteConnection) {}

  async countQuestion(day: string, provinceCode: string | undefined, answered: boolean): Promise<void> {
    // A count lost to a power cut is not worth an fsync on every question (see unsynced()).
    this.c.unsynced(() =>
      this.c.q(
        `INSERT INTO question_counts (day, province_code, answered, unanswered) VALUES (?, ?, ?, ?)
         ON CONFLICT (day, province_code) DO UPDATE SET answered = answered + excluded.answered, unanswered = unanswered + excluded.unanswered`,
      ).run(day, provinceCode ?? NO_PROVINCE, answered ? 1 : 0, answered ? 0 : 1),
    );
  }

  async questionCounts(filter: QuestionCountFilter): Promise<QuestionDayCount[]> {
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
