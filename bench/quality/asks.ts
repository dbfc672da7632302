/**
 * The question part, per kind, from the item's own fields: a course is asked about by its trade
 * and, when it has them, its fee, start date, deadline or size; a fair by where and when; a policy
 * by what it gives and on what conditions; a plan by its targets; a faq by its own question. A
 * template that needs a field the item lacks is simply not offered.
 */
import { foldKey, type Rng } from './teencode.js';
import { list, type Prepared, type Topic } from './topics.js';
import { VERBS } from './vocab.js';

export interface AskSet {
  /** Short stand-alone questions with diacritics. */
  short: string[];
  /** What the writer of a long message wants, with {S} for themself. */
  want: string;
  /** The question once the topic has been said. */
  follow: string[];
  /** The question standing alone, lower case start, for the middle of a long message. */
  full: string[];
}

/** "3.500.000 đồng" → "3 triệu rưỡi": how people say a fee (teencode turns it into "3tr5"). */
export function spokenMoney(fee: string): string | undefined {
  const m = /(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(đồng|đ|vnđ)/iu.exec(fee);
  if (!m?.[1]) return undefined;
  const n = Number(m[1].replace(/[.,]/g, ''));
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n < 1_000_000) return `${Math.round(n / 1000)} nghìn`;
  const whole = Math.floor(n / 1_000_000);
  const rest = Math.round((n % 1_000_000) / 100_000);
  if (rest === 0) return `${whole} triệu`;
  if (rest === 5) return `${whole} triệu rưỡi`;
  return `${whole} triệu ${rest}`;
}

function month(iso: string | undefined): number | undefined {
  const m = iso ? Number(iso.slice(5, 7)) : NaN;
  return m >= 1 && m <= 12 ? m : undefined;
}

const FOLDED_VERBS = new Set([...VERBS].map(foldKey));

/** Compared with marks when the topic has them ("may" sews, "máy" is a machine), folded otherwise. */
function startsWithVerb(t: string): boolean {
  const marked = t !== foldKey(t);
  const words = (marked ? t.toLowerCase() : foldKey(t)).split(' ');
  const set = marked ? VERBS : FOLDED_VERBS;
  return set.has(words[0] ?? '') || set.has(words.slice(0, 2).join(' '));
}

/** "hội chợ dừa", "phiên chợ hàng Việt": the event named the way the item's own title names its kind. */
export function eventPhrase(p: Prepared, t: string): string {
  if (/^(hoi cho|phien cho|trien lam|cho|hoi) /.test(`${foldKey(t)} `)) return t;
  const head = /^(Hội chợ|Phiên chợ|Triển lãm)/iu.exec(p.item.title)?.[1]?.toLowerCase() ?? 'hội chợ';
  return `${head} ${t}`;
}

/**
 * A trade or an action is learnt ("học hàn", "học đan cói"); a material or tool is only what a
 * class is about ("lớp bàn xoay" passes, "học bàn xoay" does not), so it gets no "học …" question.
 */
export function learnable(p: Prepared, topic: Topic | undefined): boolean {
  return !topic || startsWithVerb(topic.text) || topic.key === foldKey(p.item.trade ?? '');
}

