/**
 * Fixtures for the hand-off and unanswered-questions tests: the real core over the mini pack, and
 * readers for the notifications it queued in the outbox (one-recipient announcements).
 */
import { importPaths } from '../../src/content/import.js';
import type { BroadcastAnnouncement } from '../../src/broadcast/audience.js';
import type { Reply } from '../../src/replies/model.js';
import type { ChannelName, UserKey } from '../../src/store/types.js';
import { FIXTURE_PACK, openTestCore, type TestCore } from '../broadcast/helpers.js';

export const OFFICER: UserKey = { channel: 'telegram', userId: '900' };

export async function openHandoffCore(env: Record<string, string> = {}): Promise<TestCore & { turn(user: UserKey, msg: Record<string, unknown>): Promise<Reply[]> }> {
  const t = await openTestCore({ ADMIN_IDS: 'telegram:900', OFFICE_DAYS: '0-6', OFFICE_HOURS: '0:00-24:00', ...env });
  await importPaths(t.core.store, [FIXTURE_PACK]);
  await t.core.engine.refresh(true);
  return {
    ...t,
    turn: (user, msg) => t.core.service.handle({ channel: user.channel, userId: user.userId, receivedAt: new Date(), kind: 'text', ...msg } as never),
  };
}

/** Texts of the notifications queued for `to`, oldest first (the store lists by sequence). */
export async function noticesFor(t: TestCore, to: UserKey | { channel: ChannelName; userId: string }): Promise<string[]> {
  const all = (await t.core.store.listAnnouncements()) as BroadcastAnnouncement[];
  return all
    .filter((a) => a.recipient?.channel === to.channel && a.recipient.userId === to.userId)
    .map((a) => a.reply?.text ?? a.text);
}
