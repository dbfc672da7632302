/**
 * Synthetic evaluation questions from a content pack: each item becomes a few questions written the
 * way rural users write to the bot (with and without diacritics, teencode, long polite messages,
 * old province names, everyday synonyms), and a set of out-of-scope questions that borrow the
 * pack's vocabulary. Driven only by each item's fields and general tables; seeded, so the same
 * corpus and seed always give the same file.
 *
 *   node --import tsx bench/quality/generate.ts CORPUS [--seed N] [--per-item K] [--oos M] > out.tsv
 *
 * CORPUS is whatever `nghebot import` reads (a .json/.yaml/.csv file or a folder of them).
 * Output: `expected-id<TAB>question<TAB>category`, "|" between equally good ids, "-" out of scope.
 */
import { pathToFileURL } from 'node:url';
import { PROVINCES, resolveProvinceName, type Province } from '../../src/text/provinces.js';
import { asksFor, learnable } from './asks.js';
import { oosQuestions } from './oos.js';
import { foldKey, hash32, noDiacritics, Rng, teencode } from './teencode.js';
import { displayName, fitting, prepare, rankTopics, type ContentItemLike, type Prepared, type Topic } from './topics.js';
import { chatty, regionOf } from './wrappers.js';
import { PARAPHRASES } from './vocab.js';

export type { ContentItemLike } from './topics.js';

export interface GeneratedQuestion {
  expect: string;
  q: string;
  category: string;
}

export interface GenerateOptions {
  seed: number;
  /** Questions per item (default 5): diacritics, no-diacritics, teencode, chatty, then old-place/paraphrase. */
  perItem?: number;
  /** Out-of-scope questions (default 60). */
  oos?: number;
}

interface Where {
  at?: string;
  province?: Province;
}

/** A place to mention for this item: one of its communes/districts, its province as written, or today's name. */
function placeOf(p: Prepared, rng: Rng): Where {
  if (!p.province) return {};
  const options = [...p.places, p.item.province ?? displayName(p.province), displayName(p.province)];
  return { at: rng.pick(options), province: p.province };
}

/** A former province name that now belongs to the item's province, preferring the one the item itself names. */
function oldNameOf(p: Prepared, rng: Rng): string | undefined {
  if (!p.province) return undefined;
  const current = foldKey(p.province.shortName);
  const former = p.province.formerNames.filter((n) => foldKey(n) !== current);
  if (former.length === 0) return undefined;
  if (p.ownOldName && rng.chance(0.75)) {
    // "Cầu Kè, Trà Vinh": a district goes with the old province only when the item says it lies there.
    const district = p.places.at(-1);
    return district && rng.chance(0.4) ? `${district}, ${p.ownOldName}` : p.ownOldName;
  }
  return rng.pick(former);
}

/** A near-best topic, preferring one this item has not used yet. */
function chooseTopic(
  p: Prepared, all: readonly Prepared[], w: Where, marks: boolean, used: Set<string>, rng: Rng, only?: (t: Topic) => boolean,
): Topic | undefined {
  let ranked = rankTopics(p, all, w.province, marks);
  if (only && ranked.some(only)) ranked = ranked.filter(only);
  const fresh = ranked.filter((t) => !used.has(t.key));
  const pool = (fresh.length ? fresh : ranked).slice(0, 3);
  if (pool.length === 0) return undefined;
  const t = rng.pick(pool);
  used.add(t.key);
  return t;
}

function expectFor(p: Prepared, all: readonly Prepared[], topic: Topic | undefined, province?: Province): string {
  if (!topic) return p.item.id;
  return fitting(p, topic, all, province).slice(0, 4).join('|');
}

