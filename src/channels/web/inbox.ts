/**
 * The inbox of a web chat user: notifications and broadcasts wait here until the page polls for them
 * (a browser tab cannot be pushed to without keeping a socket open per visitor).
 *
 * Kept only in the store, as a JSON array under the key-value entry `web-inbox:<userId>` (SettingsStore.setValue),
 * so any process can append (the server, or a separate outbox worker) and a restart loses nothing.
 * Read-modify-write runs under a store lease of the same name, which is atomic across processes,
 * so two concurrent appends, or an append racing a read, cannot lose a message.
 *
 * A message stays until the page acknowledges it: each carries a sequence number, the page reads
 * what is waiting and, on its next poll, names the last number it showed. A reply lost on a bad
 * connection is therefore sent again rather than gone. Only age removes unread messages (a stale
 * "class starts tomorrow" is worse than none), never their number.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DedupeStore, SettingsStore } from '../../store/ports.js';
import type { WebReply } from './wire.js';

export interface InboxMessage {
  seq: number;
  reply: WebReply;
}

export interface WebInbox {
  push(userId: string, reply: WebReply, now?: Date): Promise<void>;
  /**
   * Drops what the page acknowledged (seq ≤ ack) and returns what is still waiting, oldest first.
   * `keep` receives the acknowledged replies first (the conversation history), so a crash between the
   * two can repeat them there but never lose them.
   */
  read(userId: string, ack: number | undefined, now?: Date, keep?: (acknowledged: WebReply[]) => Promise<void>): Promise<InboxMessage[]>;
  /** Returns every waiting reply and empties the inbox (tools and tests). */
  drain(userId: string, now?: Date): Promise<WebReply[]>;
}

export interface WebInboxOptions {
  /** Replies older than this are dropped unread. Default 30 days. */
  maxAgeMs?: number;
  /** How long to keep trying for the lease before giving up. */
  lockWaitMs?: number;
}

interface Entry {
  seq: number;
  at: string;
  reply: WebReply;
}

/** Lease TTL: long enough for one read and one write, short enough that a crashed holder unblocks quickly. */
const LEASE_MS = 5_000;

export const inboxKey = (userId: string) => `web-inbox:${userId}`;

interface Stored {
  /** Last sequence number given out; kept when the inbox empties, so numbers never repeat. */
  last: number;
  entries: Entry[];
}

export function createWebInbox(store: DedupeStore & SettingsStore, options: WebInboxOptions = {}): WebInbox {
  const maxAgeMs = options.maxAgeMs ?? 30 * 24 * 3600_000;
  const lockWaitMs = options.lockWaitMs ?? 2_000;

  const read = async (key: string): Promise<Stored> => {
    const raw = await store.getValue(key);
    if (!raw) return { last: 0, entries: [] };
    try {
      const parsed: unknown = JSON.parse(raw);
      // Rows written before sequence numbers were a bare array: number them now.
      if (Array.isArray(parsed)) {
        const entries = (parsed as Entry[]).map((e, i) => ({ ...e, seq: i + 1 }));
        return { last: entries.length, entries };
      }
      const s = parsed as Partial<Stored>;
      return { last: Number(s.last) || 0, entries: Array.isArray(s.entries) ? s.entries : [] };
    } catch {
      // A corrupt entry must not wedge the inbox forever: treat it as empty; the next write replaces it.
      return { last: 0, entries: [] };
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
        const stored = await read(key);
        const seq = stored.last + 1;
        const entries = [...fresh(stored.entries, now), { seq, at: now.toISOString(), reply }];
        await store.setValue(key, JSON.stringify({ last: seq, entries }));
      });
    },

    async read(userId, ack, now = new Date(), keepAcknowledged) {
      const key = inboxKey(userId);
      // Fast path without the lease: the page polls every 15 s and the inbox is almost always empty.
      const peek = await read(key);
      if (peek.entries.length === 0) return [];
      const keep = (e: Entry) => ack === undefined || e.seq > ack;
      if (peek.entries.every(keep) && fresh(peek.entries, now).length === peek.entries.length) {
        return peek.entries.map((e) => ({ seq: e.seq, reply: e.reply }));
      }
      return withLock(key, async () => {
        const stored = await read(key);
        const current = fresh(stored.entries, now);
        const entries = current.filter(keep);
        const acknowledged = current.filter((e) => !keep(e)).map((e) => e.reply);
        if (acknowledged.length && keepAcknowledged) await keepAcknowledged(acknowledged);
        await store.setValue(key, JSON.stringify({ last: stored.last, entries }));
        return entries.map((e) => ({ seq: e.seq, reply: e.reply }));
      });
    },

    async drain(userId, now = new Date()) {
      const key = inboxKey(userId);
      if ((await read(key)).entries.length === 0) return [];
      return withLock(key, async () => {
        const stored = await read(key);
        await store.setValue(key, JSON.stringify({ last: stored.last, entries: [] }));
        return fresh(stored.entries, now).map((e) => e.reply);
      });
    },
  };
}
