/**
 * Long polite messages ("chatty"): a greeting that fixes how the writer calls themself and the
 * reader, a self-introduction with a place, a bit of family or work life, then the question, in
 * varying order. Regional words follow the province the writer names (South, Centre, North), as
 * the eval-pack's chatty lines do ("ba má", "hông"; "mạ", "ni", "mô"; "u", "cấy", "sào").
 */
import { Rng, stripMarks } from './teencode.js';

export type Region = 'south' | 'centre' | 'north';

/**
 * Region from the province's statistical code (src/text/provinces.ts): codes up to 37 are the
 * North, 38–56 the Centre, 66 and 68 the Central Highlands (the South-Centre coast is inside 68),
 * above that the South. Highland speech sits between; the southern words read right there.
 */
export function regionOf(code: string | undefined): Region {
  const n = Number(code ?? '80');
  if (n <= 37) return 'north';
  if (n <= 56) return 'centre';
  return 'south';
}

interface Persona {
  greet: string;
  /** How the writer calls themself. */
  self: string;
  /** How they call the reader when asking ("anh chị ơi, …"). */
  addr: string;
}

const GREETINGS: Record<Region | 'any', readonly Persona[]> = {
  any: [
    { greet: 'Dạ cho em hỏi chút ạ', self: 'em', addr: 'anh chị' },
    { greet: 'Chào anh chị', self: 'tôi', addr: 'anh chị' },
    { greet: 'Em chào anh chị', self: 'em', addr: 'anh chị' },
    { greet: 'Em chào ad', self: 'em', addr: 'ad' },
    { greet: 'Chị ơi cho em hỏi', self: 'em', addr: 'chị' },
    { greet: 'Dạ con chào cô chú', self: 'con', addr: 'cô chú' },
    { greet: 'Cô chú ơi', self: 'cháu', addr: 'cô chú' },
    { greet: 'Anh chị ơi', self: 'em', addr: 'anh chị' },
  ],
  south: [
    { greet: 'Dạ anh ơi', self: 'em', addr: 'anh' },
    { greet: 'Dạ thưa cô', self: 'con', addr: 'cô' },
  ],
  centre: [
    { greet: 'O ơi cho cháu hỏi', self: 'cháu', addr: 'o' },
    { greet: 'Dạ thưa anh chị', self: 'em', addr: 'anh chị' },
  ],
  north: [
    { greet: 'Cháu chào các bác', self: 'cháu', addr: 'bác' },
    { greet: 'Bác ơi cho cháu hỏi', self: 'cháu', addr: 'bác' },
  ],
};

/** Life context per kind and region; {S} is the writer. */
const CONTEXT: Record<string, Record<Region, readonly string[]>> = {
  course: {
    south: [
      'nhà có mấy công ruộng, làm xong vụ lúa là ở không',
      'ba má {S} lớn tuổi rồi nên {S} muốn kiếm cái nghề làm gần nhà',
      'hồi trước {S} đi làm công ty trên thành phố mà giờ bị cho nghỉ rồi',
      '{S} nghỉ học sớm, giờ muốn có cái nghề cho chắc',
      'nhà {S} có con nhỏ nên {S} chỉ muốn làm ở nhà kiếm thêm',
      'ruộng nhà {S} ít, làm không đủ ăn',
    ],
    centre: [
      'nhà {S} làm ruộng, năm ni mất mùa',
      'mạ {S} biểu đi học cái nghề cho chắc',
      '{S} đi phụ hồ trong Nam mấy năm, chừ về quê ở',
      'nhà {S} ở gần biển, mùa mưa ít việc lắm',
    ],
    north: [
      'nhà {S} cấy mấy sào lúa, lúc nông nhàn thì rảnh',
      'u {S} bảo phải đi học lấy cái nghề',
      '{S} làm công nhân mấy năm, giờ muốn về quê làm',
      'chồng {S} đi làm xa, {S} ở nhà trông con',
    ],
  },
  fair: {
    south: [
      'nhà {S} có cơ sở làm hàng nhỏ, muốn đem hàng đi trưng bày',
      '{S} muốn dẫn cả nhà đi chơi hội chợ cho biết',
      'tổ hợp tác của {S} muốn đăng ký một gian hàng',
    ],
    centre: ['năm ni {S} muốn dẫn mạ đi chơi hội chợ', 'nhà {S} làm hàng đặc sản, muốn đem đi bán thử'],
    north: ['u {S} muốn đi hội chợ mua ít đồ', 'hợp tác xã bên {S} muốn mang hàng đi giới thiệu'],
  },
  policy: {
    south: ['nhà {S} thuộc hộ cận nghèo', '{S} có cơ sở sản xuất nhỏ ở nhà, làm được mấy năm rồi'],
    centre: ['{S} làm tổ trưởng tổ hợp tác trong thôn', 'cơ sở nhà {S} làm ăn nhỏ, vốn liếng chẳng bao nhiêu'],
    north: ['{S} đang tính mở rộng cơ sở mà vốn ít', 'thôn {S} có mấy chục hộ làm nghề'],
  },
  plan: {
    south: ['{S} là cán bộ xã, được giao làm báo cáo', '{S} đang tìm hiểu để làm hồ sơ cho hợp tác xã'],
    centre: ['{S} đang viết bài cho đài truyền thanh xã'],
    north: ['{S} là cán bộ thôn, cần số liệu để họp dân'],
  },
  /** Out-of-scope needs bring their own context; this is the writer's preamble. */
  oos: {
    south: ['{S} có chuyện này không biết hỏi ai', 'hỏi mấy người trong xóm mà không ai rành'],
    centre: ['{S} có việc ni không biết hỏi ai', 'hỏi trong thôn mà chưa ai biết'],
    north: ['{S} có việc này chưa biết hỏi ai', 'hỏi mấy bác trong thôn mà không ai nắm'],
  },
  faq: {
    south: ['{S} đang tính đi học nghề', 'mấy đứa em trong xóm {S} cũng muốn đi học'],
    centre: ['{S} mới thấy thông báo tuyển sinh trên Zalo', 'năm ni {S} tính đi học nghề'],
    north: ['{S} đang định đi học nghề', '{S} mới đọc thông báo ở nhà văn hóa thôn'],
  },
};

