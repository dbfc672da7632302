/**
 * Subscribing and unsubscribing through the real conversation service (router, default handler
 * chain, embedded store): the menu flow, free text with old province names, STOP, the list, and
 * who findSubscribers then yields.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveProvinceName } from '../../src/text/provinces.js';
import type { Store } from '../../src/store/ports.js';
import { actionsOf, collect, openTestCore, textOf, type TestCore } from './helpers.js';

const VINH_LONG = resolveProvinceName('Vĩnh Long')!.code;
const AN_GIANG = resolveProvinceName('An Giang')!.code;

let t: TestCore;
let store: Store;
beforeEach(async () => {
  t = await openTestCore();
  store = t.core.store;
});
afterEach(async () => {
  await t.close();
});

const subs = async (userId: string) =>
  (await store.listSubscriptions({ channel: 'telegram', userId })).map((s) => `${s.topic}:${s.provinceCode}`).sort();
const fairSubscribers = async (provinceCodes: string[]) =>
  (await collect(store.findSubscribers({ topics: ['fair'], provinceCodes, channels: [] }))).map((k) => k.userId).sort();

describe('subscriptions', () => {
  it('a web visitor leaves no user row until something needs one (a subscription)', async () => {
    const web = { channel: 'web' as const, userId: 'w0123456789abcdef0123456789abcdef' };
    await t.core.service.handle({ ...web, kind: 'start', receivedAt: new Date() });
    await t.say(web.userId, 'có lớp học nào không', 'web');
    expect(await store.getUser(web)).toBeUndefined();
    await t.tap(web.userId, 'sub:fair:*', 'web');
    expect(await store.getUser(web)).toMatchObject({ active: true });
    expect(await fairSubscribers([VINH_LONG])).toEqual([web.userId]);
  });

  it('the confirmation states the quiet hours as configured, not a fixed 21–6', async () => {
    expect(textOf(await t.tap('u1', 'sub:fair:*'))).toContain('không nhắn từ 21 giờ đến 6 giờ sáng');
    const other = await openTestCore({ QUIET_HOURS: '22-5' });
    try {
      const text = textOf(await other.tap('u1', 'sub:fair:*'));
      expect(text).toContain('không nhắn từ 22 giờ đến 5 giờ sáng');
      expect(text).not.toContain('21 giờ');
    } finally {
      await other.close();
    }
  });

  it('menu: 🔔 → topic → province typed with its old name → subscribed to the new province', async () => {
    let r = await t.tap('u1', 'subscribe');
    expect(actionsOf(r)).toEqual(expect.arrayContaining(['subt:course', 'subt:fair', 'subt:policy', 'subt:plan']));
    r = await t.tap('u1', 'subt:fair');
    expect(textOf(r)).toContain('tỉnh, thành nào');
    expect(actionsOf(r)).toContain('sub:fair:*');
    r = await t.say('u1', 'Bến Tre');
    expect(textOf(r)).toContain('Đã đăng ký nhận tin');
    expect(textOf(r)).toContain('Vĩnh Long');
    expect(textOf(r)).toContain('Bến Tre nay thuộc Vĩnh Long');
    expect(await subs('u1')).toEqual([`fair:${VINH_LONG}`]);
    // The dialog is closed: the next message is an ordinary one.
    expect(await store.getConversation({ channel: 'telegram', userId: 'u1' })).toBeUndefined();
  });

  it('menu: "Toàn quốc" subscribes to every province', async () => {
    await t.tap('u1', 'subt:course');
    const r = await t.tap('u1', 'sub:course:*');
    expect(textOf(r)).toContain('toàn quốc');
    expect(await subs('u1')).toEqual(['course:*']);
  });

  it('free text without accents: "dang ky nhan tin hoi cho vinh long"', async () => {
    const r = await t.say('u1', 'dang ky nhan tin hoi cho vinh long');
    expect(textOf(r)).toContain('Hội chợ, triển lãm – Vĩnh Long');
    expect(await subs('u1')).toEqual([`fair:${VINH_LONG}`]);
  });

  it('free text with an old province name: Kiên Giang is now An Giang', async () => {
    await t.say('u2', 'Đăng ký nhận tin khóa học Kiên Giang');
    expect(await subs('u2')).toEqual([`course:${AN_GIANG}`]);
  });

  it('asks what is missing: the province, then the topic', async () => {
    let r = await t.say('u1', 'đăng ký nhận tin khóa học');
    expect(textOf(r)).toContain('tỉnh, thành nào');
    r = await t.say('u1', 'xyz');
    expect(textOf(r)).toContain('chưa nhận ra tỉnh');
    r = await t.say('u1', 'toàn quốc');
    expect(await subs('u1')).toEqual(['course:*']);

    r = await t.say('u3', 'đăng ký nhận tin');
    expect(actionsOf(r)).toContain('subt:policy');
    r = await t.tap('u3', 'subt:policy');
    r = await t.say('u3', 'tỉnh An Giang');
    expect(await subs('u3')).toEqual([`policy:${AN_GIANG}`]);
  });

  it('a question during the province step leaves the dialog and is answered normally', async () => {
    await t.tap('u1', 'subt:fair');
    await t.say('u1', 'cho mình hỏi có lớp học hàn điện nào đang mở không vậy');
    expect(await store.getConversation({ channel: 'telegram', userId: 'u1' })).toBeUndefined();
    expect(await subs('u1')).toEqual([]);
  });

  it('the item button sub:<topic>:<province> subscribes at once; a forged one is refused', async () => {
    await t.tap('u1', `sub:fair:${VINH_LONG}`);
    expect(await subs('u1')).toEqual([`fair:${VINH_LONG}`]);
    const r = await t.tap('u1', 'sub:fair:99');
    expect(textOf(r)).toContain('không còn dùng được');
    await t.tap('u1', 'sub:weather:*');
    expect(await subs('u1')).toEqual([`fair:${VINH_LONG}`]);
  });

  it('"tin đã đăng ký" lists them, "hủy nhận tin hội chợ" removes one topic, STOP removes everything', async () => {
    await t.say('u1', 'đăng ký nhận tin hội chợ Vĩnh Long');
    await t.say('u1', 'đăng ký nhận tin chính sách toàn quốc');
    let r = await t.say('u1', 'tin đã đăng ký');
    expect(textOf(r)).toContain('Hội chợ, triển lãm – Vĩnh Long');
    expect(textOf(r)).toContain('Chính sách hỗ trợ – toàn quốc');
    expect(actionsOf(r)).toContain(`unsub:fair:${VINH_LONG}`);

    r = await t.say('u1', 'hủy nhận tin hội chợ');
    expect(textOf(r)).toContain('Đã hủy nhận tin hội chợ');
    expect(await subs('u1')).toEqual(['policy:*']);

    r = await t.say('u1', 'STOP');
    expect(textOf(r)).toContain('Đã hủy tất cả');
    expect(await subs('u1')).toEqual([]);
    r = await t.say('u1', 'hủy nhận tin');
    expect(textOf(r)).toContain('chưa đăng ký nhận tin nào');
  });

  it('findSubscribers: matching province or nationwide, active users only; STOP and blocks drop out', async () => {
    await t.say('vl', 'đăng ký nhận tin hội chợ Vĩnh Long');
    await t.say('ag', 'đăng ký nhận tin hội chợ An Giang');
    await t.say('all', 'đăng ký nhận tin hội chợ toàn quốc');
    await t.say('stop', 'đăng ký nhận tin hội chợ Bến Tre');
    await t.say('blocked', 'dang ky nhan tin hoi cho vinh long');
    expect(await fairSubscribers([VINH_LONG])).toEqual(['all', 'blocked', 'stop', 'vl']);

    await t.say('stop', 'STOP');
    // What the Telegram channel records when the user blocks the bot (my_chat_member kicked).
    await store.setUserActive({ channel: 'telegram', userId: 'blocked' }, false, 'blocked');
    expect(await fairSubscribers([VINH_LONG])).toEqual(['all', 'vl']);
    expect(await fairSubscribers([AN_GIANG])).toEqual(['ag', 'all']);

    // Unblocking (or /start) makes them reachable again, subscriptions intact.
    await store.setUserActive({ channel: 'telegram', userId: 'blocked' }, true);
    expect(await fairSubscribers([VINH_LONG])).toEqual(['all', 'blocked', 'vl']);
  });

  it('an unfollow event through the router makes the user unreachable', async () => {
    await t.say('z1', 'dang ky nhan tin hoi cho vinh long', 'zalo');
    await t.core.service.handle({ channel: 'zalo', userId: 'z1', kind: 'unfollow', receivedAt: new Date() });
    expect(await collect(store.findSubscribers({ topics: ['fair'], provinceCodes: [VINH_LONG], channels: ['zalo'] }))).toEqual([]);
  });

  it('the notifier queues a direct message in the store instead of sending it', async () => {
    await t.core.notifier.notify({ channel: 'telegram', userId: '42' }, { text: 'Bạn đã có chỗ trong lớp hàn.', buttons: [[{ label: 'Xem', action: 'item:x' }]] });
    const [a] = await store.listAnnouncements({ status: 'scheduled' });
    expect(a).toMatchObject({ text: 'Bạn đã có chỗ trong lớp hàn.', channels: ['telegram'], recipient: { channel: 'telegram', userId: '42' } });
  });
});
