/**
 * The step tables of the subscription and my-enrolments dialogs, one step at a time over a real
 * embedded store: what each step does with an answer, what it remembers for the next, and a stored
 * state that does not read back. Also the shared dialog state reader they are built on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dialogTable } from '../../src/conversation/dialog-state.js';
import type { DialogState, TurnContext } from '../../src/conversation/handler.js';
import type { Enrollment } from '../../src/store/types.js';
import { resolveProvinceName } from '../../src/text/provinces.js';
import { continueSubscriptionDialog, SUBSCRIPTION_STEPS, readWanted } from '../../handlers/subscriptions/steps.js';
import { subscriptionsDialog } from '../../handlers/subscriptions/state.js';
import { answerQuestion, askCancel, myEnrollmentsDialog } from '../../handlers/my-enrollments/steps.js';
import { tempStore, testConfig, type TempStore } from '../support/harness.js';

const VINH_LONG = resolveProvinceName('Vĩnh Long')!.code;
const at = '2026-06-01T03:00:00.000Z';
const user = { channel: 'cli' as const, userId: 'u1' };

let temp: TempStore;
beforeEach(async () => {
  temp = await tempStore('nghebot-dialog-steps-');
});
afterEach(async () => {
  await temp.cleanup();
});

/** A turn as a step sees it: the real store, the dialog in memory (as the router keeps it until it writes). */
function turn(text: string, dialog?: Omit<DialogState, 'updatedAt'>): TurnContext & { saved: () => DialogState | undefined } {
  let state: DialogState | undefined = dialog ? { ...dialog, updatedAt: at } : undefined;
  const ctx = {
    msg: { channel: user.channel, userId: user.userId, kind: 'text', text, receivedAt: new Date(at) },
    user,
    store: temp.store,
    config: testConfig(),
    now: new Date(at),
    today: '2026-06-01',
    intent: 'ask',
    dialog: state,
    setDialog(next: Omit<DialogState, 'updatedAt'> | undefined) {
      state = next ? { ...next, updatedAt: at } : undefined;
      ctx.dialog = state;
    },
    saved: () => state,
  };
  return ctx as unknown as TurnContext & { saved: () => DialogState | undefined };
}

const subs = async () => (await temp.store.listSubscriptions(user)).map((s) => `${s.topic}:${s.provinceCode}`).sort();

describe('dialog state', () => {
  const table = dialogTable('demo', ['one', 'two'], z.object({ n: z.number() }));

  it('reads back its own state, marks an unreadable one, and ignores other dialogs', () => {
    expect(table.read({ dialog: 'demo', step: 'two', data: { n: 2 }, updatedAt: at })).toEqual({ step: 'two', data: { n: 2 } });
    expect(table.read({ dialog: 'demo', step: 'three', data: { n: 2 }, updatedAt: at })).toEqual({ invalid: true });
    expect(table.read({ dialog: 'demo', step: 'one', data: { n: 'x' }, updatedAt: at })).toEqual({ invalid: true });
    expect(table.open({ dialog: 'demo', step: 'one', data: { n: 'x' }, updatedAt: at })).toBeUndefined();
    expect(table.read({ dialog: 'other', step: 'one', data: { n: 1 }, updatedAt: at })).toBeUndefined();
  });

  it('closes only itself', () => {
    const ctx = turn('x', { dialog: 'other', step: 'a', data: {} });
    table.close(ctx);
    expect(ctx.saved()?.dialog).toBe('other');
    table.set(ctx, 'one', { n: 1 });
    table.close(ctx);
    expect(ctx.saved()).toBeUndefined();
  });
});

