/**
 * Vietnam's 34 provincial-level units in force since 1 July 2025, with the 63
 * former units they absorbed and a few well-known former cities, so that old
 * names typed by users ("Bến Tre", "Kiên Giang") resolve to the new province.
 *
 * Source: National Assembly Resolution 202/2025/QH15 (provincial
 * reorganisation, effective 12 Jun 2025; new governments from 1 Jul 2025),
 * cross-checked with Resolution 60-NQ/TW's list; codes from Công văn
 * 915/CTK-CSCL. Codes are reused from the former province hosting the new
 * centre (80 was Long An, now Tây Ninh), so never mix pre-2025 codes in.
 */

import { foldVi } from './fold.js';

export interface Province {
  /** Statistical code after 1 Jul 2025, two digits ("86"). */
  code: string;
  /** Official display name; centrally-run cities carry "TP" ("Vĩnh Long", "TP Hồ Chí Minh"). */
  name: string;
  /** Name without the "TP" prefix ("Hồ Chí Minh"). */
  shortName: string;
  kind: 'province' | 'city';
  /** Former provincial units absorbed, the namesake included (63 across all units). */
  formerNames: string[];
  /** Provinces dissolved before those 63 existed, whose whole land now lies in this unit ("Hà Tây"). */
  earlierNames: string[];
  /** Every folded alias that maps here: names, former units, spelling variants, former cities. */
  aliases: string[];
}

/** A display name followed by extra folded spellings of it. */
type Named = readonly [display: string, ...variants: string[]];

interface Row {
  code: string;
  shortName: string;
  kind: 'province' | 'city';
  /** Folded variants of the current name itself. */
  also?: readonly string[];
  /** Former units; the first is the namesake (or Thừa Thiên Huế for Huế). */
  former: readonly Named[];
  /**
   * Well-known former cities/capitals that are unambiguous as place names.
   * Left out on purpose: Vinh (also vịnh/vinh, and part of Vĩnh Long/Phúc),
   * Tân An and Dĩ An/Thuận An ("dĩ an" = "đi ăn"; many communes named Tân An),
   * Vị Thanh ("vì thanh niên"), Đông Hà and Đồng Hới ("lao động hà nội",
   * "lao động hỏi" would match), Cửa Lò ("cửa lò" = oven door).
   */
  places?: readonly Named[];
  /**
   * Provinces dissolved before 2008 whose whole land is now in this unit, still said by people who
   * grew up there ("Hà Tây cũ"). Left out: those split between units since (Hải Hưng, Nghệ Tĩnh,
   * Sông Bé, Nghĩa Bình, Thuận Hải), and Nam Hà ("nấm hả" folds the same) and Cửu Long (the river).
   */
  earlier?: readonly Named[];
}

