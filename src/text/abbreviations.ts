/**
 * Chat abbreviations and teencode → folded Vietnamese words. Keys and values
 * are folded (see foldVi), so "đc" and "dc" share one entry. Ambiguous codes
 * list every meaning, most likely first for this domain (vocational training,
 * support policies, jobs); callers search all of them.
 * Sources: reference notes §2.4 (underthesea teencode table, CJaclyn/vietnamesewords,
 * ThayTamPhap/phaps shortcuts) plus domain acronyms.
 */

import { foldVi } from './fold.js';

/** Each value is a list of meanings; each meaning is a space-separated folded phrase. */
const SOURCE: Readonly<Record<string, readonly string[]>> = {
  // --- negation ("không") ---
  k: ['khong'], // after a number "k" = nghìn; handled in expandAbbreviations
  ko: ['khong'],
  kh: ['khong'],
  khg: ['khong'],
  kg: ['khong', 'kg'], // also kilogram
  hok: ['khong'],
  hem: ['khong'],
  hong: ['khong', 'hong'], // also hỏng (broken: "xe hỏng") / hồng
  khum: ['khong'],
  kp: ['khong phai'],
  kb: ['khong biet', 'ket ban'], // "kb zalo" = add friend
  kbt: ['khong biet'],

  // --- common verbs / function words ---
  // "1 lớp", "1 lần": the digit is the article một, which carries nothing for search ("838" stays).
  '1': ['mot'],
  dc: ['duoc', 'dia chi'], // đc is also địa chỉ
  dk: ['dang ky', 'duoc', 'dieu kien'], // đăng ký is the likely sense in this domain
  dky: ['dang ky'],
  dki: ['dang ky'],
  j: ['gi'],
  // "k" for "h" after c/n ("cko", "nko", "ckj"): an old teencode for ch/nh
  cko: ['cho'],
  nko: ['nho'],
  ji: ['gi'],
  z: ['vay'],
  v: ['vay'],
  zay: ['vay'],
  r: ['roi'],
  oy: ['roi'],
  vs: ['voi'],
  w: ['voi'],
  cx: ['cung'],
  cg: ['cung'],
  cum: ['cum', 'cung'], // "cũm" folds onto "cụm" (cụm công nghiệp), so the literal comes first
  ms: ['moi'],
  lm: ['lam'],
  // vowels dropped from everyday words
  hc: ['hoc'],
  hk: ['khong', 'hoc'],
  mun: ['muon', 'mun'], // mún = muốn; "mùn cưa" is the literal
  // ô and uô written u, as in mún and tui: rùi (rồi), thui (thôi), lun (luôn); the literal second
  rui: ['roi', 'rui'],
  thui: ['thoi', 'thui'],
  lun: ['luon', 'lun'],
  vc: ['viec'],
  cv: ['cong viec'],
  sp: ['san pham'],
  dg: ['duong', 'dung', 'dang'],
  nhg: ['nhung'],
  ck: ['chong'],
  vk: ['vo'],
  kq: ['ket qua'],
  tgian: ['thoi gian'],
  thgian: ['thoi gian'],
  ns: ['noi'],
  nc: ['noi chuyen', 'nuoc'],
  nt: ['nhan tin', 'nhu the', 'nguoi ta'],
  ib: ['nhan tin'],
  inbox: ['nhan tin'],
  tl: ['tra loi'],
  rep: ['tra loi'],
  bt: ['biet', 'binh thuong'],
  bth: ['binh thuong'],
  bthg: ['binh thuong'],
  bik: ['biet'],
  bit: ['biet', 'bit'], // bít = biết; "bít tất" is the literal
  bjt: ['biet'],
  ntn: ['nhu the nao'],
  tn: ['the nao', 'thanh nien'],
  bn: ['bao nhieu', 'ban'],
  bnh: ['bao nhieu'],
  bnhieu: ['bao nhieu'],
  bnhiu: ['bao nhieu'],
  nhiu: ['nhieu'], // nhiều and nhiêu fold to the same word
  s: ['sao'],
  trc: ['truoc'],
  ng: ['nguoi'],
  ngta: ['nguoi ta'],
  ngt: ['nguoi ta'],
  mn: ['moi nguoi'],
  mng: ['moi nguoi'],
  wa: ['qua'],
  qa: ['qua'],
  iu: ['yeu'],
  vd: ['vi du', 'van de'], // vd = ví dụ, vđ = vấn đề; folding merges them
  tg: ['thoi gian'],
  bg: ['bao gio'],
  byg: ['bay gio'],
  bjo: ['bay gio'],
  bh: ['bay gio', 'bao hiem'],
  h: ['gio'],
  ktr: ['kiem tra'],
  lv: ['lam viec'],
  qd: ['quyet dinh', 'quy dinh'], // "QĐ 1956" (rural vocational training) is a decision
  hs: ['ho so', 'hoc sinh'],
  tr: ['trieu', 'truong', 'troi'], // after a number always triệu
  trg: ['truong'],
  hnay: ['hom nay'],
  hqua: ['hom qua'],
  hqa: ['hom qua'],
  tks: ['cam on'],
  thanks: ['cam on'],
  thank: ['cam on'],
  thx: ['cam on'],
  ok: ['ok', 'duoc'],
  oke: ['ok', 'duoc'],
  oki: ['ok', 'duoc'],
  okie: ['ok', 'duoc'],
  // English loanwords of chat
  free: ['mien phi'],
  fee: ['hoc phi', 'phi'],
  cafe: ['ca phe', 'cafe'],
  coffee: ['ca phe'],

  // --- pronouns / address ---
  // "m" is also mày, and "mk" mật khẩu; mày is left out because its folded form
  // "may" is the sewing trade (học may) and would pollute search.
  m: ['minh'],
  mk: ['minh', 'mat khau'],
  mik: ['minh'],
  e: ['em'],
  a: ['anh', 'a'], // anh or the particle ạ/à
  ak: ['a'],
  ah: ['a'],
  c: ['chi'],
  chj: ['chi'],
  cj: ['chi'],
  t: ['toi'],
  tui: ['toi'],
  b: ['ban'],

  // --- contact ---
  dt: ['dien thoai', 'dao tao'], // đt is also short for đào tạo in training notices
  sdt: ['so dien thoai'],
  lh: ['lien he'],

  // --- domain acronyms: the acronym itself is kept as a meaning because content often uses it verbatim ---
  htx: ['hop tac xa', 'htx'],
  ktx: ['ky tuc xa', 'ktx'],
  ubnd: ['uy ban nhan dan', 'ubnd'],
  cccd: ['can cuoc cong dan', 'cccd'],
  cmnd: ['chung minh nhan dan', 'cmnd'],
  bhxh: ['bao hiem xa hoi', 'bhxh'],
  bhyt: ['bao hiem y te', 'bhyt'],
  bhtn: ['bao hiem that nghiep', 'bhtn'],
  xkld: ['xuat khau lao dong', 'xkld'],
  kcn: ['khu cong nghiep', 'kcn'],
  ccn: ['cum cong nghiep', 'ccn'],
  nhcsxh: ['ngan hang chinh sach xa hoi', 'nhcsxh'],
  nhcs: ['ngan hang chinh sach', 'nhcs'],
  nhnn: ['ngan hang nha nuoc', 'nhnn'],
  ubmttq: ['uy ban mat tran to quoc', 'ubmttq'],
  hlhpn: ['hoi lien hiep phu nu', 'hlhpn'],
  hnd: ['hoi nong dan', 'hnd'],
  ldnt: ['lao dong nong thon', 'ldnt'],
  ld: ['lao dong'],
  nld: ['nguoi lao dong', 'nld'],
  hdld: ['hop dong lao dong'],
  ntd: ['nha tuyen dung'],
  // "dn" is also Đà Nẵng / Đồng Nai; provinces are resolved separately (provinces.ts), so only the business sense here.
  dn: ['doanh nghiep'],
  cty: ['cong ty'],
  cn: ['cong nhan', 'cong nghiep', 'chu nhat'],
  gdnn: ['giao duc nghe nghiep', 'gdnn'],
  ldtbxh: ['lao dong thuong binh va xa hoi', 'ldtbxh'],
  ocop: ['ocop', 'moi xa mot san pham'],
  gplx: ['giay phep lai xe', 'gplx'],
  hv: ['hoc vien'],
  gv: ['giao vien'],
  sv: ['sinh vien'],
  nv: ['nhan vien'],
  tt: ['trung tam', 'thong tin'],
  hd: ['huong dan', 'hop dong'],
  ht: ['ho tro'],
  cs: ['chinh sach', 'co so'],
  pv: ['phong van'],
  dh: ['dai hoc', 'dieu hoa'], // "sửa đh": the air conditioner; which one, the neighbours tell
  cd: ['cao dang'],
  tc: ['trung cap'],
  sc: ['so cap'],
  // Shorthand chat uses for the words of training and trade notices (initials of a two- or
  // three-syllable word, like the acronyms above, but written only in chat).
  hp: ['hoc phi'],
  cc: ['chung chi'],
  ds: ['danh sach'],
  kd: ['kinh doanh'],
  ct: ['chuong trinh', 'cong ty'],
  vp: ['van phong'],
  xk: ['xuat khau'],
  cf: ['ca phe'],
  hdv: ['huong dan vien'],
  nn: ['nha nuoc', 'nong nghiep', 'nuoc ngoai'],

  // --- places (detected as provinces in provinces.ts; expanded here for search text) ---
  tp: ['thanh pho'],
  tphcm: ['thanh pho ho chi minh', 'tphcm'],
  hcm: ['ho chi minh', 'hcm'],
  sg: ['sai gon', 'ho chi minh'],
  hn: ['ha noi'],
  vn: ['viet nam'],
};

