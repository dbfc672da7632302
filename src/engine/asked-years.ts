/**
 * A year the question names ("hội chợ OCOP 2025", "lớp khai giảng năm 2026") against the years an
 * item's dates fall in: a course or fair of another year is not the one asked about, however well
 * its words match. Items without dates (FAQs, most policies) are never out of year: a year there is
 * usually the user's own story ("năm 2023 tôi đã học lớp may…").
 */
import type { AnalyzedQuestion } from './analyze.js';
import type { IndexedDoc } from './index-image.js';

const YEAR = /^20\d\d$/;

/** The years the question quotes where it asks ("2026"); a year in a sentence that tells is the user's story ("cà phê trồng từ năm 2005"). */
export function askedYears(analysis: AnalyzedQuestion): ReadonlySet<string> {
  const years = new Set<string>();
  for (const t of analysis.terms) if (t.asking && t.value === true && t.span === 1 && YEAR.test(t.alternatives[0]![0]!)) years.add(t.alternatives[0]![0]!);
  return years;
}

/** Whether the item is dated and none of its years is one the question asks about. */
export function outOfYear(doc: IndexedDoc, asked: ReadonlySet<string>): boolean {
  if (asked.size === 0 || doc.years === undefined) return false;
  for (const y of doc.years.split(' ')) if (asked.has(y)) return false;
  return true;
}