// Hand-written table: one row per unit, in the order of Resolution 60-NQ/TW.
const ROWS: readonly Row[] = [
  { code: '01', shortName: 'Hà Nội', kind: 'city', also: ['hn', 'hanoi'], former: [['Hà Nội']], earlier: [['Hà Tây']] },
  {
    code: '46', shortName: 'Huế', kind: 'city', also: ['thanh pho hue'],
    // Became the centrally-run city of Huế on 1 Jan 2025; users still type the old province name.
    former: [['Thừa Thiên Huế', 'thua thien', 'tt hue']],
  },
  { code: '12', shortName: 'Lai Châu', kind: 'province', former: [['Lai Châu']] },
  { code: '11', shortName: 'Điện Biên', kind: 'province', former: [['Điện Biên']], places: [['Điện Biên Phủ']] },
  { code: '14', shortName: 'Sơn La', kind: 'province', former: [['Sơn La']] },
  { code: '20', shortName: 'Lạng Sơn', kind: 'province', former: [['Lạng Sơn']] },
  {
    code: '22', shortName: 'Quảng Ninh', kind: 'province', former: [['Quảng Ninh']],
    places: [['Hạ Long', 'halong'], ['Móng Cái'], ['Uông Bí'], ['Cẩm Phả']],
  },
  { code: '38', shortName: 'Thanh Hóa', kind: 'province', former: [['Thanh Hóa']], places: [['Sầm Sơn']] },
  { code: '40', shortName: 'Nghệ An', kind: 'province', former: [['Nghệ An']] },
  { code: '42', shortName: 'Hà Tĩnh', kind: 'province', former: [['Hà Tĩnh']] },
  { code: '04', shortName: 'Cao Bằng', kind: 'province', former: [['Cao Bằng']] },
  { code: '08', shortName: 'Tuyên Quang', kind: 'province', former: [['Tuyên Quang'], ['Hà Giang']], earlier: [['Hà Tuyên']] },
  {
    code: '15', shortName: 'Lào Cai', kind: 'province', former: [['Lào Cai'], ['Yên Bái']],
    places: [['Sa Pa', 'sapa']],
  },
  { code: '19', shortName: 'Thái Nguyên', kind: 'province', former: [['Thái Nguyên'], ['Bắc Kạn', 'bac can']], earlier: [['Bắc Thái']] },
  {
    code: '25', shortName: 'Phú Thọ', kind: 'province',
    former: [['Phú Thọ'], ['Vĩnh Phúc'], ['Hòa Bình']], // "Hoà Bình" folds the same
    places: [['Việt Trì'], ['Vĩnh Yên'], ['Phúc Yên']],
  },
  { code: '24', shortName: 'Bắc Ninh', kind: 'province', former: [['Bắc Ninh'], ['Bắc Giang']], earlier: [['Hà Bắc']] },
  { code: '33', shortName: 'Hưng Yên', kind: 'province', former: [['Hưng Yên'], ['Thái Bình']] },
  { code: '31', shortName: 'Hải Phòng', kind: 'city', also: ['haiphong'], former: [['Hải Phòng'], ['Hải Dương']] },
  {
    code: '37', shortName: 'Ninh Bình', kind: 'province', former: [['Ninh Bình'], ['Hà Nam'], ['Nam Định']], earlier: [['Hà Nam Ninh']],
    places: [['Phủ Lý']],
  },
  { code: '44', shortName: 'Quảng Trị', kind: 'province', former: [['Quảng Trị'], ['Quảng Bình']] },
  {
    code: '48', shortName: 'Đà Nẵng', kind: 'city', also: ['danang'], former: [['Đà Nẵng'], ['Quảng Nam']],
    places: [['Hội An', 'hoian'], ['Tam Kỳ']],
  },
  { code: '51', shortName: 'Quảng Ngãi', kind: 'province', former: [['Quảng Ngãi'], ['Kon Tum', 'kontum']] },
  {
    code: '52', shortName: 'Gia Lai', kind: 'province', former: [['Gia Lai'], ['Bình Định']],
    places: [['Quy Nhơn', 'qui nhon'], ['Pleiku', 'plei ku']],
  },
  {
    code: '56', shortName: 'Khánh Hòa', kind: 'province', former: [['Khánh Hòa'], ['Ninh Thuận']],
    places: [['Nha Trang', 'nhatrang'], ['Cam Ranh'], ['Phan Rang']],
  },
  {
    code: '68', shortName: 'Lâm Đồng', kind: 'province',
    former: [['Lâm Đồng'], ['Đắk Nông', 'dac nong', 'daknong'], ['Bình Thuận']],
    places: [['Đà Lạt', 'dalat'], ['Bảo Lộc'], ['Phan Thiết'], ['Gia Nghĩa']],
  },
  {
    code: '66', shortName: 'Đắk Lắk', kind: 'province',
    also: ['dac lac', 'dak lac', 'dac lak', 'daklak', 'daklac'],
    former: [['Đắk Lắk'], ['Phú Yên']],
    places: [['Buôn Ma Thuột', 'buon me thuot'], ['Tuy Hòa']],
  },
  {
    code: '79', shortName: 'Hồ Chí Minh', kind: 'city',
    also: ['hcm', 'tphcm', 'hcmc', 'sai gon', 'saigon', 'sg'],
    former: [['Hồ Chí Minh'], ['Bình Dương'], ['Bà Rịa - Vũng Tàu', 'brvt', 'br vt']],
    places: [['Vũng Tàu', 'vungtau'], ['Bà Rịa'], ['Thủ Dầu Một'], ['Thủ Đức'], ['Côn Đảo']],
  },
  {
    code: '75', shortName: 'Đồng Nai', kind: 'province', former: [['Đồng Nai'], ['Bình Phước']],
    places: [['Biên Hòa'], ['Đồng Xoài']],
  },
  { code: '80', shortName: 'Tây Ninh', kind: 'province', former: [['Tây Ninh'], ['Long An']] },
  { code: '92', shortName: 'Cần Thơ', kind: 'city', also: ['cantho'], former: [['Cần Thơ'], ['Sóc Trăng'], ['Hậu Giang']] },
  { code: '86', shortName: 'Vĩnh Long', kind: 'province', former: [['Vĩnh Long'], ['Bến Tre'], ['Trà Vinh']] },
  {
    code: '82', shortName: 'Đồng Tháp', kind: 'province', former: [['Đồng Tháp'], ['Tiền Giang']],
    places: [['Mỹ Tho', 'mi tho'], ['Cao Lãnh'], ['Sa Đéc']],
  },
  { code: '96', shortName: 'Cà Mau', kind: 'province', former: [['Cà Mau'], ['Bạc Liêu']], earlier: [['Minh Hải']] },
  {
    code: '91', shortName: 'An Giang', kind: 'province', former: [['An Giang'], ['Kiên Giang']],
    places: [['Rạch Giá'], ['Long Xuyên'], ['Châu Đốc'], ['Phú Quốc'], ['Hà Tiên']],
  },
];