describe('subscription steps', () => {
  it('topic step: a topic with the provinces remembered subscribes at once', async () => {
    const ctx = turn('hội chợ', { dialog: 'subscriptions', step: 'topic', data: { provinceCodes: [VINH_LONG] } });
    const reply = await SUBSCRIPTION_STEPS.topic({ ctx, text: 'hội chợ', topics: [], provinceCodes: [VINH_LONG], wanted: readWanted(ctx, 'hội chợ'), unclear: true });
    expect(reply?.text).toContain('Đã đăng ký nhận tin');
    expect(await subs()).toEqual([`fair:${VINH_LONG}`]);
    expect(ctx.saved()).toBeUndefined();
  });

  it('topic step: a topic without a province asks for one and remembers the topic', async () => {
    const ctx = turn('chính sách', { dialog: 'subscriptions', step: 'topic', data: {} });
    const reply = await SUBSCRIPTION_STEPS.topic({ ctx, text: 'chính sách', topics: [], provinceCodes: [], wanted: readWanted(ctx, 'chính sách'), unclear: true });
    expect(reply?.text).toContain('ở tỉnh, thành nào');
    expect(subscriptionsDialog.open(ctx.saved())).toEqual({ step: 'province', data: { topics: ['policy'] } });
  });

  it('province step: a former province name subscribes to the province it now belongs to, and says so', async () => {
    const ctx = turn('Bến Tre', { dialog: 'subscriptions', step: 'province', data: { topics: ['fair'] } });
    const [reply] = (await continueSubscriptionDialog(ctx, 'Bến Tre'))!;
    expect(reply!.text).toContain('Bến Tre nay thuộc Vĩnh Long');
    expect(await subs()).toEqual([`fair:${VINH_LONG}`]);
  });

  it('province step: a short unknown answer is asked again; a long one leaves the dialog', async () => {
    const ctx = turn('Xyz', { dialog: 'subscriptions', step: 'province', data: { topics: ['fair'] } });
    expect(textOf(await continueSubscriptionDialog(ctx, 'Xyz'))).toContain('chưa nhận ra tỉnh "Xyz"');
    expect(ctx.saved()?.step).toBe('province');
    const long = 'cho mình hỏi học phí lớp hàn là bao nhiêu vậy';
    expect(await continueSubscriptionDialog(turn(long, ctx.saved()), long)).toBeUndefined();
  });

  it('"thôi" stops the dialog (the shared stop words); a stored state that does not read back is dropped', async () => {
    const ctx = turn('thôi', { dialog: 'subscriptions', step: 'topic', data: {} });
    expect(textOf(await continueSubscriptionDialog(ctx, 'thôi'))).toContain('mình dừng việc đăng ký nhận tin');
    expect(ctx.saved()).toBeUndefined();
    const damaged = turn('hội chợ', { dialog: 'subscriptions', step: 'topic', data: { provinceCodes: ['99'] } });
    expect(await continueSubscriptionDialog(damaged, 'hội chợ')).toBeUndefined();
    expect(damaged.saved()).toBeUndefined();
    expect(await subs()).toEqual([]);
  });
});

describe('my-enrolments steps', () => {
  const enrollment = (): Enrollment =>
    ({ id: 'E1', courseId: 'course-x', status: 'enrolled', channel: user.channel, userId: user.userId, fullName: 'An', phone: '0912345678', provinceCode: VINH_LONG, createdAt: at }) as Enrollment;

  it('asking to cancel remembers which enrolment, checked when read back', async () => {
    const ctx = turn('hủy đăng ký');
    const [reply] = await askCancel(ctx, enrollment());
    expect(reply!.text).toContain('Bạn chắc chắn muốn hủy đăng ký');
    expect(reply!.buttons!.flat().map((b) => b.action)).toEqual(['unenroll-ok:E1', 'cancel']);
    expect(myEnrollmentsDialog.open(ctx.saved())).toEqual({ step: 'cancel', data: { enrollmentId: 'E1' } });
  });

  it('"không" keeps things; "có" goes ahead (only with the person\'s own enrolment); anything else drops the question', async () => {
    const open = { dialog: 'my-enrollments', step: 'cancel', data: { enrollmentId: 'E1' } };
    const no = turn('không', open);
    expect(textOf(await answerQuestion(no, 'không'))).toContain('giữ nguyên');
    expect(no.saved()).toBeUndefined();
    const yes = turn('có', open);
    expect(textOf(await answerQuestion(yes, 'có'))).toContain('không tìm thấy đăng ký này'); // E1 is nobody's here
    expect(yes.saved()).toBeUndefined();
    const other = turn('lớp hàn ở đâu', open);
    expect(await answerQuestion(other, 'lớp hàn ở đâu')).toBeUndefined();
    expect(other.saved()).toBeUndefined();
  });

  it('a cancel step whose state lacks the enrolment is not confirmed blindly', async () => {
    const ctx = turn('có', { dialog: 'my-enrollments', step: 'cancel', data: {} });
    expect(await answerQuestion(ctx, 'có')).toBeUndefined();
    expect(ctx.saved()).toBeUndefined();
  });
});

function textOf(replies: Array<{ text: string }> | undefined): string {
  return (replies ?? []).map((r) => r.text).join('\n');
}
