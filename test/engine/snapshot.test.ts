import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { importPaths, provinceCodeOf } from '../../src/content/import.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { readIndexSnapshot, writeIndexSnapshot } from '../../src/engine/index-snapshot.js';
import { SearchIndex } from '../../src/engine/search-index.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/ports.js';

const CONTENT = join(import.meta.dirname, '../../content');
const QUESTIONS = ['co lop hoc han k a', 'hoi cho vinh long', 'vay von hoc nghe', 'chinh sach khuyen cong', 'gia vang hom nay', 'lop may o ben tre'];

let dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'nghebot-snapshot-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A store that counts the items the engine reads from it, to tell a restore from a rebuild. */
function counting(store: Store): Store & { itemsRead: number } {
  const wrapped = Object.create(store) as Store & { itemsRead: number };
  wrapped.itemsRead = 0;
  wrapped.iterateItems = async function* (since?: number) {
    for await (const item of store.iterateItems(since)) {
      wrapped.itemsRead++;
      yield item;
    }
  };
  return wrapped;
}

async function answers(engine: AnswerEngine): Promise<string[][]> {
  const out: string[][] = [];
  for (const q of QUESTIONS) out.push((await engine.ask(q)).results.map((r) => `${r.id}:${r.score}`));
  return out;
}

async function started(store: Store, snapshotPath: string, warnings: string[] = []): Promise<AnswerEngine> {
  const logger = { info: () => {}, warn: (_: unknown, msg: string) => void warnings.push(msg) };
  const engine = new AnswerEngine(store, { snapshotPath, snapshotAfterItems: 1, logger: logger as never });
  await engine.load();
  await engine.close();
  return engine;
}

