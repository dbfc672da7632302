/**
 * Reply → the Telegram calls that show it, as plain data (no network here, so it is easy to test).
 * Telegram's limits decide the shape: 4096 characters per message, callback_data ≤ 64 bytes,
 * contact sharing only through a reply keyboard. Text is sent without parse_mode because content
 * may contain `_*[]` that Markdown would eat or reject.
 */
import type { ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import { MAX_ACTION_BYTES, type FileAttachment, type Reply } from '../../replies/model.js';

/** Telegram counts message length in UTF-16 code units, as JavaScript strings do. */
export const MAX_TEXT = 4096;
/** Item titles become button labels; long ones make unreadable keyboards on small phones. */
export const MAX_ITEM_LABEL = 60;
/** Community-measured cap on buttons per keyboard (reference A14). */
export const MAX_BUTTONS = 100;
export const CONTACT_BUTTON_LABEL = '📱 Gửi số điện thoại của tôi';
/** Telegram refuses empty messages; used only when a reply has buttons but no text. */
export const EMPTY_TEXT_PLACEHOLDER = '👇';
/** Heads the separate message carrying inline buttons when the contact keyboard took the first one. */
export const MORE_CHOICES_TEXT = 'Hoặc chọn:';

type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export type TelegramOp =
  | { method: 'sendMessage'; text: string; reply_markup?: Markup }
  | { method: 'sendDocument'; file: FileAttachment; reply_markup?: Markup };

export interface RenderResult {
  ops: TelegramOp[];
  /** Buttons left out (action too long or empty, or over the keyboard cap); the caller logs the count. */
  dropped: number;
}

export interface RenderOptions {
  /** Hide a leftover contact keyboard (the user just shared their phone). */
  removeReplyKeyboard?: boolean;
}

export function isValidCallbackData(data: string): boolean {
  const bytes = Buffer.byteLength(data, 'utf8');
  return bytes >= 1 && bytes <= MAX_ACTION_BYTES;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Cuts `s` to at most `max` UTF-16 units without leaving half of a surrogate pair. */
export function safeSlice(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  if (end > 0 && isHighSurrogate(s.charCodeAt(end - 1))) end -= 1;
  return s.slice(0, end);
}

/** Shortens a label to `max` characters, ending with an ellipsis when it was cut. */
export function truncateLabel(s: string, max = MAX_ITEM_LABEL): string {
  const clean = s.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  return safeSlice(clean, max - 1).trimEnd() + '…';
}

/**
 * Splits text into chunks of at most `max` units, preferring paragraph, then line, then word
 * boundaries, and never splitting a surrogate pair (an emoji would turn into two broken glyphs).
 */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    // A max below 2 could otherwise leave no room for one emoji and loop forever.
    const window = safeSlice(rest, max) || rest.slice(0, 2);
    // Only accept a boundary in the second half, so a stray early newline does not make tiny chunks.
    const min = Math.floor(max / 2);
    let cut = -1;
    for (const sep of ['\n\n', '\n', ' ']) {
      const i = window.lastIndexOf(sep);
      if (i >= min) {
        cut = i;
        break;
      }
    }
    const piece = cut > 0 ? window.slice(0, cut) : window;
    chunks.push(piece.trimEnd());
    rest = rest.slice(piece.length).trimStart();
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

interface KeyboardDraft {
  rows: InlineKeyboardButton[][];
  dropped: number;
  count: number;
}

/** Adds one row of buttons, leaving out (and counting) those Telegram would refuse. */
function addRow(draft: KeyboardDraft, row: ReadonlyArray<{ label: string; action: string }>): void {
  const out: InlineKeyboardButton[] = [];
  for (const b of row) {
    const label = truncateLabel(String(b.label ?? ''), MAX_ITEM_LABEL);
    if (!label || !isValidCallbackData(String(b.action ?? '')) || draft.count >= MAX_BUTTONS) {
      draft.dropped += 1;
      continue;
    }
    out.push({ text: label, callback_data: b.action });
    draft.count += 1;
  }
  if (out.length > 0) draft.rows.push(out);
}

/** Builds the inline keyboard: the reply's button rows, then one row per item card. */
function inlineKeyboard(reply: Reply): { rows: InlineKeyboardButton[][]; dropped: number } {
  const draft: KeyboardDraft = { rows: [], dropped: 0, count: 0 };
  for (const row of reply.buttons ?? []) addRow(draft, Array.isArray(row) ? row : []);
  for (const item of reply.items ?? []) addRow(draft, [{ label: item.title, action: item.action }]);
  return { rows: draft.rows, dropped: draft.dropped };
}

export function renderReply(reply: Reply, options: RenderOptions = {}): RenderResult {
  const ops: TelegramOp[] = [];
  const { rows, dropped } = inlineKeyboard(reply);
  const inline: InlineKeyboardMarkup | undefined = rows.length > 0 ? { inline_keyboard: rows } : undefined;
  const contact: ReplyKeyboardMarkup | undefined = reply.requestContact
    ? {
        keyboard: [[{ text: CONTACT_BUTTON_LABEL, request_contact: true }]],
        one_time_keyboard: true,
        resize_keyboard: true,
      }
    : undefined;

  let chunks = splitText(typeof reply.text === 'string' ? reply.text : '');
  // Markup needs a message to ride on; with no text and no file, use a placeholder.
  if (chunks.length === 0 && !reply.file && (inline || contact)) chunks = [EMPTY_TEXT_PLACEHOLDER];
  for (const text of chunks) ops.push({ method: 'sendMessage', text });
  if (reply.file) ops.push({ method: 'sendDocument', file: reply.file });

  const last = ops[ops.length - 1];
  if (last) {
    // One message carries one markup. The contact keyboard goes on the last message; inline buttons
    // then follow in their own message so neither is lost.
    if (contact) {
      last.reply_markup = contact;
      if (inline) ops.push({ method: 'sendMessage', text: MORE_CHOICES_TEXT, reply_markup: inline });
    } else if (inline) {
      last.reply_markup = inline;
    }
  }
  const first = ops[0];
  if (options.removeReplyKeyboard && !contact && first && !first.reply_markup) {
    first.reply_markup = { remove_keyboard: true };
  }
  return { ops, dropped };
}
