/** The web chat channel's public surface. */
export { createWebChannel, type WebChannel, type WebChannelDeps } from './channel.js';
export { createWebInbox, inboxKey, type WebInbox } from './inbox.js';
export type { WebReply } from './wire.js';
