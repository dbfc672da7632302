/**
 * The inbox of a web chat user: notifications and broadcasts wait here until the page polls for them
 * (a browser tab cannot be pushed to without keeping a socket open per visitor).
 *
 * Kept only in the store, as a JSON array under the key-value entry `web-inbox:<userId>` (Store.setSecret),
 * so any process can append (the server, or a separate outbox worker) and a restart loses nothing.
 * Read-modify-write runs under a store lease of the same name, which is atomic across processes,
 * so two concurrent appends, or an append racing a drain, cannot lose a message.
 * The inbox is bounded (oldest dropped) and entries expire, so a visitor who never returns costs one small row.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../../store/types.js';
import type { WebReply } from './wire.js';

export interface WebInbox {
  push(userId: string, reply: WebReply, now?: Date): Promise<void>;
  /** Returns the waiting replies, oldest first, and empties the inbox. */
  drain(userId: string, now?: Date): Promise<WebReply[]>;
}

export interface WebInboxOptions {
  /** Most replies kept per user; older ones are dropped first. */
  limit?: number;
  /** Replies older than this are dropped: a stale "class starts tomorrow" is worse than none. */
  maxAgeMs?: number;
  /** How long to keep trying for the lease before giving up. */
  lockWaitMs?: number;
}

interface Entry {
  at: string;
  reply: WebReply;
}

const EMPTY = '[]';
/** Lease TTL: long enough for one read and one write, short enough that a crashed holder unblocks quickly. */
const LEASE_MS = 5_000;

export const inboxKey = (userId: string) => `web-inbox:${userId}`;

export function createWebInbox(store: Store, options: WebInboxOptions = {}): WebInbox {
  const limit = options.limit ?? 50;
  const maxAgeMs = options.maxAgeMs ?? 30 * 24 * 3600_000;
  const lockWaitMs = options.lockWaitMs ?? 2_000;

  const read = async (key: string): Promise<Entry[]> => {
    const raw = await store.getSecret(key);
    if (!raw || raw === EMPTY) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? (parsed as Entry[]) : [];
    } catch {
      // A corrupt entry must not wedge the inbox forever: treat it as empty; the next write replaces it.
      return [];
    }
  };

  const fresh = (entries: Entry[], now: Date) =>
    entries.filter((e) => e && typeof e.at === 'string' && now.getTime() - Date.parse(e.at) <= maxAgeMs && e.reply);

  async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    // A fresh owner per call: the store lets an owner re-acquire its own lease, which would not exclude us from ourselves.
    const owner = `${process.pid}:${randomUUID()}`;
    const deadline = Date.now() + lockWaitMs;
    while (!(await store.acquireLease(key, owner, LEASE_MS))) {
      if (Date.now() > deadline) throw new Error('web inbox is busy');
      await sleep(10 + Math.random() * 40);
    }
    try {
      return await fn();
    } finally {
      await store.releaseLease(key, owner).catch(() => undefined);
    }
  }

  return {
    async push(userId, reply, now = new Date()) {
      const key = inboxKey(userId);
      await withLock(key, async () => {
        const entries = fresh(await read(key), now);
        entries.push({ at: now.toISOString(), reply });
        await store.setSecret(key, JSON.stringify(entries.slice(-limit)));
      });
    },

    async drain(userId, now = new Date()) {
      const key = inboxKey(userId);
      // Fast path without the lease: the page polls every 15 s and the inbox is almost always empty.
      if ((await read(key)).length === 0) return [];
      return withLock(key, async () => {
        const entries = fresh(await read(key), now);
        await store.setSecret(key, EMPTY);
        return entries.map((e) => e.reply);
      });
    },
  };
}
