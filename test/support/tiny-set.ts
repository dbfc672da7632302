/**
 * A question set of a few items and questions, as the quality benches load one (bench/quality/sets.ts):
 * written to a temp folder, loaded into a fresh engine, handed to `use`, then closed and removed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSet, type LoadedSet } from '../../bench/quality/sets.js';
import { tempDir } from './harness.js';

/** `items`: the corpus (content items as JSON); `questions`: `expected-id<TAB>question` lines. */
export async function withTinySet<T>(items: readonly object[], questions: string, use: (set: LoadedSet) => T | Promise<T>): Promise<T> {
  const { dir, cleanup } = tempDir('nghebot-set-');
  try {
    const corpus = join(dir, 'corpus.json');
    const file = join(dir, 'questions.tsv');
    writeFileSync(corpus, JSON.stringify(items));
    writeFileSync(file, questions);
    const set = await loadSet('tiny', [corpus], file);
    if (!set) throw new Error('the tiny set did not load');
    try {
      return await use(set);
    } finally {
      await set.close();
    }
  } finally {
    cleanup();
  }
}
