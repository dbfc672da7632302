/**
 * Unanswered questions through the real conversation service and engine: recorded masked, grouped,
 * filtered; attached to an item, answered from then on, kept across re-imports of the same item;
 * the people who asked told once.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/content/import.js';
import type { UserKey } from '../../src/store/types.js';
import { UnansweredService } from '../../src/unanswered/service.js';
import { FIXTURE_PACK, textOf } from '../broadcast/helpers.js';
import { noticesFor, openHandoffCore } from '../handoff/helpers.js';

type Core = Awaited<ReturnType<typeof openHandoffCore>>;
let t: Core;
let service: UnansweredService;
const ann: UserKey = { channel: 'web', userId: 'ann' };
const ba: UserKey = { channel: 'zalo', userId: 'ba' };
const BEES = 'có lớp nuôi ong lấy mật không';
const ITEM = 'faq-thu-tuc-dang-ky';

beforeEach(async () => {
  t = await openHandoffCore();
  service = new UnansweredService({ store: t.core.store, engine: t.core.engine });
});
afterEach(async () => {
  await t.close();
});

const say = (user: UserKey, text: string) => t.turn(user, { kind: 'text', text });
const topIds = async (q: string) => (await t.core.engine.ask(q)).results.map((r) => r.id);

describe('recording', () => {
  it('records questions without an answer, masked, grouped by similarity, most asked first', async () => {
    await say(ann, `${BEES}, em tên là Nguyễn Văn An, gọi em số 0912 345 678`);
    await say(ba, 'nuoi ong lay mat o dau hoc');
    await say(ba, 'lớp hàn ở Hà Nội');
    await say(ann, 'lớp hàn điện'); // answered: not recorded

    const groups = await service.list();
    expect(groups.map((g) => g.count)).toEqual([2, 1]);
    const bees = groups[0]!;
    expect(bees.examples).toEqual(['nuoi ong lay mat o dau hoc', `${BEES}, em tên là ***, gọi em số ***`]);
    const stored = JSON.stringify(await t.core.store.unanswered.listOccurrences());
    expect(stored).not.toMatch(/An|345|0912/);

    // The unanswered offer "Có phải bạn hỏi…" lists its candidates as likely items.
    const hanoi = groups[1]!;
    expect(hanoi.likely.map((l) => l.id)).toContain('course-han-dien');
    expect(hanoi.provinceCodes).toEqual(['01']);
    expect((await service.list({ provinceCode: '01' })).map((g) => g.id)).toEqual([hanoi.id]);
    expect(await service.list({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
  });

  it('an offer the user takes is not an unanswered question', async () => {
    await say(ann, 'lớp hàn ở Hà Nội');
    expect((await service.list()).length).toBe(1);
    await t.turn(ann, { kind: 'action', action: 'item:course-han-dien' });
    expect(await service.list()).toEqual([]);
  });
});

describe('attaching a group to an item', () => {
  it('the engine answers the phrasings with the item from the next question on, and each asker is told once', async () => {
    await say(ann, BEES);
    await say(ba, 'nuoi ong lay mat o dau hoc');
    expect(await topIds(BEES)).toEqual([]);
    const [group] = await service.list();

    const outcome = await service.attach(group!.id, ITEM);
    expect(outcome).toMatchObject({ ok: true, notified: 2 });
    await t.core.engine.refresh(true);
    expect((await topIds(BEES))[0]).toBe(ITEM);
    expect((await topIds('nuôi ong lấy mật ở đâu học'))[0]).toBe(ITEM);
    expect(await service.list()).toEqual([]);
    expect((await service.list({ status: 'attached' }))[0]).toMatchObject({ id: group!.id, itemId: ITEM });

    expect(await noticesFor(t, ann)).toEqual([`Câu hỏi của bạn hôm trước đã có câu trả lời: “${BEES}”\n👉 Đăng ký học nghề như thế nào?`]);
    // Running attach again (as after a crash) neither duplicates phrasings nor tells anyone twice.
    expect(await service.attach(group!.id, ITEM)).toMatchObject({ ok: true, notified: 0 });
    expect((await noticesFor(t, ba)).length).toBe(1);
    expect((await t.core.store.unanswered.getLearned(ITEM))?.phrasings).toEqual(['nuoi ong lay mat o dau hoc', BEES]);
    expect(await service.attach(group!.id, 'policy-vay-von')).toEqual({ ok: false, reason: 'closed' });
  });

  it('phrasings survive a re-import of the same item, and go when the file changes its keywords', async () => {
    await say(ann, BEES);
    const [group] = await service.list();
    await service.attach(group!.id, ITEM);

    await importPaths(t.core.store, [FIXTURE_PACK]);
    await t.core.engine.refresh(true);
    expect((await topIds(BEES))[0]).toBe(ITEM);

    const changed = join(t.dir, 'changed.yaml');
    writeFileSync(changed, readFileSync(FIXTURE_PACK, 'utf8').replace('  title: Đăng ký học nghề như thế nào?', '  title: Đăng ký học nghề như thế nào?\n  keywords: [thủ tục đăng ký]'));
    await importPaths(t.core.store, [changed]);
    await t.core.engine.refresh(true);
    expect(await topIds(BEES)).toEqual([]);
    expect((await t.core.store.getItem(ITEM))?.keywords).toEqual(['thủ tục đăng ký']);
  });

  it('an officer can answer a group with a new FAQ item', async () => {
    await say(ann, BEES);
    const [group] = await service.list();
    const outcome = await service.answerWithNewItem(group!.id, { title: 'Có lớp nuôi ong lấy mật không?', summary: 'Hiện chưa có lớp; xã sẽ mở khi đủ 20 người đăng ký.' });
    expect(outcome).toMatchObject({ ok: true, itemId: `faq-${group!.id}`, notified: 1 });
    await t.core.engine.refresh(true);
    expect((await topIds(BEES))[0]).toBe(`faq-${group!.id}`);
    expect(textOf(await say(ba, 'nuôi ong lấy mật'))).toContain('Hiện chưa có lớp');
  });

  it('dismissing drops the group; unknown groups and items are refused', async () => {
    await say(ann, BEES);
    const [group] = await service.list();
    expect(await service.attach('nope', ITEM)).toEqual({ ok: false, reason: 'no-group' });
    expect(await service.attach(group!.id, 'no-such-item')).toEqual({ ok: false, reason: 'no-item' });
    expect(await service.dismiss(group!.id)).toBe(true);
    expect(await service.list()).toEqual([]);
    expect(await noticesFor(t, ann)).toEqual([]);
  });
});
