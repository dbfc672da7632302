/**
 * An engine restored from its index snapshot answers exactly as one that indexed the store, on every
 * question of the answer-quality sets; a snapshot that does not fit its store is not used.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { importPaths, provinceCodeOf } from '../../src/content/import.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/ports.js';
import { KNOWN_SETS, readQuestions } from '../../bench/quality/sets.js';

/** Everything a reply is built from: intent, results and suggestions with their scores. */
async function answersOf(engine: AnswerEngine, questions: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const q of questions) {
    const a = await engine.ask(q);
    const list = (rs: { id: string; score: number }[]) => rs.map((r) => `${r.id}:${r.score}`).join(',');
    out.push(`${a.intent} | ${list(a.results)} | ${list(a.suggestions)} | ${a.elsewhere ?? ''}`);
  }
  return out;
}

/** Starts an engine on the store and reports whether it indexed the store's items itself. */
async function start(store: Store, snapshotPath: string): Promise<{ engine: AnswerEngine; itemsRead: number; warnings: string[] }> {
  const counted = Object.create(store) as Store;
  let itemsRead = 0;
  counted.iterateItems = async function* (since?: number) {
    for await (const item of store.iterateItems(since)) {
      itemsRead++;
      yield item;
    }
  };
  const warnings: string[] = [];
  const logger = { info: () => {}, warn: (_: unknown, msg: string) => void warnings.push(msg) };
  const engine = new AnswerEngine(counted, { snapshotPath, snapshotAfterItems: 1, logger: logger as never });
  await engine.load();
  await engine.close();
  return { engine, itemsRead, warnings };
}

for (const name of ['eval-pack', 'eval'] as const) {
  describe(`index snapshot on ${name}`, () => {
    let dir: string;
    let store: Store;
    let snapshot: string;
    let questions: string[];
    let fromScratch: string[];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'nghebot-snapshot-answers-'));
      snapshot = join(dir, 'search-index.snapshot');
      store = await openEmbeddedStore(dir);
      await importPaths(store, [...KNOWN_SETS[name].corpus]);
      // A second import, so the content revision is past what a store missing it would have.
      const last = (await store.listItems()).at(-1)!;
      await store.importItems([{ ...last, summary: `${last.summary ?? ''} .` } as ContentItem], provinceCodeOf);
      questions = readQuestions(KNOWN_SETS[name].questions).map((q) => q.q);
      // No snapshot yet: this start indexes every item, then writes one.
      const cold = await start(store, snapshot);
      expect(cold.itemsRead).toBe(await store.countItems());
      fromScratch = await answersOf(cold.engine, questions);
    });
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers every question the same from the snapshot as from scratch', async () => {
      const warm = await start(store, snapshot);
      expect(warm.itemsRead).toBe(0);
      expect(await answersOf(warm.engine, questions)).toEqual(fromScratch);
    });

    it('rebuilds from the store, with the same answers, when the snapshot is damaged', async () => {
      const good = readFileSync(snapshot);
      try {
        const damaged = Buffer.from(good);
        damaged[damaged.length - 100]! ^= 0x01;
        writeFileSync(snapshot, damaged);
        const rebuilt = await start(store, snapshot);
        expect(rebuilt.warnings.join(' ')).toMatch(/snapshot unusable/);
        expect(rebuilt.itemsRead).toBe(await store.countItems());
        expect(await answersOf(rebuilt.engine, questions)).toEqual(fromScratch);
      } finally {
        writeFileSync(snapshot, good);
      }
    });

    it('rebuilds when the snapshot covers content the store does not have (a store restored from an older backup)', async () => {
      const good = readFileSync(snapshot);
      const other = mkdtempSync(join(tmpdir(), 'nghebot-snapshot-answers-'));
      const older = await openEmbeddedStore(other);
      try {
        // The same store id, an older revision (the last item not imported yet): only a restored
        // backup looks like this.
        await older.setValue('search-index.store-id', (await store.getValue('search-index.store-id'))!);
        const items = await store.listItems();
        await older.importItems(items.slice(0, -1), provinceCodeOf);
        expect(await older.contentRevision()).toBeLessThan(await store.contentRevision());
        const expected = await answersOf((await start(older, join(other, 'none'))).engine, questions);
        const path = join(other, 'search-index.snapshot');
        writeFileSync(path, good);
        const rebuilt = await start(older, path);
        expect(rebuilt.itemsRead).toBe(items.length - 1);
        expect(rebuilt.engine.index.has(items.at(-1)!.id)).toBe(false);
        expect(await answersOf(rebuilt.engine, questions)).toEqual(expected);
      } finally {
        await older.close();
        rmSync(other, { recursive: true, force: true });
      }
    });
  });
}
