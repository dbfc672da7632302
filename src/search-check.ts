/**
 * A start-up check that search answers from the content it holds. An index restored from a snapshot
 * that is well-formed on disk but wrong inside (a damaged or foreign image that passed the checksum)
 * would answer "not found" to everything while the store is full and /healthz says ok. Asking the
 * titles of a few stored items catches that: a healthy index finds at least one of them. Then the
 * snapshot is removed and the index built again from the store.
 *
 * Kept beside the engine rather than in it: the engine owns how to index, this owns whether the
 * result can be served.
 */
import { rm } from 'node:fs/promises';
import type { Logger } from './observability/logger.js';
import { AnswerEngine, type EngineOptions } from './engine/engine.js';
import type { ContentStore, SettingsStore } from './store/ports.js';

/** Titles asked; one found is enough. */
const PROBES = 5;

/** True when the store is empty or the engine finds at least one of a few stored items by its title. */
export async function searchAnswers(engine: AnswerEngine, store: ContentStore & SettingsStore): Promise<boolean> {
  const sample = await store.listItems({ limit: PROBES });
  if (sample.length === 0) return true;
  for (const item of sample) {
    const answer = await engine.ask(item.title);
    if (answer.results.length > 0) return true;
  }
  return false;
}

/** Loads the engine; if it cannot find stored items, drops the snapshot and indexes from the store. */
export async function loadCheckedEngine(store: ContentStore & SettingsStore, options: EngineOptions & { snapshotPath: string }, logger: Logger): Promise<AnswerEngine> {
  const engine = new AnswerEngine(store, options);
  await engine.load();
  if (await searchAnswers(engine, store)) return engine;
  logger.error('search index answers nothing while the store has items: the snapshot is unusable, rebuilding from the store');
  await engine.close();
  await rm(options.snapshotPath, { force: true });
  const rebuilt = new AnswerEngine(store, options);
  await rebuilt.load();
  if (!(await searchAnswers(rebuilt, store))) logger.error('search index rebuilt from the store still answers nothing');
  return rebuilt;
}
