/**
 * Turns a channel-neutral Reply into the `message` bodies of Zalo's /v3.0/oa/message/cs, within
 * Zalo's limits: 2000 characters of text, 5 buttons per message, list templates of a few elements.
 * Pure: no I/O, so every limit is testable without a network.
 */
import type { Button, FileAttachment, ItemCard, Reply } from '../../replies/model.js';
import { encodeButtonPayload } from './payload.js';

export const MAX_TEXT = 2000;
export const MAX_BUTTONS = 5;
export const MAX_BUTTON_TITLE = 100;
/** The element cap of list templates is undocumented; old docs suggest 5, so stay there. */
export const MAX_LIST_ELEMENTS = 5;
const MAX_ELEMENT_TITLE = 100;
const MAX_ELEMENT_SUBTITLE = 500;

/** Text of a follow-up message that only carries the buttons that did not fit (Zalo needs some text). */
export const MORE_BUTTONS_TEXT = 'Thêm lựa chọn:';
export const CONTACT_FORM_TITLE = 'Chia sẻ số điện thoại để đăng ký';
export const CONTACT_FORM_SUBTITLE = 'Bấm vào đây để gửi tên và số điện thoại của bạn.';
/** Sent instead of a file that could not be uploaded or delivered. */
export const FILE_FAILED_TEXT = 'Xin lỗi, hiện không gửi được tệp đính kèm. Bạn vui lòng thử lại sau.';

export interface ZaloButton {
  title: string;
  type: 'oa.query.show';
  payload: string;
}

/** The `message` object of a /cs send (only the shapes this bot uses). */
export type ZaloMessage =
  | { text: string; attachment?: { type: 'template'; payload: { buttons: ZaloButton[] } } }
  | { attachment: { type: 'template'; payload: { template_type: 'list'; elements: ZaloListElement[] } } }
  | { attachment: { type: 'template'; payload: { template_type: 'request_user_info'; elements: Array<{ title: string; subtitle: string }> } } }
  | { attachment: { type: 'file'; payload: { token: string } } };

export interface ZaloListElement {
  title: string;
  subtitle?: string;
  default_action: { type: 'oa.query.show'; payload: string };
}

/**
 * One step of delivering a reply. `fallback` is what to send if Zalo refuses the template itself
 * (its list and form templates are thinly documented); `optional` steps are skipped on refusal.
 */
export type ZaloOutgoing =
  | { kind: 'message'; message: ZaloMessage; fallback?: ZaloMessage[]; optional?: boolean }
  | { kind: 'file'; file: FileAttachment; fallback: ZaloMessage[] };

export function renderReply(reply: Reply): ZaloOutgoing[] {
  const out: ZaloOutgoing[] = [];
  const buttonGroups = chunk((reply.buttons ?? []).flat(), MAX_BUTTONS);
  const texts = splitText(reply.text ?? '', MAX_TEXT);

  // The first buttons ride on the last text chunk: every message counts against Zalo's free-reply cap.
  texts.forEach((text, i) => {
    const buttons = i === texts.length - 1 ? buttonGroups.shift() : undefined;
    out.push({ kind: 'message', message: textMessage(text, buttons) });
  });
  for (const group of buttonGroups) out.push({ kind: 'message', message: textMessage(MORE_BUTTONS_TEXT, group) });

  for (const items of chunk(reply.items ?? [], MAX_LIST_ELEMENTS)) {
    out.push({ kind: 'message', message: listMessage(items), fallback: listFallback(items) });
  }
  if (reply.requestContact) {
    out.push({
      kind: 'message',
      optional: true, // the reply text already asks for the phone; the form is a convenience
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'request_user_info',
            elements: [{ title: CONTACT_FORM_TITLE, subtitle: CONTACT_FORM_SUBTITLE }],
          },
        },
      },
    });
  }
  if (reply.file) out.push({ kind: 'file', file: reply.file, fallback: [{ text: FILE_FAILED_TEXT }] });
  return out;
}

/** The message that delivers an uploaded file. */
export function fileMessage(token: string): ZaloMessage {
  return { attachment: { type: 'file', payload: { token } } };
}

function textMessage(text: string, buttons?: Button[]): ZaloMessage {
  if (!buttons || buttons.length === 0) return { text };
  return { text, attachment: { type: 'template', payload: { buttons: buttons.map(zaloButton) } } };
}

function zaloButton(b: Button): ZaloButton {
  return { title: truncate(b.label, MAX_BUTTON_TITLE), type: 'oa.query.show', payload: encodeButtonPayload(b.action) };
}

function listMessage(items: ItemCard[]): ZaloMessage {
  return {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'list',
        elements: items.map((it) => ({
          title: truncate(it.title, MAX_ELEMENT_TITLE),
          ...(it.subtitle ? { subtitle: truncate(it.subtitle, MAX_ELEMENT_SUBTITLE) } : {}),
          default_action: { type: 'oa.query.show', payload: encodeButtonPayload(it.action) },
        })),
      },
    },
  };
}

/** The same items as numbered text with buttons, for when Zalo refuses the list template. */
function listFallback(items: ItemCard[]): ZaloMessage[] {
  const lines = items.map((it, i) => `${i + 1}. ${it.title}${it.subtitle ? ` (${it.subtitle})` : ''}`);
  const buttons = items.map((it, i) => ({ label: `${i + 1}. ${it.title}`, action: it.action }));
  return splitText(lines.join('\n'), MAX_TEXT).map((text, i, all) =>
    textMessage(text, i === all.length - 1 ? buttons : undefined),
  );
}

/**
 * Splits text into pieces of at most `max` UTF-16 units, preferring paragraph, line, sentence
 * and word boundaries, and never cutting a surrogate pair. Empty text gives no pieces.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = -1;
    for (const sep of ['\n\n', '\n', '. ', ' ']) {
      const at = window.lastIndexOf(sep);
      // A boundary in the first half would leave tiny pieces; better a hard cut.
      if (at >= max / 2) {
        cut = sep === '. ' ? at + 1 : at;
        break;
      }
    }
    if (cut < 0) cut = safeCut(rest, max);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

function safeCut(s: string, at: number): number {
  const code = s.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  return s.slice(0, safeCut(s, max - 1)) + '…';
}

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