/** Folded abbreviation → meanings, each meaning a list of folded tokens. */
export const ABBREVIATIONS: ReadonlyMap<string, readonly (readonly string[])[]> = new Map(
  Object.entries(SOURCE).map(([key, meanings]) => [key, meanings.map((m) => m.split(' '))]),
);

/**
 * Units that follow a number, glued ("500k") or as the next token ("500 k").
 * A glued unit is unambiguous; a separate token keeps its ordinary meanings too.
 */
const NUMBER_UNITS: ReadonlyMap<string, string> = new Map([
  ['k', 'nghin'],
  ['tr', 'trieu'],
  ['cu', 'trieu'], // slang: "5 củ" = 5 triệu
  ['ty', 'ty'],
  ['h', 'gio'],
  ['p', 'phut'],
  ['d', 'dong'],
  ['t', 'tuoi'], // "58t" = 58 tuổi
]);

/** The words units expand to: a quantity's unit, which the content may write otherwise ("900.000 đồng"). */
export const UNIT_WORDS: ReadonlySet<string> = new Set(NUMBER_UNITS.values());

/** "500k", "5tr", "5h30", "1tr5": digits, a unit, optional trailing digits. */
const GLUED_NUMBER = /^(\d+)(k|tr|cu|ty|h|p|d|t)(\d*)$/;
const DIGITS = /^\d+$/;
const ASCII_TOKEN = /^[a-z0-9]*$/;

