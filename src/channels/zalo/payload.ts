/**
 * The one place that knows how a button action travels through Zalo. An `oa.query.show` button
 * comes back as ordinary user text, so the action is prefixed with '#' to tell a tap from typing.
 */
import { MAX_ACTION_BYTES } from '../../replies/model.js';

const PREFIX = '#';

/** The `payload` of an oa.query.show button for this action. */
export function encodeButtonPayload(action: string): string {
  return PREFIX + action;
}

/**
 * The action a user text stands for, or undefined when it is ordinary text. Only short,
 * single-line strings qualify, so a user typing "#" or pasting a hashtag paragraph stays text.
 */
export function decodeButtonPayload(text: string): string | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const action = text.slice(PREFIX.length);
  if (action.length === 0 || /[\r\n]/.test(action) || action.trim() !== action) return undefined;
  if (Buffer.byteLength(action, 'utf8') > MAX_ACTION_BYTES) return undefined;
  return action;
}
