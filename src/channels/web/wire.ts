/**
 * The JSON shapes of the web chat API: what the page may send, and how a Reply travels back.
 * Kept apart from the routes so the inbox and the tests share one definition.
 */
import { z } from 'zod';
import type { IncomingMessage } from '../../conversation/incoming.js';
import { MAX_ACTION_BYTES, type Button, type ItemCard, type Reply } from '../../replies/model.js';

/** Web user ids are random strings the server issues (identity.ts); the pattern keeps them safe in store keys and logs. */
export const WEB_USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Accepted from the page; the conversation reads the first 2,000 and says so (router.ts). */
export const MAX_POSTED_TEXT_CHARS = 10_000;
/** Deep-link payloads follow Telegram's rule (1-64 of A-Z a-z 0-9 _ -) so one link format serves every channel. */
const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

// No userId: who is asking comes from the signed cookie (identity.ts). Older pages still send one; unknown keys are stripped.
export const chatRequestSchema = z
  .object({
    text: z.string().max(MAX_POSTED_TEXT_CHARS, `must be at most ${MAX_POSTED_TEXT_CHARS} characters`).optional(),
    action: z
      .string()
      .min(1, 'must not be empty')
      .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_ACTION_BYTES, `must be at most ${MAX_ACTION_BYTES} bytes`)
      .optional(),
    start: z.boolean().optional(),
    /** What the page showed as the visitor's message for an action (the button's label), for the history. */
    echo: z.string().max(200, 'must be at most 200 characters').optional(),
    payload: z.string().regex(PAYLOAD, 'must be 1-64 characters of A-Z a-z 0-9 _ -').optional(),
  })
  .superRefine((b, ctx) => {
    const kinds = [b.text !== undefined, b.action !== undefined, b.start === true].filter(Boolean).length;
    if (kinds !== 1) ctx.addIssue({ code: 'custom', message: 'send exactly one of text, action or start: true' });
    if (b.text !== undefined && b.text.trim() === '') ctx.addIssue({ code: 'custom', path: ['text'], message: 'must not be empty' });
    if (b.payload !== undefined && b.start !== true) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'only allowed with start: true' });
    }
  });
export type ChatRequest = z.output<typeof chatRequestSchema>;

/** The inbox poll: `ack` is the last message number the page has shown (they are then dropped). */
export const inboxQuerySchema = z.object({ ack: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() });

/** One line per problem, field first; values are never echoed (they may be personal data). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message)
    .join('; ');
}

export function toIncoming(body: ChatRequest, userId: string, receivedAt: Date): IncomingMessage {
  const base = { channel: 'web' as const, userId, receivedAt };
  if (body.start) return { ...base, kind: 'start', ...(body.payload ? { payload: body.payload } : {}) };
  if (body.action !== undefined) return { ...base, kind: 'action', action: body.action };
  return { ...base, kind: 'text', text: (body.text ?? '').trim() };
}

/** A Reply as JSON: the file travels as base64 because JSON has no bytes. */
export interface WebReply {
  text: string;
  buttons?: Button[][];
  items?: ItemCard[];
  requestContact?: boolean;
  file?: { filename: string; mimeType: string; dataBase64: string };
}

/** Copies only the known fields, so nothing a handler attached by accident reaches the browser. */
export function toWebReply(reply: Reply): WebReply {
  const out: WebReply = { text: reply.text };
  const rows = (reply.buttons ?? [])
    .map((row) => row.map((b) => ({ label: b.label, action: b.action })))
    .filter((row) => row.length > 0);
  if (rows.length) out.buttons = rows;
  if (reply.items?.length) {
    out.items = reply.items.map((i) => ({
      id: i.id,
      title: i.title,
      ...(i.subtitle ? { subtitle: i.subtitle } : {}),
      action: i.action,
    }));
  }
  if (reply.requestContact) out.requestContact = true;
  if (reply.file) {
    out.file = { filename: reply.file.filename, mimeType: reply.file.mimeType, dataBase64: reply.file.data.toString('base64') };
  }
  return out;
}
