/**
 * A well-formed but wrong index snapshot (here: another content's index claiming the store's current revision)
 * must not leave search answering "not found" to everything: start-up notices and rebuilds.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCore } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { writeIndexSnapshot } from '../../src/engine/index-snapshot.js';
import { SearchIndex } from '../../src/engine/search-index.js';
import { createLogger } from '../../src/observability/logger.js';
import { searchAnswers } from '../../src/search-check.js';
import { captureLogger } from '../server/helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'enrollment', 'fixtures');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-search-check-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a snapshot of other content claiming the current revision is detected at start-up and rebuilt from the store', { timeout: 30_000 }, async () => {
  const config = loadConfig({ DATA_DIR: dir, CONTENT_DIR: FIXTURES, LOG_LEVEL: 'silent' });
  const first = await createCore(config, { seed: true, logger: createLogger('silent') });
  const title = (await first.store.listItems({ limit: 1 }))[0]!.title;
  expect((await first.engine.ask(title)).results.length).toBeGreaterThan(0);
  // Forge the snapshot: valid on disk (the engine's own writer), up to date, but the index of other
  // content entirely (as a mixed-up or damaged image would be).
  let storeId = await first.store.getValue('search-index.store-id');
  if (!storeId) await first.store.setValue('search-index.store-id', (storeId = 'test-store'));
  const snapshotPath = join(dir, 'search-index.snapshot');
  const foreign = new SearchIndex();
  foreign.upsert({ id: 'faq-khac', kind: 'faq', title: 'Zzyzx qwerty', summary: 'Zzyzx', rev: 1, importedAt: new Date().toISOString() });
  foreign.seal();
  await writeIndexSnapshot(snapshotPath, foreign.toImage(), { storeId, revision: await first.store.contentRevision() });

  // Without the check, that snapshot silences search.
  const bare = new AnswerEngine(first.store, { snapshotPath });
  await bare.load();
  expect(await searchAnswers(bare, first.store)).toBe(false);
  await first.close();

  const { logger, text } = captureLogger();
  const second = await createCore(config, { logger });
  try {
    expect((await second.engine.ask(title)).results.length).toBeGreaterThan(0);
    expect(text()).toContain('search index answers nothing while the store has items');
  } finally {
    await second.close();
  }
  // The forged file is gone (the few fixture items are below the count that writes a new snapshot).
  expect(existsSync(snapshotPath)).toBe(false);
});
