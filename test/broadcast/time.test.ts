/**
 * Time rules of broadcasts in Asia/Ho_Chi_Minh (UTC+7): quiet hours move deliveries to the next
 * 06:00, Zalo promotions also avoid 22–06, cron expressions parse with clear Vietnamese errors
 * and give the right next occurrence, local times typed by officers mean Vietnam time.
 */
import { describe, expect, it } from 'vitest';
import { CronError, nextOccurrence, parseCron, validateCron } from '../../src/broadcast/cron.js';
import { DraftError, parseDateTime, sendsRightAway, toAnnouncementInput, whenNote, type Draft } from '../../src/broadcast/draft.js';
import { inWindow, nextAllowed, parseHourWindow, quietHoursNote, quietPolicy, sendableAt } from '../../src/broadcast/quiet-hours.js';
import { formatLocal, localParts, zonedTimeToUtc } from '../../src/broadcast/zoned-time.js';
import { outboxTuningFromConfig, validateBroadcastConfig } from '../../src/broadcast/runtime.js';
import { outboxTuning } from '../../src/broadcast/tuning.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { Store } from '../../src/store/ports.js';

const TZ = 'Asia/Ho_Chi_Minh';
/** An instant given as Vietnam wall-clock time. */
const vn = (iso: string) => new Date(`${iso}+07:00`);
const policy = quietPolicy({ QUIET_HOURS: '21-6', TIMEZONE: TZ });

