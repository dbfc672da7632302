/**
 * Surface noise for generated questions: a seeded random source, folding that keeps punctuation
 * (people without a Vietnamese keyboard still type commas and "?"), keyboard typos, and chat
 * shorthand. Every rule here is general Vietnamese chat usage (see the reference notes §2.4 and
 * how the eval-pack's teencode lines are written); nothing depends on a particular content item.
 */

/** A small seeded generator (mulberry32): the same seed always gives the same questions. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(this.next() * list.length)] as T;
  }
  shuffle<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/** FNV-1a, to give each item its own random stream: adding an item does not reshuffle the others. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Removes tone and vowel marks and đ→d but keeps case, spaces and punctuation, like a phone without a VN keyboard. */
export function stripMarks(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

export function hasMarks(s: string): boolean {
  return /[đĐ]/.test(s) || /[\u0300-\u036f]/.test(s.normalize('NFD'));
}

/** Search-style fold (lowercase, no marks, punctuation → space), for comparing phrases. */
export function foldKey(s: string): string {
  return stripMarks(s)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Neighbouring keys on a QWERTY phone keyboard: the usual fat-finger slip. */
const NEIGHBOURS: Record<string, string> = {
  a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl',
  l: 'k', m: 'n', n: 'bm', o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb',
  w: 'qe', x: 'zc', y: 'tu', z: 'x',
};

/**
 * One typo in one longer word: a dropped, doubled or neighbouring letter. Only words of 4+ letters
 * and never their first letter, because people rarely miss the start of a word and a 2-letter
 * word with a typo becomes another word entirely.
 */
export function addTypo(text: string, rng: Rng): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{4,}$/.test(w));
  if (candidates.length === 0) return text;
  const [word, index] = rng.pick(candidates);
  const pos = rng.int(1, word.length - 1);
  const ch = word[pos] as string;
  const kind = rng.int(0, 2);
  let typo: string;
  if (kind === 0) typo = word.slice(0, pos) + word.slice(pos + 1);
  else if (kind === 1) typo = word.slice(0, pos) + ch + word.slice(pos);
  else typo = word.slice(0, pos) + rng.pick([...(NEIGHBOURS[ch] ?? ch)]) + word.slice(pos + 1);
  words[index] = typo;
  return words.join(' ');
}

/**
 * Folded form as people type it without diacritics: marks gone, mostly lowercase, the final "?"
 * often dropped, and at a low rate one typo.
 */
export function noDiacritics(text: string, rng: Rng, typoRate = 0.2): string {
  let out = stripMarks(text);
  if (rng.chance(0.75)) out = out.toLowerCase();
  if (rng.chance(0.7)) out = out.replace(/[?.]\s*$/, '');
  if (rng.chance(typoRate)) out = addTypo(out, rng);
  return out;
}

/** [pattern on accented lowercase text, replacements]; applied before folding so "vậy" never hits "vay vốn". */
const SHORTHAND: readonly (readonly [RegExp, readonly string[]])[] = [
  [/\bsố điện thoại\b/g, ['sdt', 'sđt']],
  [/\bcông ty\b/g, ['cty']],
  [/\bbao nhiêu\b/g, ['bn', 'bao nhiu']],
  [/\bnhư thế nào\b|\bthế nào\b/g, ['ntn', 'sao']],
  [/\bbây giờ\b/g, ['bh', 'h']],
  [/\bhợp tác xã\b/g, ['htx']],
  [/\bbảo hiểm xã hội\b/g, ['bhxh']],
  [/\bbảo hiểm y tế\b/g, ['bhyt']],
  [/\bbảo hiểm thất nghiệp\b/g, ['bhtn']],
  [/\bcăn cước công dân\b/g, ['cccd']],
  [/\bđăng ký\b/g, ['dk', 'đk', 'dki']],
  [/\bkhông\b/g, ['k', 'ko', 'hk', 'hok', 'k']],
  [/\bđược\b/g, ['dc', 'đc', 'dc']],
  [/\bgì\b/g, ['j']],
  [/\bvậy\b/g, ['z', 'v']],
  [/\brồi\b/g, ['r']],
  [/\bmuốn\b/g, ['mún', 'mun']],
  [/\bhọc\b/g, ['hc']],
  [/\blàm\b/g, ['lm']],
  [/\bngười\b/g, ['ng']],
  [/\bvới\b/g, ['vs']],
  [/\bbiết\b/g, ['bik', 'bit']],
  [/\bcũng\b/g, ['cx']],
  [/\bthì\b/g, ['thj', 'thi']],
  [/\bnước\b/g, ['nc']],
  [/\btrước\b/g, ['trc']],
  [/\bem\b/g, ['e']],
  [/\banh\b/g, ['a']],
  [/\bchị\b/g, ['c', 'chj']],
  [/\bsao\b/g, ['s']],
  [/\bmới\b/g, ['ms']],
];

// \b in JS regexes only knows ASCII letters, so Vietnamese words need explicit letter boundaries.
const LETTER = 'a-zA-Z0-9\\u00C0-\\u1EF9';
function wordRegex(re: RegExp): RegExp {
  const src = re.source.replace(/\\b/g, '');
  return new RegExp(`(?<![${LETTER}])(?:${src})(?![${LETTER}])`, 'g');
}
const RULES = SHORTHAND.map(([re, subs]) => [wordRegex(re), subs] as const);

/**
 * Chat shorthand: each rule fires on each occurrence with probability `rate`, then "N tuổi" → "Nt",
 * "N triệu" → "Ntr", polite addresses → "ad", and the text is folded unless `keepMarks` (some
 * people type shorthand on a Vietnamese keyboard: "e o đà nẵng mún hc sửa máy lạnh").
 */
export function teencode(text: string, rng: Rng, rate = 0.75, keepMarks = false): string {
  let out = text.toLowerCase();
  out = out.replace(/(\d+) tuổi/g, (_m, n: string) => `${n}t`);
  out = out.replace(/(\d+) triệu rưỡi/g, (_m, n: string) => `${n}tr5`);
  out = out.replace(/(\d+) triệu/g, (_m, n: string) => `${n}tr`);
  // The admin of a page is "ad" in chat, whatever the polite form was.
  out = out.replace(wordRegex(/anh chị|các anh chị|cô chú|ad ơi/), () => (rng.chance(0.7) ? 'ad' : 'a c'));
  let fired = 0;
  for (const [re, subs] of RULES) {
    out = out.replace(re, (m) => (rng.chance(rate) ? (fired++, rng.pick(subs)) : m));
  }
  // A teencode question has at least one shorthand: the first rule that can fire, fires once.
  const first = fired === 0 ? RULES.find(([re]) => new RegExp(re.source).test(out)) : undefined;
  if (first) out = out.replace(new RegExp(first[0].source), () => rng.pick(first[1]));
  // The polite particle is usually dropped or left as a bare "a".
  out = out.replace(wordRegex(/ạ/), () => (rng.chance(0.5) ? 'a' : '')).replace(/ +([,?.])/g, '$1');
  out = out.replace(/\s{2,}/g, ' ').replace(/,\s*,/g, ',').trim();
  // Nothing to shorten ("gia vang hom nay bao nhieu"): the chat tail still marks it as typed in chat.
  if (out === text.toLowerCase().trim() && !/\bad\??$/.test(out)) out = out.replace(/\?$/, '') + rng.pick([' ad', ' v ad', ' z', ' a oi']);
  if (!keepMarks) out = stripMarks(out);
  if (rng.chance(0.6)) out = out.replace(/[?.]\s*$/, '');
  return out;
}
