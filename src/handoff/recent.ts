/**
 * Per user, in this process: the last few messages (shown to officers when a ticket opens) and
 * how many fallbacks in a row the bot gave (after two it offers a person). In memory on purpose:
 * both are about the last minutes of a conversation, and a restart only forgets them early.
 */
import type { UserKey } from '../store/types.js';

const KEEP_MESSAGES = 5;
const MAX_USERS = 10_000;

export interface RecentMessage {
  text: string;
  /** ISO */
  at: string;
}

interface Recent {
  texts: RecentMessage[];
  fallbacks: number;
}

export class RecentTurns {
  private readonly users = new Map<string, Recent>();

  private get(user: UserKey): Recent {
    const key = `${user.channel}:${user.userId}`;
    let r = this.users.get(key);
    if (r) this.users.delete(key); // re-inserted below: the map's order is least recently used first
    else {
      if (this.users.size >= MAX_USERS) this.users.delete(this.users.keys().next().value!);
      r = { texts: [], fallbacks: 0 };
    }
    this.users.set(key, r);
    return r;
  }

  texts(user: UserKey): RecentMessage[] {
    return [...(this.users.get(`${user.channel}:${user.userId}`)?.texts ?? [])];
  }

  addText(user: UserKey, text: string, at: Date): void {
    const r = this.get(user);
    r.texts.push({ text, at: at.toISOString() });
    if (r.texts.length > KEEP_MESSAGES) r.texts.shift();
  }

  /** Counts a fallback (true) or resets the count (false); returns the count. */
  fallback(user: UserKey, happened: boolean): number {
    const r = this.get(user);
    r.fallbacks = happened ? r.fallbacks + 1 : 0;
    return r.fallbacks;
  }
}