const WORD = (s: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}])${s}(?![\\p{L}\\p{N}])`, 'giu');

/** Swaps formal words for everyday ones (and back, for pairs that go both ways); '' if nothing applied. */
export function paraphrase(q: string, rng: Rng): string {
  const slots: string[] = [];
  let out = q;
  for (const [formal, everyday, both] of PARAPHRASES) {
    const swaps: [string, readonly string[]][] = [[formal, everyday]];
    if (both) for (const e of everyday) swaps.push([e, [formal]]);
    for (const [from, to] of swaps) {
      if (!WORD(from).test(out)) continue;
      out = out.replace(WORD(from), () => {
        slots.push(rng.pick(to));
        return `\u0001${slots.length - 1}\u0001`;
      });
    }
  }
  if (slots.length === 0) return '';
  out = out.replace(/\u0001(\d+)\u0001/g, (_m, i: string) => slots[Number(i)] ?? '');
  // "sửa" + "sửa máy lạnh" → one "sửa".
  return out.replace(/(?<![\p{L}])(\p{L}+) \1(?![\p{L}])/gu, '$1');
}

/** Picks a question; when a place is to be named, only among those that name it. */
function pickAsk(short: readonly string[], at: string | undefined, rng: Rng): { q: string; placed: boolean } {
  const named = at ? short.filter((s) => s.includes(at)) : [];
  return named.length ? { q: rng.pick(named), placed: true } : { q: rng.pick(short), placed: false };
}

/** Dedupe key: the same question with "dạ … ạ" or "vậy" around it is not a new question. */
function sameKey(q: string): string {
  return ` ${foldKey(q)} `.replace(/ (da|a|ad|vay|z|v|cho em hoi|e|em) /g, ' ').replace(/\s+/g, ' ').trim();
}

function polite(q: string, rng: Rng): string {
  return rng.chance(0.25) && /[^ạ]\?$/.test(q) && !/ạ\?$/.test(q) ? q.replace(/\?$/, ' ạ?') : q;
}

function questionsForItem(p: Prepared, all: readonly Prepared[], perItem: number, rng: Rng): GeneratedQuestion[] {
  const out: GeneratedQuestion[] = [];
  const used = new Set<string>();
  const seen = new Set<string>();
  const base = ['diacritics', 'no-diacritics', 'teencode', 'chatty'];
  const extra = rng.shuffle(['old-place', 'paraphrase']);
  const plan = [...base, ...extra];
  while (plan.length < perItem + 4) plan.push(...rng.shuffle(base));
  for (const category of plan) {
    if (out.length >= perItem) break;
    for (let attempt = 0; attempt < 6; attempt++) {
      const made = makeOne(p, all, category, used, rng);
      if (!made) break;
      const key = sameKey(made.q);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(made);
      break;
    }
  }
  return out;
}

function makeOne(p: Prepared, all: readonly Prepared[], category: string, used: Set<string>, rng: Rng): GeneratedQuestion | undefined {
  const kind = p.item.kind;
  // Plans are always asked about by province; courses, fairs and policies half the time.
  const mention = kind === 'plan' || (kind !== 'faq' && rng.chance(0.5));
  if (category === 'diacritics' || category === 'no-diacritics' || category === 'teencode') {
    const w = mention ? placeOf(p, rng) : {};
    // A faq is asked half the time by its own question, half by one of its keywords.
    const topic = kind === 'faq' && rng.chance(0.75) ? undefined : chooseTopic(p, all, w, category === 'diacritics', used, rng);
    const asks = asksFor(p, topic, w.at, rng);
    const pickd = pickAsk(asks.short, w.at, rng);
    let q = pickd.q;
    if (category === 'diacritics') q = polite(q, rng);
    else if (category === 'no-diacritics') q = noDiacritics(q, rng);
    else {
      if (kind === 'course' && learnable(p, topic) && rng.chance(0.35)) q = `${asks.want.replaceAll('{S}', 'em')}, ${rng.pick(asks.follow)}`;
      if (!/\bad\b|ạ\??$/.test(q) && rng.chance(0.45)) q = q.replace(/\?$/, '') + rng.pick([' ad', ' vậy ad', ' ạ']);
      q = teencode(q, rng, 0.8, rng.chance(0.15));
    }
    return { expect: expectFor(p, all, topic, pickd.placed ? w.province : undefined), q, category };
  }
  if (category === 'chatty') {
    const w = p.province ? placeOf(p, rng) : {};
    const province = w.province ?? rng.pick(PROVINCES);
    let place = w.at ?? displayName(province);
    // "Cầu Kè, Trà Vinh": a commune or district, then the province the item names.
    if (w.at && p.places.includes(w.at) && rng.chance(0.5)) place = `${w.at}, ${p.item.province ?? displayName(province)}`;
    // A faq in a long message is mostly its own question; "học phí thì sao ạ?" now and then.
    // "em muốn học …" needs a trade or an action, not a tool of it.
    const topic = kind === 'faq' && rng.chance(0.8) ? undefined : chooseTopic(p, all, w, true, used, rng, (t) => learnable(p, t));
    const asks = asksFor(p, topic, undefined, rng);
    let want = asks.want;
    // People name a second thing they hope the class covers ("…, nghe nói có dạy đan giỏ luôn").
    const also = p.topics.filter((t) => t.accented && t.key !== topic?.key && !topic?.key.includes(t.key));
    if (kind === 'course' && also.length && rng.chance(0.5)) want += `, nghe nói có dạy ${rng.pick(also).text} luôn`;
    const q = chatty(
      { region: regionOf(province.code), place, kind, want, follow: rng.pick(asks.follow), full: rng.pick(asks.full) },
      rng,
    );
    return { expect: expectFor(p, all, topic, w.province), q, category };
  }
  if (category === 'old-place') {
    const old = oldNameOf(p, rng);
    if (!old) return undefined;
    const province = resolveProvinceName(old.split(', ').at(-1) ?? old) ?? p.province;
    const w = { at: old, province };
    const topic = chooseTopic(p, all, w, true, used, rng);
    const pickd = pickAsk(asksFor(p, topic, old, rng).short, old, rng);
    if (!pickd.placed) return undefined;
    let q = polite(pickd.q, rng);
    if (rng.chance(0.3)) q = noDiacritics(q, rng, 0);
    return { expect: expectFor(p, all, topic, province), q, category };
  }
  // paraphrase: try the item's topics and templates until an everyday word fits in.
  for (let attempt = 0; attempt < 10; attempt++) {
    const w = mention ? placeOf(p, rng) : {};
    const topic = chooseTopic(p, all, w, true, new Set(), rng);
    const pickd = pickAsk(asksFor(p, topic, w.at, rng).short, w.at, rng);
    const q = paraphrase(pickd.q, rng);
    const province = pickd.placed ? w.province : undefined;
    if (q) return { expect: expectFor(p, all, topic, province), q: rng.chance(0.3) ? noDiacritics(q, rng, 0) : q, category };
  }
  return undefined;
}

export function generateQuestions(items: ContentItemLike[], options: GenerateOptions): GeneratedQuestion[] {
  const all = prepare(items);
  const perItem = options.perItem ?? 5;
  const out: GeneratedQuestion[] = [];
  for (const p of all) {
    // Each item draws from its own stream, so editing one item leaves the others' questions alone.
    const rng = new Rng((Math.imul(options.seed, 0x9e3779b1) ^ hash32(p.item.id)) >>> 0);
    out.push(...questionsForItem(p, all, perItem, rng));
  }
  out.push(...oosQuestions(all, options.oos ?? 60, new Rng((options.seed * 7919 + 17) >>> 0)));
  return out.map((r) => ({ ...r, q: r.q.replace(/[\t\n]+/g, ' ').trim() }));
}

// ---------------------------------------------------------------- command line

function arg(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number`);
  args.splice(i, 2);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const args = [...argv];
  const seed = arg(args, '--seed') ?? 1;
  const perItem = arg(args, '--per-item');
  const oos = arg(args, '--oos');
  const [corpus] = args;
  if (!corpus || args.length !== 1) {
    console.error('usage: generate.ts CORPUS [--seed N] [--per-item K] [--oos M] > out.tsv');
    process.exit(2);
  }
  const { loadContent } = await import('../../src/content/load.js');
  const { items } = await loadContent([corpus]);
  const rows = generateQuestions(items, { seed, perItem, oos });
  const lines = [`# expected-id\tquestion\tcategory   (synthetic, bench/quality/generate.ts --seed ${seed})`];
  for (const r of rows) lines.push(`${r.expect}\t${r.q}\t${r.category}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
