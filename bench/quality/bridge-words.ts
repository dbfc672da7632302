/**
 * Learning bridges (src/engine/bridges.ts) from question sets: for each in-scope question, its words,
 * the ones the right item does not hold, and the words that item's title, trade, keywords and tags
 * write. A word of the questions bridges to a word of the items when, whenever the right item lacks
 * the first, it holds the second much more often than right items do at large; times how often right
 * items lack the first at all. Written by scripts/build-bridge-words.ts into src/text/bridge-words.json.
 */
import type { StoredItem } from '../../src/content/model.js';
import { tokenize } from '../../src/text/fold.js';
import { rightItemReadings } from './learnt-tables.js';
import type { LoadedSet } from './sets.js';

/** One in-scope question: its set, its right item (corpus and id) and the words that item lacks. */
export interface BridgeSample {
  set: string;
  item: string;
  /** The question's words that count (not chat, places or quoted numbers), and those the item lacks. */
  asked: string[];
  missed: string[];
}

export interface BridgeData {
  samples: BridgeSample[];
  /** Per item (corpus and id): the words and adjacent pairs of its short fields. */
  vocabulary: Map<string, Set<string>>;
}

/** What a bridge must show to be kept (fixed by judgement; `bridge` in rank-params.ts is fitted). */
export const BRIDGE_RULES = {
  /** Questions of prior at chance level: few questions move the estimate little. */
  prior: 10,
  /** A target word held by more than this share of right items says nothing in particular. */
  maxBase: 0.1,
  /** Seen in at least this many questions, of this many sets, about this many different items. */
  minQuestions: 2,
  minSets: 2,
  minItems: 2,
  /** Kept: at least this strength, at most this many per word. */
  minStrength: 0.1,
  perWord: 3,
};

/** The words an item writes where it names itself: title, trade, keywords, tags (words and adjacent pairs). */
function shortFieldWords(item: StoredItem): Set<string> {
  const words = new Set<string>();
  for (const text of [item.title, item.trade, ...(item.keywords ?? []), ...(item.tags ?? [])]) {
    const tokens = tokenize(text ?? '');
    tokens.forEach((t, i) => {
      words.add(t);
      if (i + 1 < tokens.length) words.add(`${t} ${tokens[i + 1]}`);
    });
  }
  return words;
}

/** Adds the set's in-scope questions (and its items' words) to `data`. Read with the tables off. */
export async function collectBridgeData(set: LoadedSet, data: BridgeData = { samples: [], vocabulary: new Map() }): Promise<BridgeData> {
  for (const item of await set.items()) {
    const key = `${set.corpusKey}#${item.id}`;
    if (!data.vocabulary.has(key)) data.vocabulary.set(key, shortFieldWords(item));
  }
  const index = set.engine.index;
  for (const { plans, firstId, held } of rightItemReadings(set)) {
    const slots = Int32Array.from([index.slotOf(firstId)]);
    const asked = new Set<string>();
    const missed = new Set<string>();
    for (const plan of plans) {
      if (plan.weight * plan.idf <= 0 || plan.term.place || plan.term.value === true) continue;
      const words = plan.term.alternatives[0]!.join(' ');
      asked.add(words);
      if (!held(plan, slots)) missed.add(words);
    }
    data.samples.push({ set: set.name, item: `${set.corpusKey}#${firstId}`, asked: [...asked], missed: [...missed] });
  }
  return data;
}

/** The table as the engine reads it: `from<TAB>to<TAB>strength` lines, sorted. */
export function buildBridges(data: BridgeData, rules = BRIDGE_RULES): string {
  const samples = data.samples.filter((s) => data.vocabulary.has(s.item));
  const n = samples.length;
  const held = new Map<string, number>();
  for (const s of samples) for (const v of data.vocabulary.get(s.item)!) held.set(v, (held.get(v) ?? 0) + 1);
  const missedIn = new Map<string, number>();
  const askedIn = new Map<string, number>();
  for (const s of samples) for (const w of s.asked) askedIn.set(w, (askedIn.get(w) ?? 0) + 1);
  const pairs = new Map<string, { questions: number; sets: Set<string>; items: Set<string> }>();
  for (const s of samples) {
    const vocabulary = data.vocabulary.get(s.item)!;
    for (const w of s.missed) {
      missedIn.set(w, (missedIn.get(w) ?? 0) + 1);
      for (const v of vocabulary) {
        if ((held.get(v) ?? 0) / n > rules.maxBase) continue;
        const key = `${w}\t${v}`;
        const p = pairs.get(key) ?? { questions: 0, sets: new Set(), items: new Set() };
        p.questions++;
        p.sets.add(s.set);
        p.items.add(s.item);
        pairs.set(key, p);
      }
    }
  }
  const byWord = new Map<string, { to: string; strength: number }[]>();
  for (const [key, p] of pairs) {
    const [w, v] = key.split('\t') as [string, string];
    if (p.questions < rules.minQuestions || p.sets.size < rules.minSets || p.items.size < rules.minItems) continue;
    if (w.split(' ').includes(v) || v.split(' ').includes(w)) continue;
    const base = held.get(v)! / n;
    // How much likelier than chance the right item holds v when a question's w is missed, shrunk.
    const gain = (p.questions + rules.prior * base) / (missedIn.get(w)! + rules.prior) - base;
    // Only as much as the word is one right items lack: "gà" asked is mostly met as "gà"; an item
    // without it lacks the topic, and a bridge would answer "lớp nuôi gà" with any livestock course.
    const strength = gain * (missedIn.get(w)! / Math.max(1, askedIn.get(w) ?? 0));
    if (strength < rules.minStrength) continue;
    const list = byWord.get(w) ?? [];
    list.push({ to: v, strength });
    byWord.set(w, list);
  }
  const lines: string[] = [];
  for (const [w, list] of byWord) {
    list.sort((a, b) => b.strength - a.strength || (a.to < b.to ? -1 : 1));
    for (const b of list.slice(0, rules.perWord)) lines.push(`${w}\t${b.to}\t${b.strength.toFixed(3)}`);
  }
  return lines.sort().join('\n');
}
