/**
 * The worker-thread page reader, and the embedded store's full item read that uses it for large
 * tables (the search index's cold build).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentItem, StoredItem } from '../../src/content/model.js';
import { provinceCodeOf } from '../../src/content/import.js';
import { readPagesInWorker } from '../../src/store/sqlite/page-reader.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-pages-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function tableOf(n: number): string {
  const path = join(dir, 't.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (g INTEGER NOT NULL, id TEXT NOT NULL, v TEXT, PRIMARY KEY (g, id))');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  for (let i = 0; i < n; i++) insert.run(i % 3, `r${String(i).padStart(3, '0')}`, `v${i}`);
  db.close();
  return path;
}

const query = (path: string, pageSize: number) => ({
  path,
  sql: `SELECT g, id, v FROM t WHERE (g, id) > (@g, @id) ORDER BY g, id LIMIT ${pageSize}`,
  params: {},
  cursor: { g: -1, id: '' },
  pageSize,
  ahead: 2,
});

async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('readPagesInWorker', () => {
  it('yields every row once, in the query order, a page at a time', async () => {
    const path = tableOf(25);
    const pages = await collect(readPagesInWorker<{ g: number; id: string; v: string }>(query(path, 4)));
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    const direct = new Database(path, { readonly: true });
    expect(pages.flat()).toEqual(direct.prepare('SELECT g, id, v FROM t ORDER BY g, id').all());
    direct.close();
  });

  it('reads the first page with its own query when given one, then follows the cursor', async () => {
    const path = tableOf(25);
    const firstSql = 'SELECT g, id, v FROM t WHERE g >= @from ORDER BY g, id LIMIT 4';
    const pages = await collect(readPagesInWorker<{ g: number; id: string; v: string }>({ ...query(path, 4), firstSql, params: { from: 1 } }));
    const direct = new Database(path, { readonly: true });
    expect(pages.flat()).toEqual(direct.prepare('SELECT g, id, v FROM t WHERE g >= 1 ORDER BY g, id').all());
    direct.close();
  });

  it('ends after a last page that is exactly full, and on an empty table', async () => {
    expect((await collect(readPagesInWorker(query(tableOf(8), 4)))).map((p) => p.length)).toEqual([4, 4, 0]);
    rmSync(join(dir, 't.db'));
    expect((await collect(readPagesInWorker(query(tableOf(0), 4)))).map((p) => p.length)).toEqual([0]);
  });

  it('stops its worker when the caller stops early', async () => {
    const pages = readPagesInWorker(query(tableOf(40), 4));
    for await (const page of pages) {
      expect(page).toHaveLength(4);
      break;
    }
    // A second pass over a finished generator yields nothing and does not hang.
    expect(await collect(pages)).toEqual([]);
  });

  it('fails with the worker’s error for a file that does not exist', async () => {
    await expect(collect(readPagesInWorker(query(join(dir, 'missing.db'), 4)))).rejects.toThrow();
  });
});

describe('embedded store: reading every item of a large table', () => {
  it('yields the same items, in order, as a read from the store’s own connection', async () => {
    const store = await openEmbeddedStore(dir);
    try {
      const items: ContentItem[] = Array.from({ length: 20_500 }, (_, i) => ({
        id: `faq-${i}`,
        kind: 'faq',
        title: `Câu hỏi số ${i}`,
        summary: `Trả lời ${i}`,
        province: i % 2 ? 'Bến Tre' : 'Vĩnh Long',
      }));
      for (let i = 0; i < items.length; i += 5000) await store.importItems(items.slice(i, i + 5000), provinceCodeOf);
      const all: StoredItem[] = [];
      for await (const item of store.iterateItems()) all.push(item);
      expect(all).toHaveLength(20_500);
      expect(new Set(all.map((i) => i.id)).size).toBe(20_500);
      // (rev, id) order, and every field as getItems gives it.
      const keys = all.map((i) => [i.rev, i.id] as const);
      const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      expect(keys).toEqual(sorted);
      const sample = [all[0]!, all[12_345]!, all.at(-1)!];
      expect(await store.getItems(sample.map((i) => i.id))).toEqual(sample);
      // Bến Tre is part of Vĩnh Long since 2025: the province code stored beside the item comes through.
      const code = (id: string) => all.find((i) => i.id === id)?.provinceCode;
      expect(code('faq-0')).toMatch(/^\d+$/);
      expect(code('faq-1')).toBe(code('faq-0'));
    } finally {
      await store.close();
    }
  });
});
