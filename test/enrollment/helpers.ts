/**
 * Shared set-up for the enrolment tests: a real core (embedded store, engine, handlers) on a temp
 * DATA_DIR seeded with the fixture courses, and a conversation service whose notifier records
 * what would have been pushed to other users (officers, people moved up from a waiting list).
 */
import { join } from 'node:path';
import { createCore, type Core } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Notifier } from '../../src/conversation/handler.js';
import type { IncomingMessage } from '../../src/conversation/incoming.js';
import { createConversationService } from '../../src/conversation/router.js';
import type { ConversationService } from '../../src/conversation/service.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Reply } from '../../src/replies/model.js';
import type { UserKey } from '../../src/store/types.js';
import { defaultHandlers } from '../../handlers/index.js';
import { directRecipient } from '../../src/broadcast/audience.js';
import { NOTIFICATION_CREATOR } from '../../src/broadcast/notifier.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const OFFICER = 'officer1';

export class RecordingNotifier implements Notifier {
  readonly sent: Array<{ to: UserKey; reply: Reply }> = [];
  async notify(to: UserKey, reply: Reply): Promise<void> {
    this.sent.push({ to, reply });
  }
  to(userId: string): Reply[] {
    return this.sent.filter((s) => s.to.userId === userId).map((s) => s.reply);
  }
}

export interface TestBot {
  core: Core;
  service: ConversationService;
  notifier: RecordingNotifier;
  /**
   * Everything queued for other users, oldest first: the notifications the store wrote with an
   * enrolment change (officers' alerts, a promotion) and whatever went through the notifier.
   * After forgetSent(), only what came later.
   */
  sent(): Promise<Array<{ to: UserKey; reply: Reply }>>;
  sentTo(userId: string): Promise<Reply[]>;
  forgetSent(): Promise<void>;
  /** Sends one message from a CLI user (the officer: from Telegram) and returns the replies. */
  say(userId: string, input: string | Partial<IncomingMessage>): Promise<Reply[]>;
  /** Current clock; tests may move it forward. */
  clock: { now: Date };
  close(): Promise<void>;
}

/** `store` adds to the environment, e.g. MONGODB_URI (see test/store/support/test-store.ts). */
export function testConfig(dataDir: string, store: Record<string, string> = {}) {
  return loadConfig({
    ...store,
    DATA_DIR: dataDir,
    CONTENT_DIR: FIXTURES,
    SEED_CONTENT: '1',
    // Officers in ADMIN_IDS are Telegram or Zalo users; say() sends the officer's messages from Telegram.
    ADMIN_IDS: `telegram:${OFFICER}`,
    LOG_LEVEL: 'silent',
    // Tests type faster than any person: the flood guard is not what is under test here.
    FLOOD_LIMIT: '100000',
  });
}

export async function openBot(dataDir: string, store: Record<string, string> = {}): Promise<TestBot> {
  const config = testConfig(dataDir, store);
  const logger = createLogger('silent');
  const core = await createCore(config, { seed: true, logger });
  const notifier = new RecordingNotifier();
  const clock = { now: new Date() };
  const service = createConversationService({
    store: core.store,
    engine: core.engine,
    config,
    logger,
    notifier,
    handlers: defaultHandlers(),
    now: () => clock.now,
  });
  let forgotten = 0;
  const all = async () => {
    const stored = (await core.store.listAnnouncements())
      .filter((a) => a.createdBy === NOTIFICATION_CREATOR)
      .map((a) => ({ to: directRecipient(a)!, reply: { text: a.text } as Reply }));
    return [...stored, ...notifier.sent];
  };
  const sent = async () => (await all()).slice(forgotten);
  return {
    core,
    service,
    notifier,
    sent,
    sentTo: async (userId) => (await sent()).filter((s) => s.to.userId === userId).map((s) => s.reply),
    forgetSent: async () => {
      forgotten = (await all()).length;
    },
    clock,
    say(userId, input) {
      const channel = userId === OFFICER ? 'telegram' : 'cli';
      const msg: IncomingMessage =
        typeof input === 'string'
          ? { channel, userId, kind: 'text', text: input, receivedAt: clock.now }
          : { channel, userId, kind: 'text', receivedAt: clock.now, ...input };
      return service.handle(msg);
    },
    close: () => core.close(),
  };
}

export const tap = (action: string): Partial<IncomingMessage> => ({ kind: 'action', action });

/** All text of the replies, joined, for assertions. */
export const textOf = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

/** Every button action in the replies. */
export const actionsOf = (replies: Reply[]) => replies.flatMap((r) => (r.buttons ?? []).flat().map((b) => b.action));

/** Runs a whole enrolment for `userId` from the course button to "đồng ý"; returns the last replies. */
export async function enrol(
  bot: TestBot,
  userId: string,
  courseId: string,
  person: { name: string; phone: string; province?: string; commune?: string },
): Promise<Reply[]> {
  let r = await bot.say(userId, tap(`enroll:${courseId}`));
  if (actionsOf(r).includes('confirm')) r = await bot.say(userId, 'có'); // full: join the waiting list
  await bot.say(userId, person.name);
  await bot.say(userId, person.phone);
  await bot.say(userId, person.province ?? 'Vĩnh Long');
  await bot.say(userId, person.commune ?? 'bỏ qua');
  return bot.say(userId, 'đồng ý');
}
