/**
 * Small pure helpers both store implementations share, so that the embedded and the MongoDB
 * store agree byte for byte on what "unchanged item" means and on how ids look.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ContentItem } from '../content/model.js';
import type { DeliveryLedger, UserKey } from './types.js';

/** What erasePersonalData leaves in place of a name (the row stays for course counts). */
export const ERASED_NAME = '[đã xóa]';

/** How many rows a streaming read fetches at a time: bounded memory, no long-lived cursor. */
export const STREAM_BATCH = 2000;

/**
 * JSON with object keys sorted, so the same item hashes the same whatever key order
 * its YAML/CSV/JSON source used.
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** Canonical JSON of an item and the hash the store compares to detect unchanged re-imports. */
export function itemFingerprint(item: ContentItem, provinceCode: string | undefined): { json: string; hash: string } {
  const json = stableStringify(item);
  // The province code is part of the hash: a changed province→code mapping must rewrite the row.
  const hash = createHash('sha256').update(json).update('\u0000').update(provinceCode ?? '').digest('base64url');
  return { json, hash };
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A short random id (enrolments, announcements). Random rather than sequential so an id read
 * out to a user reveals nothing about other people's enrolments; 12 chars of a 32-letter
 * alphabet without look-alikes (l/1, o/0) is 60 bits, plenty against collisions.
 */
export function randomId(length = 12): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ID_ALPHABET[b & 31];
  return out;
}

/** Parses an ISO instant to epoch ms; a malformed one is a programming error, so it throws. */
export function toMs(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${what} is not a valid date`);
  return ms;
}

/**
 * The key-value entry (SettingsStore.setValue) holding a user's recent conversation, as the web chat shows
 * it again after a reload. Defined here because erasePersonalData must forget it too.
 */
export const chatHistoryKey = (key: UserKey) => `chat-history:${key.channel}:${key.userId}`;

/**
 * The retry ledger as the outbox once kept it at the head of a delivery's error text
 * (`[t=2 s=3] transient: 502`), for rows written before it had columns of its own.
 */
export function legacyLedger(error: string | undefined | null): DeliveryLedger {
  const m = /^\[t=(\d+) s=(\d+)\]/.exec(error ?? '');
  return m ? { transientFailures: Number(m[1]), settledClaims: Number(m[2]) } : { transientFailures: 0, settledClaims: 0 };
}

/**
 * Names that older versions kept among the secrets although they are plain values: the SQLite
 * migration moves them, the MongoDB store reads them there until each is next written.
 */
export function isLegacyPlainValue(name: string): boolean {
  return name.startsWith('web-inbox:') || name.startsWith('chat-history:') || name === 'state:digest-content-rev' || name === 'search-index.store-id';
}
