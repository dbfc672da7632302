/**
 * What form of answer a question asks for: a way (how), a thing (what), a place, a time, an amount,
 * a reason. The interrogatives of Vietnamese are a small closed class, so this is read from the
 * words alone, on folded text after shorthand expansion ("kiểu j" → "kieu gi", "ntn" → "nhu the
 * nao"). An FAQ's title is itself a question: "Đăng ký học như thế nào?" answers a way,
 * "Đăng ký học nghề cần giấy tờ gì?" a thing. When both the message and an item's title ask in a
 * form, the ranker weighs whether they agree (RankParams.questionForm). A yes/no question ("…có
 * mất tiền không?") has no form here: nearly every title and message can be read as one.
 */

/** One bit per form. */
export const QUESTION_FORMS = { how: 1, what: 2, where: 4, when: 8, amount: 16, why: 32 } as const;

const PATTERNS: readonly [number, RegExp][] = [
  [QUESTION_FORMS.how, /\b(?:the nao|lam sao|ra sao|nhu nao|cach nao|kieu gi|thi sao)\b/],
  [QUESTION_FORMS.what, /\bgi\b/],
  // "đâu" folds as "đầu" (bắt đầu) does: only after a word that makes it a place, or last.
  [QUESTION_FORMS.where, /\b(?:o|tai|den|toi|ve) dau\b|\b(?:cho|noi) nao\b|\bdau$/],
  [QUESTION_FORMS.when, /\b(?:khi|luc|ngay|hom|bua|thang|nam) nao\b|\bbao gio\b|\b(?:ngay|thang|may) (?:may|gio)\b/],
  [QUESTION_FORMS.amount, /\bbao (?:nhieu|lau)\b/],
  [QUESTION_FORMS.why, /\b(?:tai|vi) sao\b/],
];

/** The forms a folded text asks in, as bits of QUESTION_FORMS (0: none, or only yes/no). */
export function questionForms(folded: string): number {
  let forms = 0;
  for (const [bit, pattern] of PATTERNS) if (pattern.test(folded)) forms |= bit;
  // "kiểu gì", "cái gì nào": a way asked, not a thing.
  if (forms & QUESTION_FORMS.how) forms &= ~QUESTION_FORMS.what;
  return forms;
}

/**
 * The factor on an item's score: e^(weight) when the message and the item's title (folded) ask in a
 * shared form, e^(−weight) when both ask in forms that differ; the title is read only then.
 */
export function questionFormFactor(asked: number, titleFolded: string, weight: number): number {
  if (weight === 0 || asked === 0) return 1;
  const title = questionForms(titleFolded);
  if (title === 0) return 1;
  return Math.exp(asked & title ? weight : -weight);
}
