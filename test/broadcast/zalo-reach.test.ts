/**
 * Reaching Zalo subscribers outside the interaction window, end to end: an officer's
 * `announce --now` (the real CLI command on the store's folder), the announcement poller, the
 * outbox, and the real Zalo channel (axios) against the fake Zalo API on 127.0.0.1, which answers
 * -230 on /cs to users outside the window and implements the template endpoint.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnnouncementJob } from '../../jobs/announcements.js';
import { OutboxWorker } from '../../src/broadcast/outbox.js';
import { quietPolicy } from '../../src/broadcast/quiet-hours.js';
import { announceCommand } from '../../src/cli/commands/announce.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { zaloEvents } from '../fakes/zalo-api.js';
import { harness, type Harness } from '../channels/zalo/harness.js';

const logger = createLogger('silent');
const quiet = quietPolicy({ QUIET_HOURS: '0-0', TIMEZONE: 'Asia/Ho_Chi_Minh' });
const DAY = 24 * 3600_000;

let h: Harness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

function templatesEnv(templates: Record<string, unknown>): Record<string, string> {
  return { ZALO_TEMPLATES: JSON.stringify(templates) };
}

async function subscribe(userIds: string[]) {
  for (const userId of userIds) await h!.store.subscribe({ channel: 'zalo', userId, topic: 'fair', provinceCode: '86' }, new Date());
}

/** Runs the CLI command in-process; returns what it printed. */
async function announce(args: string[], env: Record<string, string> = {}): Promise<string> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    const config = loadConfig({ DATA_DIR: h!.dataDir, LOG_LEVEL: 'silent', SEED_CONTENT: '0', QUIET_HOURS: '0-0', ...env });
    expect(await announceCommand.run(args, config)).toBe(0);
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
  return out.join('');
}

/** The bot's side: fan the due announcement out, then send everything due; how many rows it handled. */
async function runBot(lanes = 4): Promise<number> {
  await new AnnouncementJob({ store: h!.store, logger, quiet, owner: 'test' }).tick(new Date());
  const worker = new OutboxWorker({
    store: h!.store,
    channels: [h!.channel],
    logger,
    quiet,
    tuning: { limits: { zalo: { perSecond: 500, burst: 50, perChatGapMs: 0 } }, concurrency: { zalo: lanes } },
  });
  let sent = 0;
  for (let n; (n = await worker.drainOnce()) > 0; ) sent += n;
  return sent;
}

const csCalls = (userId: string) => h!.fake.calls.filter((c) => c.op === 'send' && c.userId === userId);
const templateCalls = () => h!.fake.calls.filter((c) => c.op === 'template');