describe('zoned time', () => {
  it('reads and builds Vietnam wall-clock times', () => {
    expect(localParts(new Date('2026-11-23T17:30:00Z'), TZ)).toMatchObject({ year: 2026, month: 11, day: 24, hour: 0, minute: 30, weekday: 2 });
    expect(zonedTimeToUtc({ year: 2026, month: 11, day: 24, hour: 6 }, TZ).toISOString()).toBe('2026-11-23T23:00:00.000Z');
    // Day overflow rolls into the next month.
    expect(zonedTimeToUtc({ year: 2026, month: 11, day: 31, hour: 6 }, TZ).toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(formatLocal(vn('2026-12-01T08:05:00'), TZ)).toBe('08:05 01/12/2026');
  });
});

describe('quiet hours', () => {
  it('parses the window and knows which hours it covers (wrapping midnight)', () => {
    const w = parseHourWindow('21-6');
    expect([20, 21, 23, 0, 5, 6].map((h) => inWindow(h, w))).toEqual([false, true, true, true, true, false]);
    expect(inWindow(3, parseHourWindow('1-5'))).toBe(true);
    expect(inWindow(5, parseHourWindow('1-5'))).toBe(false);
    expect(() => parseHourWindow('21h-6h')).toThrow(/dạng đúng: 21-6/);
    expect(() => parseHourWindow('21-25')).toThrow(/0 đến 23/);
  });

  it('holds a delivery due at night until 06:00 Vietnam time, the same or the next day', () => {
    expect(sendableAt(vn('2026-11-24T21:30:00'), policy, 'telegram').toISOString()).toBe(vn('2026-11-25T06:00:00').toISOString());
    expect(sendableAt(vn('2026-11-24T23:59:59'), policy, 'telegram').toISOString()).toBe(vn('2026-11-25T06:00:00').toISOString());
    expect(sendableAt(vn('2026-11-25T03:10:00'), policy, 'zalo').toISOString()).toBe(vn('2026-11-25T06:00:00').toISOString());
    // Daytime and the edges stay as they are.
    for (const t of ['2026-11-25T06:00:00', '2026-11-25T12:00:00', '2026-11-25T20:59:59']) {
      expect(sendableAt(vn(t), policy, 'telegram').toISOString()).toBe(vn(t).toISOString());
    }
    // Year end rolls over.
    expect(sendableAt(vn('2026-12-31T22:00:00'), policy, 'telegram').toISOString()).toBe(vn('2027-01-01T06:00:00').toISOString());
  });

  it('holds quiet hours for web users too (a page left open on a phone shows the message at once)', () => {
    expect(sendableAt(vn('2026-11-24T23:00:00'), policy, 'web').toISOString()).toBe(vn('2026-11-25T06:00:00').toISOString());
    expect(sendableAt(vn('2026-11-25T03:47:00'), policy, 'web').toISOString()).toBe(vn('2026-11-25T06:00:00').toISOString());
    expect(sendableAt(vn('2026-11-25T09:00:00'), policy, 'web').toISOString()).toBe(vn('2026-11-25T09:00:00').toISOString());
  });

  it('announce says "within seconds" only when that is true', () => {
    const base = { text: 'x', topics: [], provinceCodes: [], channels: [], createdBy: 'cli' };
    const morning = vn('2026-11-25T09:00:00');
    expect(sendsRightAway({ ...base, sendAt: morning.toISOString() }, morning, policy)).toBe(true);
    // Due now but at night: held until 06:00, and the note says so.
    const night = vn('2026-11-25T23:30:00');
    expect(sendsRightAway({ ...base, sendAt: night.toISOString() }, night, policy)).toBe(false);
    expect(whenNote({ ...base, sendAt: night.toISOString() }, night, policy)).toBe('bây giờ là giờ nghỉ, tin sẽ đi lúc 06:00 26/11/2026');
    // Later (--at) or recurring (--cron): not within seconds.
    expect(sendsRightAway({ ...base, sendAt: vn('2026-11-26T09:00:00').toISOString() }, morning, policy)).toBe(false);
    expect(sendsRightAway({ ...base, cron: '0 8 * * 1' }, morning, policy)).toBe(false);
  });

  it('words the quiet hours as configured, for the subscription confirmation', () => {
    expect(quietHoursNote(policy)).toBe('không nhắn từ 21 giờ đến 6 giờ sáng');
    expect(quietHoursNote(quietPolicy({ QUIET_HOURS: '22-7', TIMEZONE: TZ }))).toBe('không nhắn từ 22 giờ đến 7 giờ sáng');
    expect(quietHoursNote(quietPolicy({ QUIET_HOURS: '0-5', TIMEZONE: TZ }))).toBe('không nhắn từ nửa đêm đến 5 giờ sáng');
    expect(quietHoursNote(quietPolicy({ QUIET_HOURS: '0-0', TIMEZONE: TZ }))).toBe('');
  });

  it('Zalo promotions never go 22:00–06:00, even when QUIET_HOURS allows the night', () => {
    const lenient = quietPolicy({ QUIET_HOURS: '0-0', TIMEZONE: TZ }); // no quiet hours at all
    const at = vn('2026-11-24T23:00:00');
    expect(sendableAt(at, lenient, 'telegram', true).toISOString()).toBe(at.toISOString());
    expect(sendableAt(at, lenient, 'zalo', false).toISOString()).toBe(at.toISOString());
    expect(sendableAt(at, lenient, 'zalo', true).toISOString()).toBe(vn('2026-11-25T06:00:00').toISOString());
    // A later QUIET_HOURS end combines with Zalo's window.
    const late = quietPolicy({ QUIET_HOURS: '23-7', TIMEZONE: TZ });
    expect(sendableAt(vn('2026-11-24T22:30:00'), late, 'zalo', true).toISOString()).toBe(vn('2026-11-25T07:00:00').toISOString());
    expect(nextAllowed(vn('2026-11-24T22:30:00'), [], TZ).toISOString()).toBe(vn('2026-11-24T22:30:00').toISOString());
  });
});

describe('cron', () => {
  it('explains bad expressions in Vietnamese, naming the field', () => {
    const message = (e: string) => {
      try {
        parseCron(e);
      } catch (err) {
        expect(err).toBeInstanceOf(CronError);
        return (err as Error).message;
      }
      throw new Error(`"${e}" was accepted`);
    };
    expect(message('0 25 * * *')).toMatch(/giờ \(0–23\).*"25"/);
    expect(message('61 7 * * *')).toMatch(/phút \(0–59\)/);
    expect(message('0 7 * * 9')).toMatch(/thứ/);
    expect(message('0 7 * *')).toMatch(/có 4 trường, cần 5/);
    expect(message('hằng ngày')).toMatch(/có 2 trường|không hợp lệ/);
    expect(message('')).toMatch(/cần 5/);
    expect(message('0 7 L * *')).toMatch(/chưa được hỗ trợ/);
    // Seconds are for the scheduler's own jobs, not for announcements.
    expect(message('0 0 7 * * *')).toMatch(/cần 5/);
    expect(() => validateCron('*/5 * * * * *', { allowSeconds: true })).not.toThrow();
  });

  it('finds the next occurrence in Vietnam time', () => {
    const daily7 = parseCron('0 7 * * *');
    expect(nextOccurrence(daily7, vn('2026-11-24T06:59:00'), TZ)!.toISOString()).toBe(vn('2026-11-24T07:00:00').toISOString());
    expect(nextOccurrence(daily7, vn('2026-11-24T07:00:00'), TZ)!.toISOString()).toBe(vn('2026-11-25T07:00:00').toISOString());
    // Mondays at 08:30 (24/11/2026 is a Tuesday).
    expect(nextOccurrence(parseCron('30 8 * * 1'), vn('2026-11-24T10:00:00'), TZ)!.toISOString()).toBe(vn('2026-11-30T08:30:00').toISOString());
    expect(nextOccurrence(parseCron('30 8 * * mon'), vn('2026-11-24T10:00:00'), TZ)!.toISOString()).toBe(vn('2026-11-30T08:30:00').toISOString());
    // 29 February: the next leap year.
    expect(nextOccurrence(parseCron('0 9 29 2 *'), vn('2026-03-01T00:00:00'), TZ)!.toISOString()).toBe(vn('2028-02-29T09:00:00').toISOString());
    // Several times a day, across midnight.
    expect(nextOccurrence(parseCron('0 6,18 * * *'), vn('2026-11-24T19:00:00'), TZ)!.toISOString()).toBe(vn('2026-11-25T06:00:00').toISOString());
  });
});

describe('officer input', () => {
  it('reads local times as Vietnam time, and exact instants as given', () => {
    expect(parseDateTime('2026-12-01T08:00', TZ).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseDateTime('2026-12-01 08:00', TZ).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseDateTime('2026-12-01T08:00:00Z', TZ).toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(() => parseDateTime('01/12/2026 8h', TZ)).toThrow(DraftError);
    expect(() => parseDateTime('2026-02-30T08:00', TZ)).toThrow(/không có thật/);
  });

  it('refuses a time in the past and a cron that would flood people', async () => {
    const store = { getItem: async () => undefined } as unknown as Store;
    const base: Omit<Draft, 'when'> = { text: 'Họp', topics: [], provinceCodes: [], channels: [], createdBy: 'cli' };
    const now = vn('2026-11-24T10:00:00');
    await expect(toAnnouncementInput(store, { ...base, when: { kind: 'at', at: vn('2026-11-24T09:00:00') } }, now, TZ)).rejects.toThrow(/đã qua/);
    await expect(toAnnouncementInput(store, { ...base, when: { kind: 'cron', expression: '*/10 * * * *' } }, now, TZ)).rejects.toThrow(/dày hơn mỗi giờ/);
    await expect(toAnnouncementInput(store, { ...base, when: { kind: 'cron', expression: '0 25 * * *' } }, now, TZ)).rejects.toThrow(/giờ \(0–23\)/);
    await expect(toAnnouncementInput(store, { ...base, itemId: 'nope', when: { kind: 'now' } }, now, TZ)).rejects.toThrow(/không có mục/);
    const ok = await toAnnouncementInput(store, { ...base, when: { kind: 'cron', expression: '0 7 * * 1' } }, now, TZ);
    expect(ok).toMatchObject({ cron: '0 7 * * 1', topics: ['course', 'policy', 'fair', 'plan'] });
  });

  it('a bad DIGEST_CRON or QUIET_HOURS stops start-up with the variable named', () => {
    expect(() => validateBroadcastConfig(loadConfig({ DIGEST_CRON: '0 25 * * *' }))).toThrow(ConfigError);
    expect(() => validateBroadcastConfig(loadConfig({ DIGEST_CRON: '0 25 * * *' }))).toThrow(/DIGEST_CRON: .*giờ/);
    expect(() => validateBroadcastConfig(loadConfig({ QUIET_HOURS: '21-24' }))).toThrow(/QUIET_HOURS/);
    expect(() => validateBroadcastConfig(loadConfig({ TIMEZONE: 'Mars/Olympus' }))).toThrow(/TIMEZONE/);
    expect(() => validateBroadcastConfig(loadConfig({}))).not.toThrow();
  });

  it('send rates come from TELEGRAM_SEND_RATE and ZALO_SEND_RATE; tuning given in code wins; bad ones are named', () => {
    const configured = outboxTuning(outboxTuningFromConfig(loadConfig({ TELEGRAM_SEND_RATE: '12', ZALO_SEND_RATE: '1.5' })));
    expect(configured.limits.telegram).toMatchObject({ perSecond: 12, perChatGapMs: 1000 });
    expect(configured.limits.zalo.perSecond).toBe(1.5);
    expect(outboxTuning(outboxTuningFromConfig(loadConfig({}))).limits.telegram.perSecond).toBe(25);
    const overridden = outboxTuning(outboxTuningFromConfig(loadConfig({ TELEGRAM_SEND_RATE: '12' }), { limits: { telegram: { perSecond: 900 } }, pollMs: 50 }));
    expect(overridden.limits.telegram.perSecond).toBe(900);
    expect(overridden.pollMs).toBe(50);
    expect(() => loadConfig({ TELEGRAM_SEND_RATE: '0' })).toThrow(/TELEGRAM_SEND_RATE/);
    expect(() => loadConfig({ ZALO_SEND_RATE: 'nhanh' })).toThrow(/ZALO_SEND_RATE/);
  });
});
