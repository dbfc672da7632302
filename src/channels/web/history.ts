/**
 * The recent conversation of a web visitor, so a reload shows it again instead of a blank page.
 * Kept in the store (key-value entry chatHistoryKey, which erasePersonalData forgets) as the last
 * turns only: what the visitor sent as they saw it, and the replies without attachments.
 *
 * Written without a lease: one visitor's turns come one at a time from one page, and the history
 * is a convenience view (the enrolments and the inbox are the records), so two racing turns that
 * keep only one of them lose nothing that matters.
 */
import { chatHistoryKey } from '../../store/shared.js';
import type { SettingsStore } from '../../store/ports.js';
import type { WebReply } from './wire.js';

export interface HistoryTurn {
  /** What the visitor's own bubble showed (typed text or the button's label); none for the page opening. */
  me?: string;
  replies: WebReply[];
  at: string;
}

/** Enough to pick up where one left off; small enough to stay one modest store row. */
const MAX_TURNS = 20;
const MAX_AGE_MS = 30 * 24 * 3600_000;

export interface WebHistory {
  add(userId: string, turn: Omit<HistoryTurn, 'at'>, now: Date): Promise<void>;
  recent(userId: string, now: Date): Promise<HistoryTurn[]>;
}

export function createWebHistory(store: SettingsStore): WebHistory {
  const key = (userId: string) => chatHistoryKey({ channel: 'web', userId });
  const read = async (userId: string, now: Date): Promise<HistoryTurn[]> => {
    const raw = await store.getValue(key(userId));
    if (!raw) return [];
    try {
      const turns: unknown = JSON.parse(raw);
      if (!Array.isArray(turns)) return [];
      return (turns as HistoryTurn[]).filter(
        (t) => t && Array.isArray(t.replies) && typeof t.at === 'string' && now.getTime() - Date.parse(t.at) <= MAX_AGE_MS,
      );
    } catch {
      return []; // a damaged row is replaced by the next turn
    }
  };
  return {
    async add(userId, turn, now) {
      // Attachments (an officer's export) are not kept: they are large and hold personal data.
      const replies = turn.replies.map(({ file: _file, ...rest }) => rest);
      const entry: HistoryTurn = { ...(turn.me ? { me: turn.me } : {}), replies, at: now.toISOString() };
      const turns = [...(await read(userId, now)), entry].slice(-MAX_TURNS);
      await store.setValue(key(userId), JSON.stringify(turns));
    },
    recent: read,
  };
}
