/**
 * Every button action the bot builds has one codec and one owner: the codec reads back what it
 * wrote, the handler that declares the action's name answers it, and that holds whatever the
 * order of the handler list (checked with the list reversed, through the real router and store).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.js';
import {
  announceAction,
  mySubscriptionsAction,
  subscribeAction,
  subscribeProvinceAction,
  subscribeToAction,
  subscribeTopicAction,
  unsubscribeAction,
  unsubscribeAllAction,
} from '../../src/broadcast/actions.js';
import { browseAction, itemAction } from '../../src/content/actions.js';
import type { IncomingMessage } from '../../src/conversation/incoming.js';
import { createConversationService } from '../../src/conversation/router.js';
import type { ConversationService } from '../../src/conversation/service.js';
import {
  cancelAction,
  confirmAction,
  editAction,
  enrollAction,
  eraseAction,
  eraseConfirmAction,
  exportAction,
  exportAllAction,
  myEnrollmentsAction,
  phoneConsentAction,
  provinceAction,
  skipAction,
  statsAction,
  unenrollAction,
  unenrollConfirmAction,
} from '../../src/enrollment/actions.js';
import { handoffAction, handoffEndAction, ticketCloseAction } from '../../src/handoff/replies.js';
import type { ActionCodec } from '../../src/replies/actions.js';
import { contactAction, helpAction, MAIN_MENU, menuAction, MENU_ROW } from '../../src/replies/menu.js';
import { QUICK_REPLY } from '../../src/broadcast/message.js';
import type { Reply } from '../../src/replies/model.js';
import { defaultHandlers } from '../../handlers/index.js';
import { silentLogger, tempDir, testConfig, type TempDir } from '../support/harness.js';

/** Each codec, a value it carries, and the handler(s) that own its name. */
const CODECS: Array<[ActionCodec<any>, unknown, string[]]> = [
  [menuAction, true, ['menu']],
  [helpAction, true, ['menu']],
  [contactAction, true, ['menu']],
  [itemAction, 'course-may', ['item']],
  [browseAction, { kind: 'fair', provinceCode: '86' }, ['browse-course', 'browse-policy', 'browse-fair']],
  [enrollAction, 'course-may', ['enroll']],
  [provinceAction, '86', ['enroll']],
  [confirmAction, true, ['enroll']],
  [editAction, true, ['enroll']],
  [skipAction, true, ['enroll']],
  [cancelAction, true, ['enroll']],
  [myEnrollmentsAction, true, ['my-enrollments']],
  [unenrollAction, 'E1', ['my-enrollments']],
  [unenrollConfirmAction, 'E1', ['my-enrollments']],
  [eraseAction, true, ['my-enrollments']],
  [eraseConfirmAction, true, ['my-enrollments']],
  [phoneConsentAction, 'E1', ['phone-consent']],
  [exportAction, 'course-may', ['officer-enrollments']],
  [exportAllAction, true, ['officer-enrollments']],
  [statsAction, true, ['officer-enrollments']],
  [subscribeAction, true, ['subscriptions']],
  [mySubscriptionsAction, true, ['subscriptions']],
  [subscribeTopicAction, 'fair', ['subscriptions']],
  [subscribeProvinceAction, '*', ['subscriptions']],
  [subscribeToAction, { topic: 'fair', provinceCode: '86' }, ['subscriptions']],
  [unsubscribeAllAction, true, ['subscriptions']],
  [unsubscribeAction, { topic: 'plan' }, ['subscriptions']],
  [announceAction, 'send', ['officer-announcements']],
  [handoffAction, true, ['handoff']],
  [handoffEndAction, true, ['handoff']],
  [ticketCloseAction, 'AB12', ['handoff']],
];

function owners(name: string): string[] {
  return defaultHandlers()
    .filter((h) => h.actions?.includes(name))
    .map((h) => h.name);
}

describe('action codecs and their owners', () => {
  it.each(CODECS.map(([codec, value, owner]) => [codec.name, codec, value, owner] as const))('%s round-trips and has its owner', (_name, codec, value, owner) => {
    const action = codec.encode(value);
    expect(action).toBeDefined();
    expect(codec.decode(action)).toEqual(value);
    expect(owners(codec.name)).toEqual(owner);
  });

  it('the fixed buttons (main menu, menu row, quick reply) are all owned', () => {
    const fixed = [...MAIN_MENU.flat(), ...MENU_ROW, QUICK_REPLY];
    for (const b of fixed) expect(owners(b.action.split(':')[0]!), b.action).not.toEqual([]);
  });

  it('an argument that does not read is not the action', () => {
    expect(subscribeTopicAction.decode('subt:weather')).toBeUndefined();
    expect(subscribeToAction.decode('sub:fair:99')).toBeUndefined();
    expect(unsubscribeAction.decode('unsub:fair:99')).toBeUndefined();
    expect(unsubscribeAllAction.decode('unsub:fair')).toBeUndefined();
    expect(browseAction.decode('browse:weather')).toBeUndefined();
    expect(announceAction.decode('ann:later')).toBeUndefined();
    expect(exportAllAction.decode('export:course-may')).toBeUndefined();
  });
});

describe('routing by owner, whatever the order of the handler list', () => {
  let dir: TempDir;
  let core: Core;
  let service: ConversationService;
  beforeEach(async () => {
    dir = tempDir('nghebot-owners-');
    const config = testConfig({ DATA_DIR: dir.dir, FLOOD_LIMIT: '100000' });
    core = await createCore(config, { seed: true, logger: silentLogger() });
    service = createConversationService({
      store: core.store,
      engine: core.engine,
      config,
      logger: silentLogger(),
      notifier: { notify: async () => undefined },
      handlers: defaultHandlers().reverse(),
      now: () => new Date('2026-06-01T03:00:00Z'),
    });
  });
  afterEach(async () => {
    await core.close();
    dir.cleanup();
  });

  const tap = async (action: string): Promise<string> => {
    const msg: IncomingMessage = { channel: 'cli', userId: 'u1', kind: 'action', action, receivedAt: new Date() };
    return (await service.handle(msg)).map((r: Reply) => r.text).join('\n');
  };

  it('each button is answered by the feature that built it', async () => {
    expect(await tap(helpAction.encode(true)!)).toContain('Bạn có thể hỏi');
    expect(await tap(subscribeAction.encode(true)!)).toContain('Bạn muốn nhận tin về gì');
    expect(await tap(subscribeTopicAction.encode('fair')!)).toContain('ở tỉnh, thành nào');
    expect(await tap(mySubscriptionsAction.encode(true)!)).toContain('chưa đăng ký nhận tin nào');
    expect(await tap(myEnrollmentsAction.encode(true)!)).toContain('chưa đăng ký lớp nào');
    expect(await tap(statsAction.encode(true)!)).toContain('chỉ dành cho cán bộ');
    expect(await tap(announceAction.encode('send')!)).toContain('chỉ dành cho cán bộ');
    expect(await tap(eraseAction.encode(true)!)).toContain('Bạn muốn xóa họ tên');
  });
});
