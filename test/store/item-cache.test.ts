/**
 * The embedded store keeps parsed items between getItems calls. What it hands out must still be
 * what the database holds: a change made through another connection (another process) or through
 * the store itself shows at the next read, and the shared objects cannot be changed in place.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { ItemCache } from '../../src/store/sqlite/item-cache.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/ports.js';

const course = (id: string, title: string): ContentItem => ({ id, kind: 'course', title, province: 'Hà Nội', tags: ['hàn'] });
const provinceOf = () => '01';

describe('embedded store: getItems between reads', () => {
  let dir: string;
  let store: Store;
  let other: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghebot-item-cache-'));
    store = await openEmbeddedStore(dir);
    other = await openEmbeddedStore(dir);
    await store.importItems([course('a', 'Hàn điện'), course('b', 'May công nghiệp'), course('c', 'Điện dân dụng')], provinceOf);
  });
  afterEach(async () => {
    await store.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the ids asked for, in their order, once each, unknown ids left out', async () => {
    expect((await store.getItems(['c', 'a', 'zz', 'c'])).map((i) => i.id)).toEqual(['c', 'a']);
    expect((await store.getItems(['b', 'c', 'a'])).map((i) => i.title)).toEqual(['May công nghiệp', 'Điện dân dụng', 'Hàn điện']);
  });

  it('shows an import made through another connection at the next read', async () => {
    expect((await store.getItems(['a']))[0]!.title).toBe('Hàn điện');
    await other.importItems([course('a', 'Hàn điện nâng cao')], provinceOf);
    const [a] = await store.getItems(['a']);
    expect(a!.title).toBe('Hàn điện nâng cao');
    expect(a!.rev).toBe(await store.contentRevision());
  });

  it('leaves out an item removed after it was read', async () => {
    expect(await store.getItems(['a', 'b'])).toHaveLength(2);
    await other.removeItem('b');
    expect((await store.getItems(['a', 'b'])).map((i) => i.id)).toEqual(['a']);
  });

  it('hands out items that cannot be changed in place', async () => {
    const [a] = await store.getItems(['a']);
    expect(() => {
      (a as { title: string }).title = 'x';
    }).toThrow(TypeError);
    expect(() => a!.tags!.push('x')).toThrow(TypeError);
    expect((await store.getItems(['a']))[0]).toMatchObject({ title: 'Hàn điện', tags: ['hàn'] });
  });
});

describe('ItemCache', () => {
  const item = (id: string) => ({ id, kind: 'course', title: id, rev: 1, importedAt: '2027-01-01T00:00:00.000Z' }) as const;

  it('forgets everything when the revision moves, and when it is full', () => {
    const cache = new ItemCache(2);
    cache.atRevision(1);
    cache.put({ ...item('a') });
    cache.atRevision(1);
    expect(cache.get('a')?.id).toBe('a');
    cache.atRevision(2);
    expect(cache.get('a')).toBeUndefined();
    cache.put({ ...item('a') });
    cache.put({ ...item('b') });
    cache.put({ ...item('c') });
    expect([cache.get('a'), cache.get('b'), cache.get('c')?.id]).toEqual([undefined, undefined, 'c']);
  });
});
