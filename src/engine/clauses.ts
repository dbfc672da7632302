/**
 * Long messages: which sentences ask. "Dạ em ở La Gi, ba em đi biển… Em muốn học làm khô, có lớp
 * nào không ạ?" introduces the writer first and asks last; the words of the asking sentence say
 * what they want, the others only help to rank (where they live, their trade).
 */
import { tokenize } from '../text/fold.js';
import { stopShare } from '../text/lexicon.js';
import { expandTokens } from '../text/teencode.js';

export interface Sentence {
  sentence: string;
  /** True when the sentence asks, or when no sentence of the message looks like a question. */
  asking: boolean;
  /** It asks only because a later sentence points back at it ("…Lớp đó học mấy tháng?"). */
  referent: boolean;
  /** The clauses before the question of its sentence ("chào ad, em ở Cái Bè, có lớp hàn không"). */
  leading: boolean;
}

/** Words that make a sentence a question, folded, after shorthand expansion. */
// Not "hỏi": "cho em hỏi" opens a message and is followed by the story as often as by the question.
// "nhiều" and "thế" only ask in "bao nhiêu", "thế nào" ("rơm rạ bỏ nhiều lắm" tells, it does not ask).
export const QUESTION_CUES: ReadonlySet<string> = new Set(['nao', 'gi', 'dau', 'sao', 'khong', 'chua', 'ai']);
/** Question words of two syllables whose second one alone does not ask. */
const QUESTION_PAIRS: ReadonlySet<string> = new Set(['bao nhieu', 'bao gio', 'bao lau']);

/** Whether `word` ends a question word ("không", or "nhiêu" of "bao nhiêu" after `previous`). */
export function endsQuestionWord(previous: string | undefined, word: string): boolean {
  return QUESTION_CUES.has(word) || (previous !== undefined && QUESTION_PAIRS.has(`${previous} ${word}`));
}

/** A text's folded words, each shorthand read as its first meaning ("k" is "không", "dc" "được"). */
function readWords(text: string): string[] {
  return expandTokens(tokenize(text)).flatMap((alts) => alts[0] ?? []);
}

/** Whether a text holds a question word, read after shorthand expansion. */
function hasQuestionWord(text: string): boolean {
  const words = readWords(text);
  return words.some((w, i) => endsQuestionWord(words[i - 1], w));
}

/**
 * A question points back at the sentence before it when it names something already told ("lớp đó",
 * "hội chợ này", "chỗ ấy") or names nothing at all ("…mẹ em nằm viện. Em nên làm gì ạ?").
 */
const REFERENCE = /(?:^|[^\p{L}])(?:lớp|khóa|khoá|chỗ|nghề|cái|hội chợ|chương trình|chính sách|phiên chợ|lop|khoa|cho|nghe|cai|hoi cho|chuong trinh|chinh sach|phien cho) (?:đó|này|ấy|kia|do|nay|ay)(?:$|[^\p{L}])/iu;

function refersBack(sentence: string): boolean {
  return REFERENCE.test(sentence.normalize('NFC')) || namesNothing(sentence);
}

/** Only chat words (the lexicon's share of at least a half for each): a question with no topic of its own. */
function namesNothing(sentence: string): boolean {
  const words = readWords(sentence);
  return words.length > 0 && words.every((w) => stopShare(w) >= 0.5);
}

/** Whether the text asks something: a question mark, or a question word ("hủy sao", "làm thế nào"). */
export function isQuestion(text: string): boolean {
  return text.includes('?') || hasQuestionWord(text);
}

export function splitSentences(text: string): Sentence[] {
  const parts = text.split(/(?<=[.?!;\n])\s*/u).map((s) => s.trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
  if (parts.length <= 1) return parts.flatMap(clausesAroundQuestion);
  // A question mark is the surest sign; without one, a question word ("không" also says "idle" in
  // "ở không", so it is only a fallback).
  const marked = parts.map((p) => p.includes('?'));
  const asks = marked.some(Boolean) ? marked : parts.map(hasQuestionWord);
  if (!asks.some(Boolean)) return parts.map((sentence) => ({ sentence, asking: true, referent: false, leading: false }));
  // "…muốn học sửa xe máy. Lớp đó có hạn chót không?": the question points back at what the
  // sentence before it named, so that sentence asks too.
  const referent = parts.map(() => false);
  for (let i = parts.length - 1; i > 0; i--) {
    if (asks[i] && refersBack(parts[i]!)) {
      referent[i - 1] = !asks[i - 1];
      asks[i - 1] = true;
    }
  }
  return parts.flatMap((sentence, i) => (asks[i] && !referent[i] ? clausesAroundQuestion(sentence) : [{ sentence, asking: asks[i]!, referent: referent[i]!, leading: false }]));
}

/**
 * The clauses of an asking sentence around its question. What follows the question ("có lớp trồng
 * nấm không, em muốn học để kiếm thêm tiền") tells why, as a context sentence does. What comes before
 * it ("chào ad, em ở Cái Bè, nhà nghèo, có lớp nào…") is the story or the topic: it still asks, but
 * words of it an item lacks are missed only in part (see RankParams.leadingForgive).
 */
function clausesAroundQuestion(sentence: string): Sentence[] {
  const whole: Sentence[] = [{ sentence, asking: true, referent: false, leading: false }];
  const clauses = sentence.split(/(?<=[,:])\s*/u);
  if (clauses.length <= 1) return whole;
  const asks = clauses.map((c) => c.includes('?') || hasQuestionWord(c));
  const first = asks.indexOf(true);
  const last = asks.lastIndexOf(true);
  if (first < 0) return whole;
  const out: Sentence[] = [];
  if (first > 0) out.push({ sentence: clauses.slice(0, first).join(' '), asking: true, referent: false, leading: true });
  out.push({ sentence: clauses.slice(first, last + 1).join(' '), asking: true, referent: false, leading: false });
  const told = clauses.slice(last + 1).join(' ');
  if (/[\p{L}\p{N}]/u.test(told)) out.push({ sentence: told, asking: false, referent: false, leading: false });
  return out;
}
