/**
 * Question sets for measuring answers in-process: a corpus imported into a fresh embedded store, and
 * `expected-id<TAB>question[<TAB>category]` lines (several ids separated by "|", "-" = out of scope).
 * A categories.tsv beside questions.tsv ("line<TAB>category") is read too, as the eval runner does.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importPaths } from '../../src/content/import.js';
import type { StoredItem } from '../../src/content/model.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';

export interface Question {
  expect: string[];
  q: string;
  category: string;
}

export interface LoadedSet {
  name: string;
  /** The corpus paths, joined: sets on the same content share it. */
  corpusKey: string;
  engine: AnswerEngine;
  /** Every item of the set's content, as stored. */
  items(): Promise<StoredItem[]>;
  questions: Question[];
  close(): Promise<void>;
}

export function readQuestions(path: string): Question[] {
  const categories = new Map<number, string>();
  const catFile = join(dirname(path), 'categories.tsv');
  if (path.endsWith('questions.tsv') && existsSync(catFile)) {
    for (const l of readFileSync(catFile, 'utf8').split('\n')) {
      const [n, c] = l.split('\t');
      if (c && !l.startsWith('#')) categories.set(Number(n), c.trim());
    }
  }
  const out: Question[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      if (!l.trim() || l.startsWith('#')) return;
      const [expect = '', q = '', category] = l.split('\t');
      const oos = expect.trim() === '-';
      out.push({
        expect: oos ? [] : expect.trim().split('|'),
        q: q.trim(),
        category: category?.trim() || categories.get(i + 1) || (oos ? 'out-of-scope' : 'in-scope'),
      });
    });
  return out;
}

