/**
 * Officers announcing: from the chat ("/thongbao" → preview with audience size → Gửi ngay / Hủy,
 * the draft kept in the dialog state) and from the CLI (`announce` create, list, cancel, stats,
 * with clear errors for bad input). Through the real conversation service and the real store.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { announceCommand } from '../../src/cli/commands/announce.js';
import { CliError } from '../../src/cli/errors.js';
import { actionsOf, openTestCore, textOf, type TestCore } from './helpers.js';

const OFFICER = '9000';
let t: TestCore;
beforeEach(async () => {
  t = await openTestCore({ ADMIN_IDS: `telegram:${OFFICER}` });
  await t.say('a', 'đăng ký nhận tin hội chợ Vĩnh Long');
  await t.say('b', 'đăng ký nhận tin hội chợ toàn quốc');
  await t.say('c', 'đăng ký nhận tin khóa học An Giang');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.close();
});

describe('announcing from the chat', () => {
  it('preview with audience size, then "Gửi ngay" creates one announcement (a double tap does not make two)', async () => {
    let r = await t.say(OFFICER, '/thongbao #hoicho #vinhlong Hội chợ nông sản mở cửa 7 giờ sáng thứ Bảy.');
    expect(textOf(r)).toContain('Xem trước');
    expect(textOf(r)).toContain('Hội chợ nông sản mở cửa 7 giờ sáng thứ Bảy.');
    expect(textOf(r)).toContain('2 người');
    expect(actionsOf(r)).toEqual(['ann:send', 'ann:cancel']);
    expect(await t.core.store.listAnnouncements()).toHaveLength(0); // nothing before the confirmation

    r = await t.tap(OFFICER, 'ann:send');
    expect(textOf(r)).toMatch(/Đã xếp lịch gửi cho 2 người \(mã \w+\)/);
    const all = await t.core.store.listAnnouncements();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ topics: ['fair'], provinceCodes: ['86'], createdBy: `telegram:${OFFICER}` });

    r = await t.tap(OFFICER, 'ann:send');
    expect(textOf(r)).toContain('Bản nháp không còn');
    expect(await t.core.store.listAnnouncements()).toHaveLength(1);

    r = await t.say(OFFICER, `/thongbao tiendo ${all[0]!.id}`);
    expect(textOf(r)).toContain('chờ gửi');
  });

  it('"Hủy" drops the draft; unknown tags and empty text are explained; non-officers are refused', async () => {
    await t.say(OFFICER, '/thongbao Họp dân chiều nay');
    let r = await t.tap(OFFICER, 'ann:cancel');
    expect(textOf(r)).toContain('Đã hủy bản nháp');
    expect(await t.core.store.getConversation({ channel: 'telegram', userId: OFFICER })).toBeUndefined();

    r = await t.say(OFFICER, '/thongbao #saohoa Nội dung');
    expect(textOf(r)).toContain('không rõ tỉnh');
    r = await t.say(OFFICER, '/thongbao');
    expect(textOf(r)).toContain('Cách gửi thông báo');

    r = await t.say('a', '/thongbao Tin giả');
    expect(textOf(r)).toContain('chỉ dành cho cán bộ');
    r = await t.tap('a', 'ann:send');
    expect(textOf(r)).toContain('chỉ dành cho cán bộ');
    expect(await t.core.store.listAnnouncements()).toHaveLength(0);
  });

  it.each(['#toanquoc', '#toan_quoc', '#ToànQuốc', '#canuoc'])('%s means the whole country', async (tag) => {
    const r = await t.say(OFFICER, `/thongbao #hoicho ${tag} Hội chợ toàn quốc`);
    expect(textOf(r)).not.toContain('không rõ tỉnh');
    expect(textOf(r)).toContain('mọi tỉnh');
  });

  it('an officer with provinces announces to those provinces only', async () => {
    await t.core.store.upsertOfficer({ channel: 'telegram', userId: '9100', provinceCodes: ['91'] });
    let r = await t.say('9100', '/thongbao Lớp may mở thêm');
    expect(textOf(r)).toContain('An Giang');
    expect(textOf(r)).toContain('2 người'); // c (course, An Giang) and b (fairs everywhere)
    r = await t.say('9100', '/thongbao #vinhlong Tin cho Vĩnh Long');
    expect(textOf(r)).toContain('tỉnh mình phụ trách');
  });
});

describe('nghebot announce', () => {
  const run = (args: string[]) => announceCommand.run(args, t.core.config);
  const out = () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      lines.push(String(s));
      return true;
    });
    return lines;
  };

  it('creates, lists, shows stats and cancels', async () => {
    const lines = out();
    expect(await run(['--text', 'Hội chợ OCOP', '--topic', 'hoi-cho', '--province', 'Bến Tre', '--now'])).toBe(0);
    expect(lines.join('')).toContain('hiện có 2 người');
    const id = /thông báo (\w+)/.exec(lines.join(''))![1]!;
    expect(await t.core.store.getAnnouncement(id)).toMatchObject({ topics: ['fair'], provinceCodes: ['86'], status: 'scheduled' });

    expect(await run(['--text', 'Giao ban', '--cron', '0 7 * * 1', '--channel', 'telegram'])).toBe(0);
    lines.length = 0;
    await run(['list']);
    expect(lines.join('')).toContain('cron "0 7 * * 1"');
    expect(lines.join('').split('\n')[0]).toMatch(/^Mã\s+Trạng thái\s+Giờ gửi\s+Đã gửi\/tổng\s+Người tạo\s+Nội dung$/);
    lines.length = 0;
    await run(['stats', id]);
    expect(lines.join('')).toContain('Tổng 0');
    await run(['cancel', id]);
    expect((await t.core.store.getAnnouncement(id))!.status).toBe('cancelled');
  });

  it('bad input gets a clear error, nothing is created', async () => {
    await expect(run(['--text', 'x', '--cron', '0 25 * * *'])).rejects.toThrow(/giờ \(0–23\)/);
    await expect(run(['--text', 'x', '--province', 'Sao Hỏa'])).rejects.toThrow(/không rõ tỉnh "Sao Hỏa"/);
    await expect(run(['--text', 'x', '--topic', 'thoi-tiet'])).rejects.toThrow(/không rõ chủ đề/);
    await expect(run(['--text', 'x', '--at', '2020-01-01T08:00'])).rejects.toThrow(/đã qua/);
    await expect(run(['--text', 'x', '--now', '--at', '2030-01-01T08:00'])).rejects.toThrow(/chỉ chọn một/);
    await expect(run(['--text', 'x', '--item', 'khong-co'])).rejects.toThrow(/không có mục/);
    await expect(run(['--text', 'x', '--channel', 'fax'])).rejects.toThrow(/kênh "fax"/);
    await expect(run(['--bogus'])).rejects.toThrow(CliError);
    await expect(run(['cancel', 'nope'])).rejects.toThrow(/không có thông báo/);
    expect(await t.core.store.listAnnouncements()).toHaveLength(0);
  });
});
