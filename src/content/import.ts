/**
 * Importing a loaded pack into the store: checks that every province name is known (old names
 * allowed, mapped to the 2025 province), then writes all items in one all-or-nothing transaction.
 */
import type { ImportOptions, ImportResult } from '../store/types.js';
import type { ContentStore, Store } from '../store/ports.js';
import { resolveProvinceName } from '../text/provinces.js';
import { ContentError, loadContent, loadContentSources, type ContentProblem, type ContentSource, type LoadedContent } from './load.js';
import type { ContentItem } from './model.js';
import { withLearnedPhrasings } from '../unanswered/learned.js';

export function provinceCodeOf(item: ContentItem): string | undefined {
  return item.province ? resolveProvinceName(item.province)?.code : undefined;
}

function checkProvinces(loaded: LoadedContent): void {
  const problems: ContentProblem[] = [];
  for (const item of loaded.items) {
    if (item.province && !provinceCodeOf(item)) {
      problems.push({
        file: '-',
        item: item.id,
        field: 'province',
        reason: `không nhận ra tỉnh/thành "${item.province}" (dùng tên tỉnh, cũ hoặc mới; xã/phường ghi ở "place")`,
      });
    }
  }
  if (problems.length) throw new ContentError(problems);
}

export async function importPaths(
  store: ContentStore & Pick<Store, 'unanswered'>,
  paths: string[],
  options: ImportOptions = {},
): Promise<ImportResult & { files: string[] }> {
  const loaded = await loadContent(paths);
  checkProvinces(loaded);
  // Phrasings officers attached to an item stay with it while its file keeps the same keywords.
  const result = await store.importItems(await withLearnedPhrasings(store, loaded.items), provinceCodeOf, options);
  return { ...result, files: loaded.files };
}

/**
 * Same, for files already in memory (an officer's upload in chat or in the console). `check` may refuse
 * the valid items (throwing ContentError) before anything is written: the console's province rule.
 */
export async function importSources(
  store: ContentStore & Pick<Store, 'unanswered'>,
  sources: ContentSource[],
  check?: (items: ContentItem[]) => Promise<void>,
): Promise<ImportResult> {
  const loaded = loadContentSources(sources);
  checkProvinces(loaded);
  await check?.(loaded.items);
  return store.importItems(await withLearnedPhrasings(store, loaded.items), provinceCodeOf);
}
