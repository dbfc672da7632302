/**
 * Out-of-scope questions: nothing in the corpus answers them, yet they share its words (đăng ký,
 * giấy tờ, vay, hội chợ, lớp, điện, bảo hiểm, its place names), so a bot that answers on word
 * overlap alone gets them wrong. Three sources, all checked against the corpus given:
 *  - everyday needs (sổ đỏ, kết hôn, cúp điện…) whose key words no item has;
 *  - courses in trades no item mentions anywhere;
 *  - fairs (or courses) in a province where the corpus has none, named by today's or a former name.
 */
import { PROVINCES, type Province } from '../../src/text/provinces.js';
import { foldKey, noDiacritics, Rng, teencode } from './teencode.js';
import { displayName, type Prepared } from './topics.js';
import { OOS_NEEDS, OTHER_TRADES } from './vocab.js';
import { chatty, regionOf, type ChattyParts } from './wrappers.js';

export interface OosRow {
  expect: string;
  q: string;
  category: string;
}

const WRAPS = ['diacritics', 'no-diacritics', 'teencode', 'chatty'] as const;
type Wrap = (typeof WRAPS)[number];

interface Spec {
  short: readonly string[];
  chat: Omit<ChattyParts, 'region' | 'place'>;
  /** Set when the question names a former province: its category is then oos-old-place. */
  oldName?: boolean;
  /** Province the question is about, for a fitting regional voice in a long message. */
  province?: Province;
}

function wrap(spec: Spec, how: Wrap, place: string, region: ChattyParts['region'], rng: Rng): OosRow {
  const category = spec.oldName ? 'oos-old-place' : `oos-${how}`;
  let q: string;
  const short = rng.pick(spec.short);
  if (how === 'chatty' && !spec.oldName) q = chatty({ ...spec.chat, region, place }, rng);
  else if (how === 'no-diacritics') q = noDiacritics(short, rng);
  else if (how === 'teencode' && !spec.oldName) {
    q = teencode(rng.chance(0.5) ? short.replace(/\?$/, ' ad') : short, rng, 0.8, rng.chance(0.15));
  } else q = short;
  return { expect: '-', q, category };
}

export function oosQuestions(all: readonly Prepared[], count: number, rng: Rng): OosRow[] {
  const titleKeys = all.map((p) => p.key).join(' ');
  const fullKeys = all.map((p) => p.fullKey).join(' ');
  const needs = OOS_NEEDS.filter((n) => !titleKeys.includes(` ${n.key} `));
  const trades = OTHER_TRADES.filter((t) => !fullKeys.includes(` ${t.key} `));
  const withKind = (kind: string): Set<string> =>
    new Set(all.filter((p) => p.item.kind === kind && p.province).map((p) => p.province?.code ?? ''));
  const fairCodes = withKind('fair');
  const courseCodes = withKind('course');
  const noFair = PROVINCES.filter((p) => !fairCodes.has(p.code));
  const noCourse = PROVINCES.filter((p) => !courseCodes.has(p.code));
  // Places the corpus itself uses, so out-of-scope questions sound like its users.
  const places = [...new Set(all.flatMap((p) => [...p.places, ...(p.item.province ? [p.item.province] : [])]))];
  const placeProvince = (name: string): Province | undefined =>
    all.find((p) => p.places.includes(name) || p.item.province === name)?.province;

  const specs: Spec[] = [];
  const provinceName = (p: Province): { name: string; oldName: boolean } => {
    const former = p.formerNames.filter((n) => foldKey(n) !== foldKey(p.shortName));
    if (former.length && rng.chance(0.5)) return { name: rng.pick(former), oldName: true };
    return { name: p.shortName, oldName: false };
  };
  let needTurn = rng.int(0, Math.max(0, needs.length - 1));
  for (let i = 0; specs.length < count && i < count * 4; i++) {
    const slot = i % 10;
    if (slot <= 4 && needs.length) {
      const n = needs[needTurn++ % needs.length] ?? rng.pick(needs);
      const at = places.length ? rng.pick(places) : PROVINCES[0]?.shortName ?? '';
      specs.push({
        short: n.q.map((q) => q.replaceAll('{P}', at)),
        // Standing alone (greeting first), the question is the short one, not the follow-up to the story.
        chat: { kind: 'oos', want: n.ctx, follow: n.ask, full: `${(n.q[0] ?? n.ask).replaceAll('{P}', at).replace(/^\S/, (c) => c.toLowerCase()).replace(/\?$/, '')} ạ?` },
        province: placeProvince(at),
      });
    } else if (slot <= 6 && trades.length) {
      const t = rng.pick(trades).name;
      const at = places.length ? rng.pick(places) : '';
      const short = [`Có lớp học ${t} không?`, `Học ${t} ở đâu?`, `Muốn học ${t} thì đăng ký ở đâu?`];
      if (at) short.push(`${at} có lớp ${t} không ạ?`);
      specs.push({
        short,
        chat: { kind: 'course', want: `{S} muốn học ${t}`, follow: 'có lớp nào không ạ?', full: `có lớp ${t} không ạ?` },
        province: placeProvince(at),
      });
    } else if (slot <= 8 && noFair.length) {
      const prov = rng.pick(noFair);
      const { name, oldName } = provinceName(prov);
      const x = rng.pick(['OCOP', 'nông sản', 'hàng Việt', 'làng nghề', 'đặc sản', 'Tết']);
      specs.push({
        short: [`${name} có hội chợ ${x} không?`, `Hội chợ ${x} ở ${name} tổ chức khi nào?`, `Năm nay ${name} có hội chợ ${x} nào không ạ?`],
        chat: { kind: 'fair', want: `{S} muốn đi hội chợ ${x} ở ${name}`, follow: 'năm nay có tổ chức không ạ?', full: `${name} năm nay có hội chợ ${x} không ạ?` },
        oldName,
        province: prov,
      });
    } else if (slot === 9 && noCourse.length) {
      const prov = rng.pick(noCourse);
      const { name, oldName } = provinceName(prov);
      specs.push({
        short: [`${name} có lớp học nghề nào không ạ?`, `${name} đang mở lớp nghề gì?`],
        chat: { kind: 'course', want: `{S} muốn đi học nghề ở ${name}`, follow: 'có lớp nào không ạ?', full: `${name} có lớp học nghề nào không ạ?` },
        oldName,
        province: prov,
      });
    }
  }
  const seen = new Set<string>();
  const rows: OosRow[] = [];
  let turn = rng.int(0, WRAPS.length - 1);
  for (const spec of specs) {
    const how = WRAPS[turn++ % WRAPS.length] as Wrap;
    const province = spec.province ?? rng.pick(PROVINCES);
    const place = spec.province && !spec.oldName ? displayName(province) : rng.pick(places.length ? places : [displayName(province)]);
    const region = regionOf(spec.province ? province.code : placeProvince(place)?.code);
    const row = wrap(spec, how, place, region, rng);
    const key = foldKey(row.q);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  return rows;
}