describe('Zalo beyond the interaction window', () => {
  it("an officer's announce --now reaches a subscriber Zalo answers -230 for exactly once, by template", async () => {
    h = await harness({ env: templatesEnv({ officer_announcement: { id: 'tpl-ann', params: { tieu_de: 'title', noi_dung: 'text' } } }) });
    h.fake.templates.set('tpl-ann', { byUserId: true });
    await subscribe(['z-in', 'z-lapsed', 'z-stale']);
    // z-in and z-lapsed wrote to the OA (so our record says: in the window), but Zalo counts
    // z-lapsed as outside it; z-stale last wrote ten days ago.
    expect(await h.post(zaloEvents.text('z-in', 'chào'))).toBe(200);
    expect(await h.post(zaloEvents.text('z-lapsed', 'chào'))).toBe(200);
    await h.store.recordInbound({ channel: 'zalo', userId: 'z-stale' }, new Date(Date.now() - 10 * DAY));
    await h.settle();
    h.fake.outsideWindow.add('z-lapsed');
    const before = h.fake.calls.length;

    const printed = await announce(['--text', 'Hội chợ việc làm Vĩnh Long ngày 12/12', '--now', '--channel', 'zalo']);
    expect(printed).toMatch(/Đã tạo thông báo/);
    expect(await runBot()).toBe(3);
    expect(await runBot()).toBe(0); // nothing left, nothing repeated

    const after = h.fake.calls.slice(before);
    // In the window: one /cs message, carrying a quick reply that invites an answer.
    const toIn = after.filter((c) => c.userId === 'z-in');
    expect(toIn.map((c) => [c.op, (c.response as { error: number }).error])).toEqual([['send', 0]]);
    const buttons = (toIn[0]!.body as any).message.attachment.payload.buttons as Array<{ title: string; type: string }>;
    expect(buttons).toContainEqual(expect.objectContaining({ title: '💬 Hỏi thêm', type: 'oa.query.show' }));
    // -230 on /cs, then exactly one template message with the template id and our fields.
    expect(after.filter((c) => c.userId === 'z-lapsed').map((c) => [c.op, (c.response as { error: number }).error])).toEqual([
      ['send', -230],
      ['template', 0],
    ]);
    const tpl = h.fake.templateSends('z-lapsed');
    expect(tpl).toHaveLength(1);
    expect(tpl[0]).toMatchObject({ user_id: 'z-lapsed', template_id: 'tpl-ann', template_data: { tieu_de: 'Hội chợ việc làm Vĩnh Long ngày 12/12', noi_dung: 'Hội chợ việc làm Vĩnh Long ngày 12/12' } });
    expect(typeof tpl[0]!.tracking_id).toBe('string');
    // Known to be outside the window: straight to the template, no /cs call spent.
    expect(after.filter((c) => c.userId === 'z-stale').map((c) => c.op)).toEqual(['template']);
    // Zalo's refusal is remembered: the next message goes straight to the template too.
    expect((await h.store.getReach({ channel: 'zalo', userId: 'z-lapsed' }))?.windowClosedAt).toBeDefined();
    const [a] = await h.store.listAnnouncements();
    expect(await h.store.deliveryStats(a!.id)).toMatchObject({ total: 3, sent: 3, failed: 0, unknown: 0 });
  });

  it('falls back to the phone only where the user consented; without consent the user is unreachable, never phoned', async () => {
    h = await harness({ env: templatesEnv({ officer_announcement: { id: 'tpl-phone' } }) });
    h.fake.templates.set('tpl-phone', { byUserId: false }); // Zalo answers -249 to a send by user id
    await subscribe(['z-consent', 'z-typed']);
    // z-consent shared their phone through Zalo's info form; z-typed only has a phone in an enrolment.
    expect(await h.post(zaloEvents.submitInfo('z-consent', { name: 'Lan', phone: '0912345678' }))).toBe(200);
    await h.settle();
    await h.store.importItems([{ id: 'k1', kind: 'course', title: 'Khóa may công nghiệp', keywords: [], tags: [] }], () => '86');
    await h.store.enroll({ channel: 'zalo', userId: 'z-typed', courseId: 'k1', fullName: 'Minh', phone: '0987654321', provinceCode: '86' }, new Date());
    // Both wrote long ago, as far as Zalo is concerned: it has refused /cs to them since.
    await h.store.recordInbound({ channel: 'zalo', userId: 'z-typed' }, new Date(Date.now() - 30 * DAY));
    for (const userId of ['z-consent', 'z-typed']) await h.store.markWindowClosed({ channel: 'zalo', userId }, new Date());

    await announce(['--text', 'Khai giảng lớp may', '--now']);
    expect(await runBot()).toBe(2);

    expect(h.fake.templateSends('84912345678')).toHaveLength(1);
    expect(h.fake.templateSends('84912345678')[0]).toMatchObject({ template_id: 'tpl-phone' });
    // z-typed: one refused try by user id, and no phone anywhere in any request.
    const typed = templateCalls().filter((c) => JSON.stringify(c.body).includes('0987654321') || JSON.stringify(c.body).includes('84987654321'));
    expect(typed).toHaveLength(0);
    expect(csCalls('z-typed')).toHaveLength(0);
    const [a] = await h.store.listAnnouncements();
    expect(await h.store.deliveryStats(a!.id)).toMatchObject({ total: 2, sent: 1, failed: 1 });
  });

  it('each template error is final, retried later or waited out, as it means', async () => {
    h = await harness({ env: templatesEnv({ officer_announcement: { id: 'tpl' } }), options: { rateLimitRetryAfterMs: 5_000 } });
    h.fake.templates.set('tpl', { byUserId: true });
    const users = ['z-monthly', 'z-daily', 'z-blocked', 'z-busy'];
    await subscribe(users);
    for (const userId of users) await h.store.markWindowClosed({ channel: 'zalo', userId }, new Date());
    h.fake.failNext(-1471, { op: 'template', userId: 'z-monthly' });
    h.fake.failNext(-1472, { op: 'template', userId: 'z-daily' });
    h.fake.failNext(-216, { op: 'template', userId: 'z-blocked' });
    h.fake.failNext(-32, { op: 'template', userId: 'z-busy' });

    await announce(['--text', 'Tin mới', '--now']);
    await runBot();
    const [a] = await h.store.listAnnouncements();
    const stats = await h.store.deliveryStats(a!.id);
    // -1471 and -216: final; -1472: this user tomorrow; -32: the channel waits, then sends.
    expect(stats).toMatchObject({ total: 4, failed: 2, pending: 2, sent: 0 });
    expect((await h.store.getUser({ channel: 'zalo', userId: 'z-blocked' }))?.active).toBe(false);
    // Nothing is due again within the next hour (-1472 waits for Zalo's daily reset at midnight).
    expect(await h.store.claimDeliveries('peek', 10, new Date(Date.now() + 3_000), 1000)).toHaveLength(0);
    const later = await h.store.claimDeliveries('peek', 10, new Date(Date.now() + 10_000), 1000);
    expect(later.map((d) => d.userId)).toEqual(['z-busy']);
    expect(later[0]!.error).toMatch(/rate-limited/);
    const tomorrow = await h.store.claimDeliveries('peek', 10, new Date(Date.now() + DAY + 120_000), 1000);
    expect(tomorrow.map((d) => d.userId).sort()).toEqual(['z-busy', 'z-daily']);
    expect(tomorrow.find((d) => d.userId === 'z-daily')!.error).toMatch(/deferred/);
  });

  it("the OA's daily template quota (-144) defers every template until tomorrow without more calls; /cs goes on", async () => {
    h = await harness({ env: templatesEnv({ officer_announcement: { id: 'tpl' } }) });
    h.fake.templates.set('tpl', { byUserId: true });
    await subscribe(['z-a', 'z-b', 'z-c', 'z-in']);
    for (const userId of ['z-a', 'z-b', 'z-c']) await h.store.markWindowClosed({ channel: 'zalo', userId }, new Date());
    h.fake.failNext(-144, { op: 'template' });
    await announce(['--text', 'Tin mới', '--now']);
    await runBot(1); // one lane: the refusal is known before the next template would start
    expect(templateCalls()).toHaveLength(1);
    expect(h.fake.sent('z-in')).toHaveLength(1);
    const [a] = await h.store.listAnnouncements();
    expect(await h.store.deliveryStats(a!.id)).toMatchObject({ total: 4, sent: 1, pending: 3, failed: 0 });
  });

  it('announce --dry-run counts each channel and Zalo route, with the template cost, and writes nothing', async () => {
    const env = templatesEnv({ officer_announcement: { id: 'tpl', byUserId: false } });
    h = await harness({ env });
    await subscribe(['z-in', 'z-phone', 'z-none']);
    await h.store.subscribe({ channel: 'telegram', userId: '42', topic: 'fair', provinceCode: '86' }, new Date());
    await h.store.recordInbound({ channel: 'zalo', userId: 'z-in' }, new Date());
    for (const userId of ['z-phone', 'z-none']) await h.store.recordInbound({ channel: 'zalo', userId }, new Date(Date.now() - 9 * DAY));
    await h.store.recordConsentedPhone({ channel: 'zalo', userId: 'z-phone' }, '0912345678', 'submit_info', new Date());

    const out = await announce(['--text', 'Tin mới', '--dry-run'], { ...env, ZALO_TEMPLATE_PRICE_VND: '250' });
    expect(out).toMatch(/Xem trước, chưa gửi gì: 4 người nhận/);
    expect(out).toMatch(/telegram: 1/);
    expect(out).toMatch(/zalo: 3/);
    expect(out).toMatch(/tin tư vấn\): 1/);
    expect(out).toMatch(/tin mẫu theo Zalo ID: 0/);
    expect(out).toMatch(/qua số điện thoại \(đã đồng ý\): 1/);
    expect(out).toMatch(/không gửi được: 1\n.*1: no phone given with consent/);
    expect(out).toMatch(/Chi phí tin mẫu ước tính: 1 × 250 đ = 250 đ/);
    expect(await h.store.listAnnouncements()).toHaveLength(0);
  });
});