/**
 * For each token, the list of alternatives (most likely first), each a list of
 * folded tokens. Unknown tokens come back as `[[token]]`, so positions line up
 * with the input.
 */
export function expandAbbreviations(tokens: readonly string[]): string[][][] {
  if (!Array.isArray(tokens)) return [];
  return tokens.map((raw, i) => {
    const token = typeof raw === 'string' ? raw : '';
    const prev = i > 0 ? tokens[i - 1] : undefined;

    // "500 k": a unit after a bare number. A lone "k" keeps "không" as a second
    // meaning because "lớp 10 k?" really is "lớp 10 không?".
    if (typeof prev === 'string' && DIGITS.test(prev)) {
      const unit = NUMBER_UNITS.get(token);
      if (unit !== undefined) return token === 'k' ? [[unit], ['khong']] : [[unit]];
    }

    // "500k": glued units never mean "không".
    const glued = GLUED_NUMBER.exec(token);
    if (glued) {
      const [, number = '', unit = '', rest = ''] = glued;
      const expansion = [number, NUMBER_UNITS.get(unit) ?? unit];
      if (rest) expansion.push(rest);
      return [expansion, [token]];
    }

    const key = ASCII_TOKEN.test(token) ? token : foldVi(token);
    const meanings = ABBREVIATIONS.get(key);
    return meanings ? meanings.map((m) => [...m]) : [[token]];
  });
}

/** Every token of every alternative, deduplicated, in first-seen order. */
export function expandedTokens(tokens: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const alternatives of expandAbbreviations(tokens)) {
    for (const alternative of alternatives) {
      for (const t of alternative) if (t) seen.add(t);
    }
  }
  return [...seen];
}

/** The most likely reading: the first alternative at each position, flattened (repeats kept). */
export function primaryTokens(tokens: readonly string[]): string[] {
  return expandAbbreviations(tokens).flatMap((alternatives) => alternatives[0] ?? []);
}
