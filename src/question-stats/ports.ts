/**
 * How many questions were asked each day, answered or not: counts only, never the text or who asked
 * (the unanswered questions keep their masked text apart, in src/unanswered). One row per day and
 * province, incremented once per question, so the count costs one small write per turn.
 */

/** One day's questions about one province (or none known). */
export interface QuestionDayCount {
  /** yyyy-mm-dd in the service's time zone. */
  day: string;
  /** The province the question concerned, when it named one or its answer belonged to one. */
  provinceCode?: string;
  /** Questions given a confident answer (or the contact they asked for). */
  answered: number;
  /** Questions given only "Có phải bạn hỏi…" offers, or nothing. */
  unanswered: number;
}

export interface QuestionCountFilter {
  /** First and last day counted, yyyy-mm-dd, both included. */
  from: string;
  to: string;
  /** Only these provinces; undefined: every province and the questions of no known province. */
  provinceCodes?: string[];
}

export interface QuestionCountStore {
  /** Adds one question to its day and province. */
  countQuestion(day: string, provinceCode: string | undefined, answered: boolean): Promise<void>;
  /** The days' counts, by day then province (no province first); days without questions are absent. */
  questionCounts(filter: QuestionCountFilter): Promise<QuestionDayCount[]>;
}
