/**
 * The conversation router on its own, with scripted handlers over a real embedded store and a real
 * (empty) engine: who is asked first, what is written before the replies go out, what a turn
 * writes and reads, and the replies of the router itself (flood, stale buttons, long messages).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerEngine } from '../../src/engine/engine.js';
import type { DialogState, Handler, TurnContext } from '../../src/conversation/handler.js';
import type { IncomingMessage } from '../../src/conversation/incoming.js';
import { createConversationService, DIALOG_TTL_MS, LAST_SEEN_EVERY_MS, MAX_TEXT_CHARS } from '../../src/conversation/router.js';
import type { Reply } from '../../src/replies/model.js';
import { askHandler } from '../../handlers/ask.js';
import type { Store } from '../../src/store/ports.js';
import { manualClock, silentLogger, tempStore, testConfig, type TempStore } from '../support/harness.js';

let temp: TempStore;
let store: Store;
let engine: AnswerEngine;
beforeEach(async () => {
  temp = await tempStore('nghebot-router-');
  store = temp.store;
  engine = new AnswerEngine(store);
  await engine.load();
});
afterEach(async () => {
  await engine.close();
  await temp.cleanup();
});

const notifier = { notify: async () => undefined };
const said = (text: string): Reply[] => [{ text }];

/** A handler answering `reply` when `when(ctx)` holds, recording the contexts it saw. */
function scripted(name: string, when: (ctx: TurnContext) => boolean, reply: (ctx: TurnContext) => Reply[] = () => said(name)) {
  const seen: TurnContext[] = [];
  const handler: Handler = {
    name,
    async handle(ctx) {
      seen.push(ctx);
      return when(ctx) ? reply(ctx) : undefined;
    },
  };
  return { handler, seen };
}

function service(handlers: Handler[], options: { clock?: ReturnType<typeof manualClock>; env?: Record<string, string> } = {}) {
  const clock = options.clock ?? manualClock();
  return createConversationService({ store, engine, config: testConfig(options.env), logger: silentLogger(), notifier, handlers, now: clock.now });
}

const text = (userId: string, t: string): IncomingMessage => ({ channel: 'telegram', userId, kind: 'text', text: t, receivedAt: new Date() });
const tap = (userId: string, action: string): IncomingMessage => ({ channel: 'telegram', userId, kind: 'action', action, receivedAt: new Date() });

