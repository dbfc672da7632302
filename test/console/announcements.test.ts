/**
 * Announcements from the console: preview with the audience per channel and quiet hours, create,
 * progress, cancel, and an officer kept to their province.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AN_GIANG, consoleBrowser, openConsole, VINH_LONG } from './helpers.js';

type Opened = Awaited<ReturnType<typeof openConsole>>;

describe('console announcements', () => {
  let c: Opened;
  let lan: ReturnType<typeof consoleBrowser>;
  beforeEach(async () => {
    c = await openConsole();
    await c.addOfficer('lan', VINH_LONG);
    const at = c.clock.now;
    for (const [channel, userId, province] of [
      ['telegram', 't1', VINH_LONG],
      ['telegram', 't2', VINH_LONG],
      ['zalo', 'z1', VINH_LONG],
      ['telegram', 't3', AN_GIANG],
    ] as const) {
      await c.store.touchUser({ channel, userId }, at);
      await c.store.subscribe({ channel, userId, topic: 'course', provinceCode: province }, at);
    }
    lan = consoleBrowser(c.app);
    await lan.login('lan');
    await lan.get('/admin/announcements');
  });
  afterEach(async () => c.close());

  it('previews the message and its audience per channel, then schedules it for the officer\'s province', async () => {
    // 08:00 UTC is 15:00 in Vietnam: outside quiet hours.
    const preview = await lan.post('/admin/announcements/preview', { text: 'Lớp hàn khai giảng <b>tuần sau</b>', topics: 'course', when: 'now', item: 'course-han-vinh-long' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('📢 Thông báo\n\nLớp hàn khai giảng &lt;b&gt;tuần sau&lt;/b&gt;');
    expect(preview.body).toContain('📌 Xem chi tiết');
    expect(preview.body).toContain('<tr><td>Telegram</td><td>2</td><td>0</td></tr>');
    expect(preview.body).toContain('<tr><td>Zalo</td><td>1</td><td>0</td></tr>');
    // And Zalo by route: the subscriber was seen just now, so inside the chat window.
    expect(preview.body).toContain('Zalo theo cách gửi');
    expect(preview.body).toContain('<tr><td>trong thời hạn tương tác (tin tư vấn)</td><td>1</td></tr>');
    expect(preview.body).toContain('ở Vĩnh Long');
    expect(await c.store.listAnnouncements()).toHaveLength(0); // a preview writes nothing

    const created = await lan.post('/admin/announcements', { text: 'Lớp hàn khai giảng tuần sau', topics: 'course', when: 'now' });
    expect(created.statusCode).toBe(303);
    const [a] = await c.store.listAnnouncements();
    expect(a).toMatchObject({ provinceCodes: [VINH_LONG], topics: ['course'], createdBy: 'console:lan', status: 'scheduled' });
    const detail = await lan.get(created.headers.location as string);
    expect(detail.body).toContain('Trạng thái: <b>đã hẹn</b>');
    expect(detail.headers.refresh).toBe('5');
    await lan.post(`/admin/announcements/${a!.id}/cancel`);
    expect((await c.store.getAnnouncement(a!.id))?.status).toBe('cancelled');
    expect((await c.store.console.listAudit()).map((e) => e.action)).toEqual(expect.arrayContaining(['announcement.create', 'announcement.cancel']));
  });

  it('counts what quiet hours hold back, and refuses another province, a past time and a dense schedule', async () => {
    // 15:00 UTC is 22:00 in Vietnam: inside the default quiet hours (21-6).
    c.advance(7 * 3600_000);
    await lan.login('lan'); // the session went idle meanwhile
    await lan.get('/admin/announcements');
    const held = await lan.post('/admin/announcements/preview', { text: 'Tin tối', when: 'now' });
    expect(held.body).toContain('<tr><td>Telegram</td><td>2</td><td>2</td></tr>');
    expect(held.body).toContain('là giờ nghỉ, tin sẽ đi lúc');

    const other = await lan.post('/admin/announcements/preview', { text: 'Tin', provinces: AN_GIANG, when: 'now' });
    expect(other.statusCode).toBe(422);
    expect(other.body).toContain('bạn chỉ gửi được cho Vĩnh Long');
    expect((await lan.post('/admin/announcements', { text: 'Tin', when: 'at', at: '2020-01-01T08:00' })).body).toContain('đã qua');
    expect((await lan.post('/admin/announcements', { text: 'Tin', when: 'cron', cron: '*/5 * * * *' })).body).toContain('lặp dày hơn mỗi giờ');
    expect(await c.store.listAnnouncements()).toHaveLength(0);
  });
});
