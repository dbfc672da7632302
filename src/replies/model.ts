/**
 * The channel-neutral reply model. Handlers produce it; each channel renders it within its own limits
 * (Telegram 4096 chars and inline keyboards, Zalo 2000 chars and 5 buttons, the web page, the terminal).
 */

/** A button carries a short action string (≤ 64 bytes, ids not titles) that comes back as an incoming action. */
export interface Button {
  label: string;
  action: string;
}

/** One content item in a list reply. */
export interface ItemCard {
  id: string;
  title: string;
  subtitle?: string;
  /** Action to open the item (usually `item:<id>`). */
  action: string;
}

export interface FileAttachment {
  filename: string;
  mimeType: string;
  data: Buffer;
}

export interface Reply {
  text: string;
  /** Rows of buttons. Channels may flatten rows when they cannot show them. */
  buttons?: Button[][];
  items?: ItemCard[];
  /** Ask the channel to offer its "share my phone" control (Telegram contact button, Zalo info form). */
  requestContact?: boolean;
  file?: FileAttachment;
}

export const MAX_ACTION_BYTES = 64;

export function parseAction(value: string): { name: string; arg?: string } {
  const i = value.indexOf(':');
  return i < 0 ? { name: value } : { name: value.slice(0, i), arg: value.slice(i + 1) };
}