interface AliasTarget {
  province: Province;
  /** Display name of the former unit or city the alias stands for, if not the current name. */
  former?: string;
}

const ALIAS_INDEX = new Map<string, AliasTarget>();
/** Same aliases without spaces, for whole-name lookups like "HaNoi". */
const COMPACT_INDEX = new Map<string, AliasTarget>();

function buildProvinces(): Province[] {
  return ROWS.map((row) => {
    const province: Province = {
      code: row.code,
      name: row.kind === 'city' ? `TP ${row.shortName}` : row.shortName,
      shortName: row.shortName,
      kind: row.kind,
      formerNames: row.former.map(([display]) => display),
      earlierNames: (row.earlier ?? []).map(([display]) => display),
      aliases: [],
    };
    const own = foldVi(row.shortName);
    const add = (alias: string, label?: string): void => {
      const key = foldVi(alias);
      if (key === '' || ALIAS_INDEX.has(key)) return; // first writer wins; tests check there are no clashes
      const target: AliasTarget = label !== undefined && foldVi(label) !== own ? { province, former: label } : { province };
      ALIAS_INDEX.set(key, target);
      const compact = key.replace(/ /g, '');
      if (!COMPACT_INDEX.has(compact)) COMPACT_INDEX.set(compact, target);
      province.aliases.push(key);
    };
    add(row.shortName);
    for (const v of row.also ?? []) add(v);
    for (const [display, ...variants] of [...row.former, ...(row.earlier ?? []), ...(row.places ?? [])]) {
      add(display, display);
      for (const v of variants) add(v, display);
    }
    return province;
  });
}

export const PROVINCES: readonly Province[] = buildProvinces();

const BY_CODE = new Map(PROVINCES.map((p) => [p.code, p]));

/** The unit with this post-2025 code ("86", or "1" for "01"); undefined if none. */
export function provinceByCode(code: string): Province | undefined {
  if (typeof code !== 'string') return undefined;
  const c = code.trim();
  return BY_CODE.get(/^\d$/.test(c) ? `0${c}` : c);
}

/** Administrative prefixes dropped before lookup ("tỉnh", "thành phố", "TP", "TP."). */
const PREFIXES: readonly (readonly string[])[] = [['thanh', 'pho'], ['tinh'], ['tp'], ['t', 'p']];
/** "Bến Tre (cũ)" = the former Bến Tre; "mới" = new. */
const SUFFIXES: ReadonlySet<string> = new Set(['cu', 'moi']);

/**
 * Exact lookup of a whole place name, old or new, with or without accents or
 * an administrative prefix: "tỉnh Kiên Giang" → An Giang, "TP.HCM" → TP Hồ Chí Minh.
 */
export function resolveProvinceName(name: string): Province | undefined {
  if (typeof name !== 'string') return undefined;
  const tokens = foldVi(name.slice(0, 200)).split(' ').filter(Boolean);
  let start = 0;
  for (let again = true; again; ) {
    again = false;
    for (const prefix of PREFIXES) {
      // Keep at least one token so "TP" alone is not swallowed into nothing.
      if (tokens.length - start > prefix.length && prefix.every((w, k) => tokens[start + k] === w)) {
        start += prefix.length;
        again = true;
      }
    }
  }
  let end = tokens.length;
  while (end - start > 1 && SUFFIXES.has(tokens[end - 1] ?? '')) end--;
  const key = tokens.slice(start, end).join(' ');
  if (key === '') return undefined;
  return (ALIAS_INDEX.get(key) ?? COMPACT_INDEX.get(key.replace(/ /g, '')))?.province;
}

export interface ProvinceMention {
  province: Province;
  /** First token of the mention, including a preceding "tỉnh"/"tp"/"thành phố". */
  start: number;
  /** One past the last token. */
  end: number;
  /** The former unit or city named, when it is not the current unit's own name ("Bến Tre"). */
  matchedFormer?: string;
}

const MAX_ALIAS_TOKENS = Math.max(...[...ALIAS_INDEX.keys()].map((k) => k.split(' ').length));