function course(p: Prepared, topic: Topic | undefined, t: string, at: string | undefined): AskSet {
  const it = p.item;
  const w = at ? ` ở ${at}` : '';
  const canLearn = learnable(p, topic);
  const short = at
    ? [`${at} có lớp ${t} không?`, `${at} có lớp dạy ${t} không ạ?`, `Ở ${at} có chỗ nào dạy ${t} không?`, `Có lớp ${t}${w} không ạ?`]
    : [`Có lớp ${t} không?`, `Có lớp dạy ${t} không ạ?`, `Muốn học ${t} thì học ở đâu?`, `Học ${t} ở đâu?`];
  const follow = ['có lớp nào không ạ?', 'có lớp nào gần không ạ?'];
  const full = [`có lớp ${t} không ạ?`];
  const fee = it.fee ?? '';
  const money = spokenMoney(fee);
  if (/miễn/iu.test(fee) && !money) {
    short.push(`Học ${t} có mất tiền không?`, `Lớp ${t}${w} có miễn phí không?`);
    follow.push('có lớp nào không, học có mất tiền không ạ?');
  } else if (money) {
    short.push(`Lớp ${t}${w} học phí bao nhiêu?`, `Lớp ${t} học phí ${money} phải không?`);
    follow.push('học phí bao nhiêu ạ?', `nghe nói học phí ${money}, có được giảm không ạ?`);
    full.push(`lớp ${t} học phí bao nhiêu ạ?`);
  } else if (fee) {
    short.push(`Lớp ${t}${w} học phí bao nhiêu?`, `Học ${t} có được hỗ trợ học phí không?`);
    follow.push('học phí bao nhiêu, có được hỗ trợ không ạ?');
  }
  const m = month(it.startsAt);
  if (m) {
    short.push(`Lớp ${t}${w} khi nào khai giảng?`, `Tháng ${m} có lớp ${t}${w} phải không?`);
    follow.push('khi nào khai giảng ạ?');
    full.push(`lớp ${t} khi nào khai giảng ạ?`);
  }
  if (it.deadline) {
    short.push(`Lớp ${t} còn nhận đăng ký không?`, `Lớp ${t}${w} hạn đăng ký đến ngày nào?`);
    follow.push('giờ còn đăng ký được không ạ?');
  }
  if (it.startsAt && it.endsAt) short.push(`Lớp ${t} học mấy tháng?`, `Học ${t} mất bao lâu?`);
  if (it.capacity !== undefined) short.push(`Lớp ${t} nhận bao nhiêu người?`, `Lớp ${t}${w} còn chỗ không?`);
  const fit = canLearn ? short : short.filter((s) => !/^(Học|Muốn học) /u.test(s));
  return { short: fit, want: canLearn ? `{S} muốn học ${t}` : `{S} nghe nói có lớp ${t}`, follow, full };
}

function fair(p: Prepared, t: string, at: string | undefined): AskSet {
  const it = p.item;
  const e = eventPhrase(p, t);
  const w = at ? ` ở ${at}` : '';
  const short = [`${e}${w} tổ chức ở đâu?`, `${e}${w} tổ chức ngày nào?`, `Khi nào có ${e}${w}?`];
  if (at) short.push(`${at} có ${e} không?`, `${at} năm nay có ${e} không ạ?`);
  const follow = ['tổ chức ngày nào ạ?', 'tổ chức ở đâu vậy ạ?'];
  const full = [`${e}${w} tổ chức khi nào ạ?`];
  const m = month(it.startsAt);
  if (m) {
    short.push(`Tháng ${m} có ${e}${w} phải không?`);
    follow.push(`có phải tháng ${m} không ạ?`);
  }
  if (it.startsAt && it.endsAt) short.push(`${e}${w} mở mấy ngày?`);
  if (it.contact) {
    short.push(`Muốn đăng ký gian hàng ${e} thì liên hệ ai?`, `Cho xin số điện thoại ban tổ chức ${e}`);
    follow.push('đăng ký gian hàng thì liên hệ ai ạ?');
  }
  return { short, want: `{S} nghe nói có ${e}${w}`, follow, full };
}

/**
 * A policy is asked about by what kind of words its topic is: an action ("hỗ trợ học nghề",
 * "vay vốn", "công nhận làng nghề"), a programme the item is tagged with ("khuyến công", "OCOP"),
 * or a situation or group of people ("người khuyết tật", "ô nhiễm làng nghề").
 */
