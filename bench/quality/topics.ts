/**
 * What a question is about, taken from the item's own fields: short phrases from its keywords,
 * trade and title (never the whole title), with accents restored from the item's own text when a
 * keyword was written without them; and which other items the same words would fit, so a question
 * that two items answer equally lists both ("a|b") instead of blaming the engine for picking one.
 */
import { PROVINCES, resolveProvinceName, type Province } from '../../src/text/provinces.js';
import { foldKey, hasMarks } from './teencode.js';
import { FILLER } from './vocab.js';

/** The fields the generator reads; a validated ContentItem fits, so does a raw corpus.json row. */
export interface ContentItemLike {
  id: string;
  kind: string;
  title: string;
  summary?: string;
  body?: string;
  keywords?: readonly string[] | string;
  tags?: readonly string[] | string;
  province?: string;
  place?: string;
  startsAt?: string;
  endsAt?: string;
  deadline?: string;
  trade?: string;
  capacity?: number | string;
  fee?: string;
  contact?: string;
  source?: { ref?: string; issuer?: string; date?: string; url?: string };
}

export interface Topic {
  text: string;
  /** A real spelling that can stand in a sentence with diacritics (has marks, or is written so in the item). */
  accented: boolean;
  key: string;
  /** In the title or trade: what the item is mainly about, rather than a detail of it. */
  inTitle: boolean;
}

export interface Prepared {
  item: ContentItemLike;
  province?: Province;
  /** Commune, district or village names from `place` ("Vũng Liêm", "Châu Giang"). */
  places: string[];
  /** Former province the place field itself names ("La Gi (Bình Thuận cũ)"), or the province field if it is a former name. */
  ownOldName?: string;
  /** Folded title, trade and keywords with spaces around: what a topic must appear in to "fit" the item. */
  key: string;
  /** The same with diacritics, lower case (keywords typed with marks only): "may" (sew) ≠ "mây" (rattan). */
  akey: string;
  /** Everything searchable, folded: to prove a trade or need absent from the corpus. */
  fullKey: string;
  topics: Topic[];
}

export function list(v: readonly string[] | string | undefined): string[] {
  if (v === undefined) return [];
  return (typeof v === 'string' ? v.split(';') : [...v]).map((s) => s.trim()).filter(Boolean);
}

/** Every name of every province, folded: keywords naming a place are not topics. */
const PLACE_KEYS = new Set(
  PROVINCES.flatMap((p) => [p.shortName, ...p.formerNames].map(foldKey)).concat(['sai gon', 'hcm', 'mien tay', 'dbscl']),
);

/** Trailing run of capitalised words: the proper name at the end of "Làng nghề cói Thanh Bình". */
function trailingName(s: string): string {
  const words = s.replace(/\(.*?\)/g, ' ').replace(/\bTP\.?\s*/g, '').trim().split(/\s+/);
  const run: string[] = [];
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i] as string;
    if (/^\p{Lu}/u.test(w)) run.unshift(w);
    else break;
  }
  // "Phường Bến Tre", "Xã Định Yên": the unit's word is not part of the name.
  while (run.length > 1 && /^(Phường|Xã|Quận|Huyện|Thị|Trấn|Tỉnh|Thành|Phố)$/u.test(run[0] ?? '')) run.shift();
  return run.join(' ');
}

/** Commune, district or village names in a `place` field; province names are left to the province. */
export function placeNames(place: string | undefined): string[] {
  if (!place) return [];
  const out: string[] = [];
  for (const part of place.split(',')) {
    const name = trailingName(part.trim());
    // One syllable ("Vinh") is too ambiguous to stand alone in a question.
    if (name.split(' ').length >= 2 && !out.includes(name) && !PLACE_KEYS.has(foldKey(name))) out.push(name);
  }
  return out;
}

/** How a province is written in a question: cities of three words keep their "TP" ("TP Hồ Chí Minh"). */
export function displayName(p: Province): string {
  return p.kind === 'city' && p.shortName.split(' ').length > 2 ? `TP ${p.shortName}` : p.shortName;
}