describe('search index snapshot', () => {
  let dir: string;
  let store: Store;
  let snapshot: string;
  beforeEach(async () => {
    dir = newDir();
    snapshot = join(dir, 'search-index.snapshot');
    store = await openEmbeddedStore(dir);
    await importPaths(store, [CONTENT]);
  });
  afterEach(async () => {
    await store.close();
  });

  it('restores the index without reading the content again, with the same answers', async () => {
    const cold = await started(store, snapshot);
    const expected = await answers(cold);
    expect(readFileSync(snapshot).length).toBeGreaterThan(1000);

    const counted = counting(store);
    const warm = await started(counted, snapshot);
    expect(counted.itemsRead).toBe(0);
    expect(warm.index.size).toBe(cold.index.size);
    expect(await answers(warm)).toEqual(expected);
  });

  it('indexes only what changed since the snapshot, and changed items replace the old ones', async () => {
    await started(store, snapshot);
    const [course] = (await store.listItems({ kind: 'course' })) as ContentItem[];
    const renamed = { ...course!, title: 'Lớp đan lưới đánh cá xuất khẩu', keywords: ['đan lưới'], rev: undefined, importedAt: undefined, provinceCode: undefined };
    const fresh: ContentItem = { id: 'course-test-uom-to', kind: 'course', title: 'Lớp ươm tơ dệt lụa', summary: 'Học ươm tơ, dệt lụa truyền thống.' };
    await store.importItems([JSON.parse(JSON.stringify(renamed)) as ContentItem, fresh], provinceCodeOf);

    const counted = counting(store);
    const warm = await started(counted, snapshot);
    expect(counted.itemsRead).toBe(2);
    expect((await warm.ask('lop uom to det lua')).results[0]?.id).toBe('course-test-uom-to');
    expect((await warm.ask('hoc dan luoi danh ca')).results[0]?.id).toBe(course!.id);
    // One live entry per id: the new version replaced the old one.
    expect(warm.index.getDoc(course!.id)?.title).toBe('Lớp đan lưới đánh cá xuất khẩu');
    expect(warm.index.size).toBe((await store.countItems()));
  });

  it('ignores a damaged snapshot, says so, and rebuilds from the store', async () => {
    const expected = await answers(await started(store, snapshot));
    const bytes = readFileSync(snapshot);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(snapshot, bytes);

    const warnings: string[] = [];
    const counted = counting(store);
    const rebuilt = await started(counted, snapshot, warnings);
    expect(warnings.join(' ')).toMatch(/snapshot unusable/);
    expect(counted.itemsRead).toBe(await store.countItems());
    expect(await answers(rebuilt)).toEqual(expected);
  });

  it('ignores a truncated or foreign file', async () => {
    await started(store, snapshot);
    writeFileSync(snapshot, readFileSync(snapshot).subarray(0, 100));
    const counted = counting(store);
    await started(counted, snapshot);
    expect(counted.itemsRead).toBe(await store.countItems());
    writeFileSync(snapshot, 'hello');
    const again = counting(store);
    await started(again, snapshot);
    expect(again.itemsRead).toBe(await store.countItems());
  });

  it('does not use a snapshot made from another store', async () => {
    await started(store, snapshot);
    const otherDir = newDir();
    const other = await openEmbeddedStore(otherDir);
    try {
      await other.importItems([{ id: 'faq-only-one', kind: 'faq', title: 'Một câu hỏi duy nhất', summary: 'Trả lời.' }], provinceCodeOf);
      const copied = join(otherDir, 'search-index.snapshot');
      copyFileSync(snapshot, copied);
      const counted = counting(other);
      const engine = await started(counted, copied);
      expect(counted.itemsRead).toBe(1);
      expect(engine.index.size).toBe(1);
      expect((await engine.ask('co lop hoc han k a')).results).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('round-trips an index whose string columns are empty (no province, keywords or accented words)', async () => {
    const index = new SearchIndex();
    index.upsert({ id: 'faq-plain', kind: 'faq', title: 'Zzyzx qwerty', summary: 'Zzyzx', rev: 1, importedAt: '2026-01-01T00:00:00.000Z' });
    index.seal();
    const path = join(newDir(), 'plain.snapshot');
    await writeIndexSnapshot(path, index.toImage(), { storeId: 'plain', revision: 1 });
    const read = await readIndexSnapshot(path, 'plain');
    expect(read?.revision).toBe(1);
    expect(read?.image).toEqual(index.toImage());
  });

  it('keeps the years of an item’s dates', async () => {
    const index = new SearchIndex();
    index.upsert({ id: 'fair-dated', kind: 'fair', title: 'Hội chợ', summary: 'Hội chợ cuối năm.', startsAt: '2027-12-28', endsAt: '2028-01-03', rev: 1, importedAt: '2026-01-01T00:00:00.000Z' });
    const path = join(newDir(), 'dated.snapshot');
    await writeIndexSnapshot(path, index.toImage(), { storeId: 'dated', revision: 1 });
    const restored = SearchIndex.fromImage((await readIndexSnapshot(path, 'dated'))!.image);
    expect(restored.getDoc('fair-dated')?.years).toBe('2027 2028');
  });

  it('keeps which words the summaries write side by side', async () => {
    const index = new SearchIndex();
    index.upsert({ id: 'faq-docs', kind: 'faq', title: 'Giấy tờ', summary: 'Mang giấy xác nhận cư trú.', rev: 1, importedAt: '2026-01-01T00:00:00.000Z' });
    const path = join(newDir(), 'prose.snapshot');
    await writeIndexSnapshot(path, index.toImage(), { storeId: 'prose', revision: 1 });
    const restored = SearchIndex.fromImage((await readIndexSnapshot(path, 'prose'))!.image);
    expect(restored.proseWrites('xac', 'nhan')).toBe(true);
    expect(restored.proseWrites('cu', 'tru')).toBe(true);
    expect(restored.proseWrites('nhan', 'xac')).toBe(false);
    expect(restored.proseWrites('giay', 'tru')).toBe(false);
  });
});