function policy(p: Prepared, t: string, at: string | undefined): AskSet {
  const pre = at ? `Ở ${at}, ` : '';
  const lc = (s: string): string => (pre ? s.charAt(0).toLowerCase() + s.slice(1) : s);
  const key = foldKey(t);
  const programme = list(p.item.tags).some((tag) => foldKey(tag) === key) || /^[A-Z]{2,}$/.test(t) ||
    foldKey(p.item.title).replace(/^chuong trinh /, '').startsWith(key);
  let short: string[];
  let want: string;
  if (/^ho tro /.test(`${key} `)) {
    short = [`Có ${t} không?`, `${t} gồm những gì?`, `Điều kiện để được ${t} là gì?`, `Muốn được ${t} thì làm sao?`];
    want = `{S} muốn hỏi về ${t}`;
  } else if (startsWithVerb(t)) {
    short = [`Muốn ${t} thì cần điều kiện gì?`, `Thủ tục ${t} như thế nào?`, `${t} thì nộp hồ sơ ở đâu?`];
    want = `{S} muốn ${t}`;
  } else if (programme) {
    short = [`Chính sách ${t} hỗ trợ những gì?`, `Có chính sách hỗ trợ ${t} không?`, `Điều kiện để được hỗ trợ ${t} là gì?`];
    want = `{S} nghe nói có chính sách ${t}`;
  } else {
    short = [`${t} thì được hỗ trợ gì?`, `Có chính sách gì về ${t} không?`];
    want = `{S} muốn hỏi chính sách về ${t}`;
  }
  short = short.map((s) => pre + lc(s.charAt(0).toUpperCase() + s.slice(1)));
  return {
    short,
    want,
    follow: ['cần điều kiện gì ạ?', 'được hỗ trợ những gì ạ?', 'làm hồ sơ ở đâu ạ?'],
    full: [(short[0] ?? '').replace(/^\S/, (ch) => ch.toLowerCase()).replace(/\?$/, ' ạ?')],
  };
}

function plan(p: Prepared, t: string, at: string | undefined): AskSet {
  const it = p.item;
  const num = /(\d+)\/KH/.exec(it.source?.ref ?? '')?.[1];
  const years = /(20\d\d)(?:\s*[–-]\s*(20\d\d))?/.exec(it.title);
  const where = at ?? 'tỉnh';
  const short = [`${where} có kế hoạch gì về ${t}?`, `Kế hoạch ${t} của ${where} thế nào?`];
  if (years?.[1]) short.push(`${where} đặt mục tiêu gì cho ${t} đến năm ${years[2] ?? years[1]}?`);
  if (num) short.push(`Kế hoạch ${num} của ${where} nói về gì?`, `Kế hoạch ${num} về ${t} có nội dung gì?`);
  return {
    short: short.map((s) => s.charAt(0).toUpperCase() + s.slice(1)),
    want: `{S} muốn tìm hiểu kế hoạch về ${t} của ${where}`,
    follow: ['mục tiêu là bao nhiêu ạ?', 'có những nội dung gì ạ?'],
    full: [`${where} có kế hoạch gì về ${t} vậy ạ?`],
  };
}

/** A faq is asked by one clause of its own question, or about one of its keywords ("hỏi về học phí"). */
function faq(p: Prepared, topic: Topic | undefined, rng: Rng): AskSet {
  if (topic) {
    const t = topic.text;
    // Alone, "bằng thì sao ạ?" is a follow-up with nothing to follow: the keyword is asked about outright.
    const short = [`Cho em hỏi về ${t} ạ?`, `Em muốn hỏi về ${t}`, `Dạ em hỏi về ${t} ạ`];
    return { short, want: '{S} muốn hỏi chút', follow: [`về ${t} thì thế nào ạ?`], full: [`về ${t} khi đi học nghề ạ?`] };
  }
  const clauses = p.item.title.split('?').map((c) => c.trim()).filter(Boolean);
  const c = rng.pick(clauses.length ? clauses : [p.item.title]);
  const lc = c.charAt(0).toLowerCase() + c.slice(1);
  const short = [`${c}?`, `Cho em hỏi ${lc} ạ?`, `Dạ ${lc} vậy ạ?`, `${c} vậy?`, `Anh chị cho hỏi ${lc}?`, `Em hỏi chút, ${lc} ạ?`];
  return { short, want: '{S} muốn hỏi chút', follow: [`${lc} ạ?`], full: [`${lc} ạ?`] };
}

export function asksFor(p: Prepared, topic: Topic | undefined, at: string | undefined, rng: Rng): AskSet {
  const t = topic?.text ?? p.item.title;
  switch (p.item.kind) {
    case 'course':
      return course(p, topic, t, at);
    case 'fair':
      return fair(p, t, at);
    case 'policy':
      return policy(p, t, at);
    case 'plan':
      return plan(p, t, at);
    default:
      return faq(p, topic, rng);
  }
}