export async function loadSet(name: string, corpus: string[], questions: string): Promise<LoadedSet | undefined> {
  if (!corpus.every(existsSync) || !existsSync(questions)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-quality-'));
  const store = await openEmbeddedStore(dir);
  await importPaths(store, corpus);
  const engine = new AnswerEngine(store);
  await engine.load();
  return {
    name,
    corpusKey: corpus.join('|'),
    engine,
    items: () => store.listItems(),
    questions: readQuestions(questions),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const ROOT = join(import.meta.dirname, '../..');
/** Copies of the shared answer-quality sets, so CI scores them on a clean clone anywhere. */
const SETS = join(ROOT, 'bench/quality/sets');

/** A set in its own folder of SETS: its content and its questions. */
const ownContent = (dir: string) => ({ corpus: [join(SETS, dir, 'corpus.json')], questions: join(SETS, dir, 'questions.tsv') });
/** A set of questions in its own folder of SETS, on the eval pack's content. */
const onEvalPack = (dir: string) => ({ corpus: [join(SETS, 'eval-pack/corpus.json')], questions: join(SETS, dir, 'questions.tsv') });

/** The sets this repository measures on; a set whose files are absent is left out. */
export const KNOWN_SETS = {
  'eval-pack': ownContent('eval-pack'),
  eval: ownContent('eval'),
  'content-pack': { corpus: [join(ROOT, 'content')], questions: join(ROOT, 'bench/quality/content-pack.tsv') },
  'eval-corpus': { corpus: [join(SETS, 'eval/corpus.json')], questions: join(ROOT, 'bench/quality/eval-corpus.tsv') },
  'generated-eval-pack': { corpus: [join(SETS, 'eval-pack/corpus.json')], questions: join(ROOT, 'bench/quality/generated-eval-pack.tsv') },
  'other-provinces': ownContent('other-provinces'),
  'more-provinces': ownContent('more-provinces'),
  'pack-blind': onEvalPack('pack-blind'),
  'coast-and-hills': ownContent('coast-and-hills'),
  'pack-blind-2': onEvalPack('pack-blind-2'),
  'pack-blind-3': onEvalPack('pack-blind-3'),
  'north-and-centre': ownContent('north-and-centre'),
  'pack-blind-4': onEvalPack('pack-blind-4'),
  'cities-and-plains': ownContent('cities-and-plains'),
  'pack-blind-5': onEvalPack('pack-blind-5'),
  'pack-blind-6': onEvalPack('pack-blind-6'),
  'pack-blind-7': onEvalPack('pack-blind-7'),
  'pack-blind-8': onEvalPack('pack-blind-8'),
  'pack-blind-9': onEvalPack('pack-blind-9'),
  'border-and-delta': ownContent('border-and-delta'),
  'hills-and-lagoons': ownContent('hills-and-lagoons'),
  'pack-blind-10': onEvalPack('pack-blind-10'),
  'pack-blind-11': onEvalPack('pack-blind-11'),
  'highlands-and-mekong': ownContent('highlands-and-mekong'),
  'pack-blind-12': onEvalPack('pack-blind-12'),
  'passes-and-coast': ownContent('passes-and-coast'),
  'pack-blind-13': onEvalPack('pack-blind-13'),
  'hills-and-harbours': ownContent('hills-and-harbours'),
  'pack-blind-14': onEvalPack('pack-blind-14'),
  'pack-blind-15': onEvalPack('pack-blind-15'),
  'rivers-and-plateaus': ownContent('rivers-and-plateaus'),
  'pack-blind-16': onEvalPack('pack-blind-16'),
  'pack-blind-17': onEvalPack('pack-blind-17'),
  'pack-blind-18': onEvalPack('pack-blind-18'),
  'pack-blind-19': onEvalPack('pack-blind-19'),
  'pack-blind-20': onEvalPack('pack-blind-20'),
  'peaks-and-mangroves': ownContent('peaks-and-mangroves'),
  'plains-and-borders': ownContent('plains-and-borders'),
  'pack-blind-21': onEvalPack('pack-blind-21'),
  'pack-blind-22': onEvalPack('pack-blind-22'),
  'terraces-and-rivers': ownContent('terraces-and-rivers'),
  'pack-refusals': onEvalPack('pack-refusals'),
  'pack-refusals-2': onEvalPack('pack-refusals-2'),
  'pack-refusals-3': onEvalPack('pack-refusals-3'),
  'cape-and-bay': ownContent('cape-and-bay'),
  'delta-and-highlands': ownContent('delta-and-highlands'),
  'pack-blind-23': onEvalPack('pack-blind-23'),
  'pack-blind-24': onEvalPack('pack-blind-24'),
  'pack-blind-25': onEvalPack('pack-blind-25'),
  'valleys-and-capes': ownContent('valleys-and-capes'),
  'ports-and-plateaus': ownContent('ports-and-plateaus'),
  'pack-blind-26': onEvalPack('pack-blind-26'),
  'pack-blind-27': onEvalPack('pack-blind-27'),
  'bays-and-uplands': ownContent('bays-and-uplands'),
  'pack-blind-28': onEvalPack('pack-blind-28'),
  'pack-blind-29': onEvalPack('pack-blind-29'),
  'pack-blind-30': onEvalPack('pack-blind-30'),
  'ridges-and-canals': ownContent('ridges-and-canals'),
  'citadels-and-islands': ownContent('citadels-and-islands'),
  'pack-blind-31': onEvalPack('pack-blind-31'),
  'lakes-and-terraces': ownContent('lakes-and-terraces'),
  'lotus-and-basalt': ownContent('lotus-and-basalt'),
  'quarries-and-estuaries': ownContent('quarries-and-estuaries'),
  'pack-blind-32': onEvalPack('pack-blind-32'),
  'pack-blind-33': onEvalPack('pack-blind-33'),
  'pack-blind-34': onEvalPack('pack-blind-34'),
  'pack-blind-35': onEvalPack('pack-blind-35'),
  'salt-and-summits': ownContent('salt-and-summits'),
  'pack-blind-36': onEvalPack('pack-blind-36'),
  'pack-blind-37': onEvalPack('pack-blind-37'),
  'lanterns-and-passes': ownContent('lanterns-and-passes'),
  'pack-blind-38': onEvalPack('pack-blind-38'),
  'pack-blind-39': onEvalPack('pack-blind-39'),
  'kilns-and-orchards': ownContent('kilns-and-orchards'),
  'pack-blind-40': onEvalPack('pack-blind-40'),
  'pack-blind-41': onEvalPack('pack-blind-41'),
  'looms-and-wharves': ownContent('looms-and-wharves'),
  'pack-blind-42': onEvalPack('pack-blind-42'),
  'pack-blind-43': onEvalPack('pack-blind-43'),
  'drums-and-floodplains': ownContent('drums-and-floodplains'),
  'pack-blind-44': onEvalPack('pack-blind-44'),
  'pack-blind-45': onEvalPack('pack-blind-45'),
  'tea-and-mangroves': ownContent('tea-and-mangroves'),
  'pack-blind-46': onEvalPack('pack-blind-46'),
  'pack-blind-47': onEvalPack('pack-blind-47'),
  'harbours-and-paddies': ownContent('harbours-and-paddies'),
  'pack-blind-48': onEvalPack('pack-blind-48'),
  'pack-blind-49': onEvalPack('pack-blind-49'),
  'forges-and-waterfalls': ownContent('forges-and-waterfalls'),
  'pack-blind-50': onEvalPack('pack-blind-50'),
  'pack-blind-51': onEvalPack('pack-blind-51'),
  'orchids-and-dunes': ownContent('orchids-and-dunes'),
  'pack-blind-52': onEvalPack('pack-blind-52'),
  'pack-blind-53': onEvalPack('pack-blind-53'),
  'coffee-and-isles': ownContent('coffee-and-isles'),
  'pack-blind-54': onEvalPack('pack-blind-54'),
  'pack-blind-55': onEvalPack('pack-blind-55'),
  'silk-and-shrimp': ownContent('silk-and-shrimp'),
  'pack-blind-56': onEvalPack('pack-blind-56'),
  'reeds-and-lanterns': ownContent('reeds-and-lanterns'),
  'pack-blind-57': onEvalPack('pack-blind-57'),
  'markets-and-ferries': ownContent('markets-and-ferries'),
  'pack-blind-58': onEvalPack('pack-blind-58'),
  'pack-blind-59': onEvalPack('pack-blind-59'),
  'karst-and-rubber': ownContent('karst-and-rubber'),
  'gates-and-lagoons': ownContent('gates-and-lagoons'),
  'generated-content': { corpus: [join(ROOT, 'content')], questions: join(ROOT, 'bench/quality/generated-content.tsv') },
};

export type SetName = keyof typeof KNOWN_SETS;

export async function loadKnownSet(name: SetName): Promise<LoadedSet | undefined> {
  const s = KNOWN_SETS[name];
  return loadSet(name, [...s.corpus], s.questions);
}