/**
 * Words that, after an alias ending in "an", show the "an" belongs to another
 * word: "nghề an toàn" is not Nghệ An, "học nghề An Giang" is An Giang (a
 * province "Nghệ An Giang" does not exist).
 */
const AN_CONTINUATIONS: ReadonlySet<string> = new Set([
  'toan', 'ninh', 'sinh', 'uong', 'tam', 'cu', 'nhien', 'khang', 'phan', 'giang', 'trua', 'sang', 'com', 'nhau',
]);

/** Words forming a compound with a following "đồng": "lao động thấp" is not Đồng Tháp. */
const DONG_COMPOUNDS: ReadonlySet<string> = new Set([
  'lao', 'hop', 'cong', 'hoat', 'van', 'tu', 'chu', 'hanh', 'bien', 'dao', 'canh', 'ruong', 'tac', 'lung',
]);

/** Forms of address before a name: "chị Huệ" is a person, not the city of Huế. */
const PERSON_TITLES: ReadonlySet<string> = new Set(['chi', 'c', 'ba', 'bac', 'chu', 'di', 'thim', 'mo', 'ong', 'anh', 'em', 'ban']);

/**
 * Specific continuations (a word or phrase right after the alias) that turn
 * the alias into ordinary words.
 */
const BLOCKED_NEXT: ReadonlyMap<string, readonly string[]> = new Map([
  // "cần thợ may/hàn/điện/cơ khí" = "need a tailor/welder/electrician/mechanic", not Cần Thơ.
  // Plain "co" is not listed: "Cần Thơ có lớp nào" is common.
  ['can tho', ['may', 'han', 'dien', 'moc', 'ne', 'xay', 'son', 'sua', 'cat', 'uon', 'phu', 'tien', 'phay', 'ren', 'nail', 'giat', 'lanh', 'co khi', 'co dien']],
  ['nam dinh', ['cu']], // "5 năm định cư"
  ['son la', ['gi', 'nghe', 'viec', 'mot']], // "nghề sơn là gì"
  ['lam dong', ['ang']], // "làm đồng áng"
]);

function isBlocked(alias: string, tokens: readonly string[], start: number, end: number): boolean {
  const next = tokens[end];
  const prev = start > 0 ? tokens[start - 1] : undefined;
  const words = alias.split(' ');
  // No named closure made per call: under tsx each gets an Object.defineProperty of its name.
  if (BLOCKED_NEXT.get(alias)?.some((phrase) => phrase.split(' ').every((w, k) => tokens[end + k] === w))) return true;
  if (words.length > 1 && words[words.length - 1] === 'an' && next !== undefined && AN_CONTINUATIONS.has(next)) return true;
  if (words[0] === 'dong' && prev !== undefined && DONG_COMPOUNDS.has(prev)) return true;
  if (alias === 'hue' && prev !== undefined && PERSON_TITLES.has(prev)) return true;
  return false;
}

/**
 * Finds province mentions in folded tokens by leftmost-longest exact alias
 * match on token boundaries, so "long an" ≠ "vinh long" ≠ "an giang" and a
 * lone "an", "long" or "ha" is never a province.
 */
export function detectProvinces(foldedTokens: readonly string[]): ProvinceMention[] {
  if (!Array.isArray(foldedTokens)) return [];
  const tokens = foldedTokens.map((t) => (typeof t === 'string' ? t : ''));
  const found: ProvinceMention[] = [];
  let lastEnd = 0;
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    for (let len = Math.min(MAX_ALIAS_TOKENS, tokens.length - i); len >= 1; len--) {
      const alias = tokens.slice(i, i + len).join(' ');
      const target = ALIAS_INDEX.get(alias);
      if (target === undefined || isBlocked(alias, tokens, i, i + len)) continue;
      const mention: ProvinceMention = { province: target.province, start: extendOverPrefix(tokens, i, lastEnd), end: i + len };
      if (target.former !== undefined) mention.matchedFormer = target.former;
      found.push(mention);
      matched = len;
      break;
    }
    if (matched > 0) {
      i += matched;
      lastEnd = i;
    } else i++;
  }
  return found;
}

/** Moves a mention's start back over "tinh", "tp" or "thanh pho" so callers can cut the whole phrase. */
function extendOverPrefix(tokens: readonly string[], start: number, floor: number): number {
  if (start - 2 >= floor && tokens[start - 2] === 'thanh' && tokens[start - 1] === 'pho') return start - 2;
  if (start - 1 >= floor && (tokens[start - 1] === 'tinh' || tokens[start - 1] === 'tp')) return start - 1;
  return start;
}
