/**
 * Phrasings officers attached to an item live in the item's keywords, so the engine finds the
 * item for them through the index it already keeps in step with the store. They are also kept
 * apart (UnansweredStore.setLearned) with the keywords the content file gave the item, so a
 * re-import of the same item keeps them, and a file that changes the item's keywords drops them.
 */
import type { ContentItem, StoredItem } from '../content/model.js';
import type { Store } from '../store/ports.js';
import type { LearnedPhrasings } from './ports.js';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The item's keywords with its learned phrasings, when these still belong to them. */
export function mergedKeywords(fileKeywords: readonly string[], learned: LearnedPhrasings | undefined): string[] {
  if (!learned || !sameList(fileKeywords, learned.baseKeywords)) return [...fileKeywords];
  const have = new Set(fileKeywords);
  return [...fileKeywords, ...learned.phrasings.filter((p) => !have.has(p))];
}

/** Items about to be imported, with the phrasings learned for them merged into their keywords. */
export async function withLearnedPhrasings(store: Pick<Store, 'unanswered'>, items: ContentItem[]): Promise<ContentItem[]> {
  const learned = new Map((await store.unanswered.listLearned()).map((l) => [l.itemId, l]));
  if (learned.size === 0) return items;
  return items.map((item) => {
    const l = learned.get(item.id);
    if (!l) return item;
    const keywords = mergedKeywords(item.keywords ?? [], l);
    return keywords.length === (item.keywords ?? []).length ? item : { ...item, keywords };
  });
}

/** The content of a stored item, as an import would write it again. */
export function contentOf(item: StoredItem): ContentItem {
  const { rev: _rev, importedAt: _importedAt, provinceCode: _provinceCode, ...content } = item;
  return content;
}

/**
 * The file's own keywords of a stored item: its keywords without the learned phrasings, when the
 * stored item still carries them as merged; otherwise everything it has came from its file.
 */
export function fileKeywordsOf(item: StoredItem, learned: LearnedPhrasings | undefined): string[] {
  const keywords = item.keywords ?? [];
  if (learned && sameList(keywords, mergedKeywords(learned.baseKeywords, learned))) return [...learned.baseKeywords];
  return [...keywords];
}