/** Lower case, marks kept, punctuation → space: for matching phrases typed with diacritics. */
function accentKey(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Accented form of a folded phrase, found as a run of words in the item's own text. */
function restoreAccents(phrase: string, texts: readonly string[]): string | undefined {
  const target = foldKey(phrase).split(' ');
  for (const text of texts) {
    const words = text.split(/[\s,;:.()]+/).filter(Boolean);
    const folded = words.map(foldKey);
    for (let i = 0; i + target.length <= words.length; i++) {
      if (target.every((t, j) => folded[i + j] === t)) {
        return lowerFirst(words.slice(i, i + target.length).join(' '));
      }
    }
  }
  return undefined;
}

const QUESTION_WORDS = /\b(khong|gi|sao|nao|bao nhieu|o dau|duoc)\b/;

function lowerFirst(s: string): string {
  const [first = '', second] = s.split(' ');
  // Keep "Chăm", "K'Ho", "OCOP": a capital is kept when it is not merely sentence-initial.
  if (first.toUpperCase() === first && first.length > 1) return s;
  if (second !== undefined && /^\p{Lu}/u.test(second)) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Title words dropped when they are not the last word ("an toàn dịch bệnh" may be). */
const TRAILING_FILLER = new Set(['truyền thống', 'cơ bản', 'an toàn dịch bệnh', 'an toàn sinh học', 'tỉnh', 'huyện', 'năm', 'giai đoạn']);

/** "Lớp tạo hình sản phẩm gốm đỏ Mang Thít" → "tạo hình gốm đỏ": the head of a title, if it is short. */
function titleHead(title: string, maxWords: number, names: readonly string[]): string | undefined {
  let t = title.split(/[:,(–]/)[0] ?? '';
  t = t.trim().replace(/^(Lớp|Khóa|Kỹ thuật|Chương trình|Kế hoạch)\s+/u, '').replace(/\b20\d\d\b/g, '');
  t = t.split(/\s+và\s+/)[0] ?? t;
  for (const n of names) t = t.replace(n, ' ');
  // Plan titles open with the administration's verb ("Vĩnh Long đẩy mạnh…"); people ask about the thing itself.
  t = t.replace(/\s+/g, ' ').trim().replace(/^(đẩy mạnh|thực hiện|triển khai|tăng cường)\s+/iu, '');
  const name = trailingName(t);
  // Only a two-word proper name at the end is cut ("Mang Thít"); "K'Ho" or "Việt" belong to the phrase.
  if (name.split(' ').length >= 2 && name !== t) t = t.slice(0, t.lastIndexOf(name));
  for (const f of FILLER) {
    const end = TRAILING_FILLER.has(f) ? '(?=\\s|$)' : '(?=\\s)';
    t = t.replace(new RegExp(`(^|\\s)${f}${end}`, 'gu'), ' ');
  }
  t = t.replace(/\s+/g, ' ').trim();
  const n = t.split(' ').length;
  return t && n >= 2 && n <= maxWords ? lowerFirst(t) : undefined;
}

function topicsOf(item: ContentItemLike, places: readonly string[], province: Province | undefined): Topic[] {
  // Only text written with marks can restore a folded keyword's accents.
  const texts = [item.title, item.trade ?? '', ...list(item.keywords).filter(hasMarks), item.summary ?? '', item.body ?? ''];
  const titleKey = ` ${foldKey(`${item.title} ${item.trade ?? ''}`)} `;
  const placeKeys = new Set([...PLACE_KEYS, ...places.map(foldKey)]);
  const raw: string[] = [];
  if (item.trade) raw.push(lowerFirst(item.trade));
  const names = [item.province ?? '', ...(province ? [province.shortName, ...province.formerNames] : []), ...places];
  // A faq's title is a whole question, asked as such elsewhere; its head is no topic.
  const head = item.kind === 'faq' ? undefined : titleHead(item.title, item.kind === 'course' || item.kind === 'policy' ? 4 : item.kind === 'fair' ? 5 : 6, names.filter(Boolean));
  if (head) raw.push(head);
  // A plan's title lists what it is about, one clause after another ("…, tiểu thủ công nghiệp và làng nghề").
  if (item.kind === 'plan') {
    for (const seg of item.title.split(/[,:()–]/).slice(1)) {
      const h = titleHead(seg, 6, names.filter(Boolean));
      if (h) raw.push(h);
    }
  }
  for (let kw of list(item.keywords)) {
    // A course question adds its own "học"/"lớp", and "thợ hàn" is learnt as "hàn".
    if (item.kind === 'course') kw = kw.replace(/^(học|hoc|lớp|lop|thợ|công nhân|cong nhan)\s+/iu, '');
    const k = foldKey(kw);
    // A plan's number is asked as "kế hoạch 838" from its source, not as a topic.
    if (item.kind === 'plan' && /^ke hoach/.test(k)) continue;
    const words = k.split(' ');
    if (/\d/.test(k)) continue;
    if (QUESTION_WORDS.test(k)) continue;
    // "vào công ty may": a keyword that starts with a preposition is the end of a sentence, not a subject.
    if (/^(vao|cho|cua|de|khi|tai|o|ve) /.test(k)) continue;
    // "đã học rồi", "muốn học thì…": a faq's keywords that are half a sentence, not a subject.
    if (item.kind === 'faq' && (/^(da|co|khong|muon|lam|can|tu) /.test(k) || words.length < 2)) continue;
    if ([...placeKeys].some((p) => ` ${k} `.includes(` ${p} `))) continue;
    if (words.length === 1 && (k.length < 3 || !titleKey.includes(` ${k} `))) continue;
    raw.push(kw);
  }
  const byKey = new Map<string, Topic>();
  // Where a phrase counts as a real spelling: prose and keywords typed with marks, not folded keywords.
  const written = ` ${accentKey([item.title, item.trade ?? '', item.summary ?? '', item.body ?? '', ...list(item.keywords).filter(hasMarks)].join(' | '))} `;
  for (const r of raw) {
    const key = foldKey(r);
    if (!key) continue;
    const text = hasMarks(r) ? r : restoreAccents(r, texts) ?? r;
    const accented = hasMarks(text) || written.includes(` ${accentKey(text)} `);
    const inTitle = titleKey.includes(` ${key} `);
    const prev = byKey.get(key);
    if (!prev || (!prev.accented && accented)) byKey.set(key, { text, accented, key, inTitle });
  }
  return [...byKey.values()];
}

export function prepare(items: readonly ContentItemLike[]): Prepared[] {
  return items.map((item) => {
    const places = placeNames(item.place);
    const province = item.province ? resolveProvinceName(item.province) : undefined;
    let ownOldName: string | undefined;
    const paren = /\(([^)]*?)\s+cũ\)/u.exec(item.place ?? '')?.[1];
    if (paren && resolveProvinceName(paren)?.code === province?.code) ownOldName = paren;
    else if (province && item.province && foldKey(item.province) !== foldKey(province.shortName)) ownOldName = item.province;
    const key = ` ${foldKey([item.title, item.trade ?? '', ...list(item.keywords)].join(' '))} `;
    const akey = ` ${accentKey([item.title, item.trade ?? '', ...list(item.keywords).filter(hasMarks)].join(' | '))} `;
    const fullKey = ` ${foldKey([key, ...list(item.tags), item.summary ?? '', item.body ?? ''].join(' '))} `;
    return { item, province, places, ownOldName, key, akey, fullKey, topics: topicsOf(item, places, province) };
  });
}

/** Kinds that answer the same sort of question: a faq and a policy often both fit "vay vốn". */
export function family(kind: string): string[] {
  return kind === 'policy' || kind === 'faq' ? ['policy', 'faq'] : [kind];
}

/**
 * Items (this one first) a question about `topic` fits, within `province` when the question names
 * one. A topic with diacritics is matched with them, so "may" (sew) does not fit "mây tre".
 */
export function fitting(p: Prepared, topic: Topic, all: readonly Prepared[], province?: Province): string[] {
  const kinds = family(p.item.kind);
  // Every word of the topic somewhere in the other item's title, trade or keywords: "hội chợ làng
  // nghề" fits "Hội chợ sản phẩm dừa và làng nghề" too, though not as one phrase.
  const words = (topic.accented ? accentKey(topic.text) : topic.key).split(' ');
  const others = all.filter((o) => {
    if (o === p || !kinds.includes(o.item.kind) || (province && o.province?.code !== province.code)) return false;
    const text = topic.accented ? o.akey : o.key;
    return words.every((w) => text.includes(` ${w} `));
  });
  return [p.item.id, ...others.map((o) => o.item.id)];
}

/**
 * Topics ordered for use: the ones only this item fits first, then short ones; `needMarks` puts
 * accented ones ahead (a question with diacritics cannot be built from "dan tui xach").
 */
export function rankTopics(p: Prepared, all: readonly Prepared[], province: Province | undefined, needMarks: boolean): Topic[] {
  let topics = p.topics;
  // A sentence with diacritics cannot carry "dan tui xach"; fairs and plans are asked by what their
  // title says ("hội chợ OCOP"), not by a product on sale there ("hội chợ thốt nốt" reads wrong).
  if (needMarks && topics.some((t) => t.accented)) topics = topics.filter((t) => t.accented);
  if ((p.item.kind === 'fair' || p.item.kind === 'plan') && topics.some((t) => t.inTitle)) topics = topics.filter((t) => t.inTitle);
  const scored = topics.map((t) => {
    const fit = fitting(p, t, all, province).length;
    const n = t.key.split(' ').length;
    const score = (fit - 1) * 10 + (n === 1 ? 2 : n > 4 ? 3 : 0) + (t.inTitle ? 0 : 3);
    return { t, score };
  });
  return scored.sort((a, b) => a.score - b.score).map((s) => s.t);
}
