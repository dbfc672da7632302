/** The MongoDB store's daily question counts (src/question-stats/ports.ts): collection question_counts. */
import { Schema, type Connection, type Model } from 'mongoose';
import type { QuestionCountFilter, QuestionCountStore, QuestionDayCount } from '../../question-stats/ports.js';
import { isDuplicateKey } from './connection.js';

interface QuestionCountDoc {
  /** `${day}/${provinceCode}`, '-' for no province: one document per day and province. */
  _id: string;
  day: string;
  provinceCode?: string;
  answered: number;
  unanswered: number;
}

export function buildQuestionCountSchema() {
  const schema = new Schema<QuestionCountDoc>(
    {
      _id: { type: String, required: true },
      day: { type: String, required: true },
      provinceCode: String,
      answered: { type: Number, required: true },
      unanswered: { type: Number, required: true },
    },
    { versionKey: false, strict: true, collection: 'question_counts' },
  );
  schema.index({ day: 1, provinceCode: 1 });
  return schema;
}

export class MongoQuestionCounts implements QuestionCountStore {
  readonly model: Model<QuestionCountDoc>;

  constructor(conn: Connection) {
    this.model = conn.model<QuestionCountDoc>('QuestionCount', buildQuestionCountSchema());
  }

  async countQuestion(day: string, provinceCode: string | undefined, answered: boolean): Promise<void> {
    const update = {
      $inc: { answered: answered ? 1 : 0, unanswered: answered ? 0 : 1 },
      $setOnInsert: { day, ...(provinceCode ? { provinceCode } : {}) },
    };
    const _id = `${day}/${provinceCode ?? '-'}`;
    try {
      await this.model.updateOne({ _id }, update, { upsert: true });
    } catch (err) {
      // Two first questions of the day racing to insert: the loser's update now finds the document.
      if (!isDuplicateKey(err)) throw err;
      await this.model.updateOne({ _id }, update, { upsert: true });
    }
  }

  async questionCounts(filter: QuestionCountFilter): Promise<QuestionDayCount[]> {
    const q: Record<string, unknown> = { day: { $gte: filter.from, $lte: filter.to } };
    if (filter.provinceCodes) q.provinceCode = { $in: filter.provinceCodes };
    const docs = await this.model.find(q).lean<QuestionCountDoc[]>();
    return docs
      .map((d) => ({ day: d.day, ...(d.provinceCode ? { provinceCode: d.provinceCode } : {}), answered: d.answered, unanswered: d.unanswered }))
      .sort((a, b) => byCodeUnits(a.day, b.day) || byCodeUnits(a.provinceCode ?? '', b.provinceCode ?? ''));
  }
}

/** Plain string order, as SQLite's ORDER BY gives it. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
