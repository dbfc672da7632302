/**
 * Deleted items leave the index: in the process that deleted them, in another process following the
 * store's revisions, and across a restart from a snapshot written before the deletion.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provinceCodeOf } from '../../src/content/import.js';
import type { ContentItem } from '../../src/content/model.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { SearchIndex } from '../../src/engine/search-index.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/ports.js';

const ITEMS: ContentItem[] = [
  { id: 'course-nuoi-de', kind: 'course', title: 'Lớp nuôi dê thịt', summary: 'Kỹ thuật chăn nuôi dê thịt.', province: 'Vĩnh Long' },
  { id: 'course-han', kind: 'course', title: 'Lớp hàn điện cơ bản', summary: 'Dạy hàn hồ quang.', province: 'Vĩnh Long' },
  { id: 'faq-giay-to', kind: 'faq', title: 'Đăng ký học nghề cần giấy tờ gì', summary: 'Căn cước công dân.' },
];

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-removal-'));
  store = await openEmbeddedStore(dir);
  await store.importItems(ITEMS, provinceCodeOf);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const top = async (engine: AnswerEngine, q: string) => (await engine.ask(q)).results[0]?.id;

describe('search index removal', () => {
  it('drops the item from the postings, the counts and the image', async () => {
    const index = new SearchIndex();
    for await (const item of store.iterateItems()) index.upsert(item);
    const de = index.termId('de');
    expect(index.df(de)).toBe(1);
    const slot = index.slotOf('course-nuoi-de');
    const vinhLong = index.provinceId('86');
    const before = index.provinceSize(vinhLong);

    expect(index.remove('course-nuoi-de')).toBe(true);
    expect(index.remove('course-nuoi-de')).toBe(false);
    expect(index.has('course-nuoi-de')).toBe(false);
    expect(index.size).toBe(2);
    expect(index.df(de)).toBe(0);
    expect([...index.candidateSlots([de, index.termId('han')])]).not.toContain(slot);
    expect(index.provinceSize(vinhLong)).toBe(before - 1);

    const restored = SearchIndex.fromImage(index.toImage());
    expect(restored.has('course-nuoi-de')).toBe(false);
    expect(restored.size).toBe(2);
    expect(restored.df(restored.termId('de'))).toBe(0);
  });

  it('keeps a copy written at or after the removal’s revision', async () => {
    const index = new SearchIndex();
    for await (const item of store.iterateItems()) index.upsert(item);
    expect(index.remove('course-han', 1)).toBe(false);
    expect(index.has('course-han')).toBe(true);
    expect(index.remove('course-han', 2)).toBe(true);
  });
});

describe('answer engine after a deletion', () => {
  it('stops answering with the item in this process once refreshed, and in another process by revision', async () => {
    const here = new AnswerEngine(store);
    await here.load();
    const other = await openEmbeddedStore(dir);
    const there = new AnswerEngine(other);
    await there.load();
    expect(await top(here, 'hoc nuoi de')).toBe('course-nuoi-de');
    expect(await top(there, 'hoc nuoi de')).toBe('course-nuoi-de');

    expect(await store.removeItem('course-nuoi-de')).toMatchObject({ removed: true });
    await here.refresh(true);
    expect(await top(here, 'hoc nuoi de')).toBeUndefined();
    // The other process learns of it from the revision, as it learns of imports.
    await there.refresh(true);
    expect(await top(there, 'hoc nuoi de')).toBeUndefined();
    expect(await top(there, 'hoc han dien')).toBe('course-han');
    await other.close();
  });

  it('answers with an item written again after its deletion', async () => {
    const engine = new AnswerEngine(store);
    await engine.load();
    await store.removeItem('course-nuoi-de');
    await store.importItems([{ ...ITEMS[0]!, summary: 'Khóa mới: nuôi dê thịt.' }], provinceCodeOf);
    // Both changes in one refresh: the newer write wins over the older removal.
    await engine.refresh(true);
    expect(await top(engine, 'hoc nuoi de')).toBe('course-nuoi-de');
  });

  it('applies a deletion made after the snapshot it restarts from, and writes it into the next snapshot', async () => {
    const snapshotPath = join(dir, 'search-index.snapshot');
    const first = new AnswerEngine(store, { snapshotPath, snapshotAfterItems: 1 });
    await first.load();
    await first.close();
    await store.removeItem('course-nuoi-de');

    const restarted = new AnswerEngine(store, { snapshotPath, snapshotAfterItems: 1 });
    await restarted.load();
    await restarted.close();
    expect(restarted.index.has('course-nuoi-de')).toBe(false);
    expect(await top(restarted, 'hoc nuoi de')).toBeUndefined();

    // The snapshot written after the removal no longer holds the item, whatever the store says.
    const fromSnapshot = new AnswerEngine(Object.assign(Object.create(store) as Store, { removedSince: async () => [] }), { snapshotPath });
    await fromSnapshot.load();
    expect(fromSnapshot.index.has('course-nuoi-de')).toBe(false);
    expect(fromSnapshot.index.size).toBe(2);
  });
});