/** Regional turns of phrase in the question part, each applied with some probability. */
const REGIONAL: Record<Region, readonly (readonly [RegExp, string])[]> = {
  south: [[/không ạ\?$/, 'hông ạ?'], [/\bvào\b/g, 'vô'], [/ gì\?$/, ' gì vậy?']],
  centre: [[/(?<![\p{L}])(?<!thế )nào(?![\p{L}])/gu, 'mô'], [/(?<![\p{L}])này(?![\p{L}])/gu, 'ni'], [/ vậy ạ\?$/, ' rứa ạ?']],
  north: [[/ vậy ạ\?$/, ' thế ạ?'], [/ vậy\?$/, ' thế?']],
};

export interface ChattyParts {
  region: Region;
  /** Where the writer says they live: a commune, district, old or new province. */
  place: string;
  kind: string;
  /** What they want, with {S}: "{S} muốn học đan cói". */
  want: string;
  /** The question when the topic was already said: "có lớp nào không ạ?". */
  follow: string;
  /** The question standing alone: "có lớp đan cói không ạ?". */
  full: string;
}

function sentence(s: string): string {
  const t = s.trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function countWords(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

function regional(text: string, region: Region, rng: Rng): string {
  let out = text;
  for (const [re, sub] of REGIONAL[region]) if (rng.chance(0.5)) out = out.replace(re, sub);
  return out;
}

/** One long message of 20–45 words; retries other combinations until the length fits. */
export function chatty(parts: ChattyParts, rng: Rng): string {
  let best = '';
  for (let attempt = 0; attempt < 12; attempt++) {
    const persona = rng.pick([...GREETINGS.any, ...GREETINGS[parts.region]]);
    const s = persona.self;
    const fill = (t: string): string => t.replaceAll('{S}', s);
    const age = rng.chance(0.35) ? `, năm nay ${rng.int(17, 58)} tuổi` : '';
    const intro = fill(rng.pick(['{S} ở ', 'nhà {S} ở ', 'quê {S} ở ', '{S} ở bên '])) + parts.place + age;
    const pool = CONTEXT[parts.kind] ?? CONTEXT.faq;
    const ctx = fill(rng.pick(pool?.[parts.region] ?? ['{S} đang cần hỏi']));
    const want = fill(parts.want);
    const follow = regional(fill(parts.follow), parts.region, rng);
    const full = regional(fill(parts.full), parts.region, rng);
    const addrAsk = `${parts.region === 'centre' && persona.addr === 'anh chị' ? 'anh chị' : persona.addr} cho ${s} hỏi`;
    const shape = rng.int(0, 3);
    let msg: string;
    if (shape === 0) msg = `${persona.greet}, ${intro}, ${ctx}. ${sentence(want)}, ${follow}`;
    else if (shape === 1) msg = `${persona.greet}, ${intro}. ${sentence(ctx)}, ${want}. ${sentence(addrAsk)} ${follow}`;
    // A greeting that already asks ("Dạ cho em hỏi chút ạ") is not followed by a second "cho em hỏi".
    else if (shape === 2) msg = `${persona.greet}, ${/hỏi/.test(persona.greet) ? '' : `cho ${s} hỏi `}${full} ${sentence(intro)}, ${ctx}.`;
    else msg = `${sentence(intro)}, ${ctx}. ${sentence(want)}, ${persona.addr} ơi ${follow}`;
    msg = msg.replace(/\s+/g, ' ').replace(/\?\./g, '?').replace(/,\s*,/g, ',').trim();
    const n = countWords(msg);
    if (n >= 20 && n <= 45) return rng.chance(0.25) ? stripMarks(msg).toLowerCase() : msg;
    if (!best || Math.abs(n - 32) < Math.abs(countWords(best) - 32)) best = msg;
  }
  return best;
}