describe('conversation router', () => {
  it('asks the handlers in order and the first that answers wins', async () => {
    const a = scripted('a', () => false);
    const b = scripted('b', () => true);
    const c = scripted('c', () => true);
    const r = await service([a.handler, b.handler, c.handler]).handle(text('u', 'xin chào'));
    expect(r).toEqual(said('b'));
    expect([a.seen.length, b.seen.length, c.seen.length]).toEqual([1, 1, 0]);
  });

  it('asks the owner of an open dialog first, wherever it is in the list', async () => {
    const opener = scripted('form', (ctx) => !ctx.dialog, (ctx) => {
      ctx.setDialog({ dialog: 'form', step: 'name', data: { n: 1 } });
      return said('opened');
    });
    const first = scripted('first', (ctx) => Boolean(ctx.dialog));
    const svc = service([first.handler, opener.handler]);
    // No dialog: the list order holds ("first" declines, the form opens).
    expect(await svc.handle(text('u', 'mở form'))).toEqual(said('opened'));
    // Dialog open: the form's owner is asked before "first" (which would answer).
    const owner = scripted('form', () => true, (ctx) => said(`step ${ctx.dialog?.step}`));
    expect(await service([first.handler, owner.handler]).handle(text('u', 'tiếp'))).toEqual(said('step name'));
    expect(first.seen).toHaveLength(1); // only the first turn
  });

  it('hands a pressed button to the handler owning its action, wherever it is in the list', async () => {
    const greedy = scripted('greedy', () => true);
    const owner = scripted('owner', () => true, (ctx) => said(`owner got ${ctx.msg.action}`));
    owner.handler.actions = ['pick'];
    const svc = service([greedy.handler, owner.handler]);
    expect(await svc.handle(tap('u', 'pick:42'))).toEqual(said('owner got pick:42'));
    expect(greedy.seen).toHaveLength(0);
    // Other buttons and text keep the list order.
    expect(await svc.handle(tap('u', 'other'))).toEqual(said('greedy'));
    expect(await svc.handle(text('u', 'pick'))).toEqual(said('greedy'));
  });

  it('writes the dialog state to the store before the replies are returned', async () => {
    const h = scripted('form', () => true, (ctx) => {
      ctx.setDialog({ dialog: 'form', step: 'phone', data: { name: 'An' } });
      return said('ok');
    });
    await service([h.handler]).handle(text('u', 'An'));
    const saved = await store.getConversation<DialogState>({ channel: 'telegram', userId: 'u' });
    expect(saved).toMatchObject({ dialog: 'form', step: 'phone', data: { name: 'An' } });
  });

  it('forgets a dialog left longer than its time to live (clock moved, no sleep)', async () => {
    const clock = manualClock();
    const steps: string[] = [];
    const h = scripted('form', () => true, (ctx) => {
      steps.push(ctx.dialog?.step ?? 'none');
      ctx.setDialog({ dialog: 'form', step: `after-${steps.length}`, data: {} });
      return said('ok');
    });
    const svc = service([h.handler], { clock });
    await svc.handle(text('u', 'bắt đầu'));
    clock.advance(DIALOG_TTL_MS - 1000);
    await svc.handle(text('u', 'vẫn đây'));
    clock.advance(DIALOG_TTL_MS + 1);
    await svc.handle(text('u', 'quay lại'));
    expect(steps).toEqual(['none', 'after-1', 'none']);
  });

  it('carries one reading of the text (intent and analysis) in the turn context', async () => {
    const h = scripted('x', () => true);
    const understand = vi.spyOn(engine, 'understand');
    await service([h.handler]).handle(text('u', 'đăng ký học may'));
    const ctx = h.seen[0]!;
    expect(ctx.intent).toBe('enroll');
    expect(ctx.understanding?.intent).toBe('enroll');
    expect(ctx.understanding?.analysis.folded).toContain('dang ky hoc may');
    expect(understand).toHaveBeenCalledTimes(1);
  });

  it('the question handler answers from the same reading, also with other turns in flight', async () => {
    const understand = vi.spyOn(engine, 'understand');
    const svc = service([askHandler]);
    await Promise.all([svc.handle(text('a', 'có lớp học hàn không')), svc.handle(text('b', 'hỗ trợ vay vốn'))]);
    expect(understand).toHaveBeenCalledTimes(2); // once per message: the router's
  });

  it('looks officers up only when a handler asks, once per turn, by key', async () => {
    const listOfficers = vi.spyOn(store, 'listOfficers');
    const getOfficer = vi.spyOn(store, 'getOfficer');
    const plain = scripted('plain', () => true);
    await service([plain.handler]).handle(text('u', 'xin chào'));
    expect(getOfficer).not.toHaveBeenCalled();

    await store.upsertOfficer({ channel: 'telegram', userId: 'o1', provinceCodes: [] });
    const checks: boolean[] = [];
    const asking = scripted('asks', () => true, () => said('x'));
    asking.handler.handle = async (ctx) => {
      checks.push(await ctx.checkOfficer(), await ctx.checkOfficer());
      return said('x');
    };
    const svc = service([asking.handler]);
    await svc.handle(text('o1', '/thongke'));
    await svc.handle(text('u', '/thongke'));
    expect(checks).toEqual([true, true, false, false]);
    expect(getOfficer).toHaveBeenCalledTimes(2);
    expect(listOfficers).not.toHaveBeenCalled(); // never the whole table
  });

  it('writes the last-seen time at most once a minute per user', async () => {
    const clock = manualClock();
    const svc = service([scripted('x', () => true).handler], { clock });
    const user = { channel: 'telegram' as const, userId: 'u' };
    await svc.handle(text('u', 'một'));
    const first = (await store.getUser(user))!.lastSeenAt;
    clock.advance(1000);
    await svc.handle(text('u', 'hai'));
    expect((await store.getUser(user))!.lastSeenAt).toBe(first);
    clock.advance(LAST_SEEN_EVERY_MS);
    await svc.handle(text('u', 'ba'));
    expect((await store.getUser(user))!.lastSeenAt).toBe(clock.now().toISOString());
  });

  it('answers a flood with one warning, then nothing', async () => {
    const h = scripted('x', () => true);
    const svc = service([h.handler], { env: { FLOOD_LIMIT: '2', FLOOD_WINDOW_MS: '10000' } });
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await svc.handle(text('u', `tin ${i}`)));
    expect(replies[0]).toEqual(said('x'));
    expect(replies[1]).toEqual(said('x'));
    expect(replies[2]![0]!.text).toMatch(/nhắn nhanh quá/);
    expect(replies[3]).toEqual([]);
    expect(h.seen).toHaveLength(2);
  });

  it('a button nobody answers is a finished step; text nobody answers gets the fallback', async () => {
    const svc = service([scripted('none', () => false).handler]);
    expect((await svc.handle(tap('u', 'confirm')))[0]!.text).toMatch(/Bước này đã xong/);
    expect((await svc.handle(text('u', 'câu hỏi lạ')))[0]!.text).toMatch(/chưa tìm thấy thông tin/);
  });

  it('refuses text with no letters or digits without asking the handlers', async () => {
    const h = scripted('x', () => true);
    const r = await service([h.handler]).handle(text('u', '🙂🙂 !!'));
    expect(r[0]!.text).toMatch(/chưa đọc được tin nhắn này/);
    expect(h.seen).toHaveLength(0);
  });

  it('reads a long message up to the limit and says it was cut', async () => {
    const h = scripted('x', () => true);
    const r = await service([h.handler]).handle(text('u', 'có lớp may không ' + 'a'.repeat(MAX_TEXT_CHARS)));
    expect(r[0]!.text).toMatch(/dài quá/);
    expect(r[1]).toEqual(said('x')[0]);
    expect(h.seen[0]!.msg.text!.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  });
});
