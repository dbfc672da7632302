/**
 * Which channels can carry an officer. Telegram and Zalo sign every update, so their user ids are
 * proven; the web chat's identity is only a browser cookie, so a web "officer" would be whoever holds
 * the cookie (or, before cookies, whoever typed the name). Officers act on the web only once it has a
 * real login. The terminal (`cli`) is used by someone who already holds the store on disk; a stored
 * cli officer record is allowed there, but config refuses cli: in ADMIN_IDS (see config.ts).
 */
import type { ChannelName } from '../store/types.js';

export function canActAsOfficer(channel: ChannelName): boolean {
  return channel !== 'web';
}
