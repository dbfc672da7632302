/**
 * Bridges: a word of a question the right item does not write, and a word that item does write,
 * learnt from real questions and their right items (bridge-words.json, built by
 * scripts/build-bridge-words.ts). "nhắn tin báo" is asked of the FAQ on "nhận tin", "khiếm thính"
 * of the policy for "người khuyết tật": where people keep using one word for what the content says
 * with another, an item that writes the other matches the first in part, by how much likelier the
 * right item is to hold it when the question holds the first.
 */
import bridgeData from '../text/bridge-words.json' with { type: 'json' };

export interface Bridge {
  /** Folded words the item writes. */
  to: string;
  /** 0..1: how much likelier than chance the right item holds `to` when a question holds the word. */
  strength: number;
}

let table: Map<string, Bridge[]> | undefined;
let loaded: string | undefined;

/** Replaces the table's lines (the cross-validation bench builds one per fold); undefined: the shipped one. */
export function useBridgeTable(lines: string | undefined): void {
  table = undefined;
  loaded = lines;
}

/** The bridges from a folded word or phrase of a question, strongest first. */
export function bridgesFrom(words: string): readonly Bridge[] {
  if (!table) {
    table = new Map();
    for (const line of (loaded ?? (bridgeData as { words: string }).words).split('\n')) {
      const [from, to, strength] = line.split('\t');
      if (!from || !to) continue;
      const list = table.get(from) ?? [];
      list.push({ to, strength: Number(strength) });
      table.set(from, list);
    }
    for (const list of table.values()) list.sort((a, b) => b.strength - a.strength);
  }
  return table.get(words) ?? [];
}
