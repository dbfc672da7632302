/**
 * The enrolment dialog end to end through the real conversation service: embedded store, engine,
 * the default handler chain. Only the notifier records instead of sending.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DIALOG_TTL_MS } from '../../src/conversation/router.js';
import { EXPORT_HEADERS } from '../../src/enrollment/export.js';
import { resolveProvinceName } from '../../src/text/provinces.js';
import { actionsOf, enrol, OFFICER, openBot, tap, textOf, type TestBot } from './helpers.js';

const VINH_LONG = resolveProvinceName('Vĩnh Long')!.code;

let dir: string;
let bot: TestBot;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-enrol-'));
  bot = await openBot(dir);
});
afterEach(async () => {
  await bot.close();
  rmSync(dir, { recursive: true, force: true });
});

const mine = (userId: string, includeCancelled = false) =>
  bot.core.store.listEnrollments({ user: { channel: 'cli', userId }, includeCancelled });
const dialogOf = (userId: string) =>
  bot.core.store.getConversation<{ dialog: string; step: string }>({ channel: userId === OFFICER ? 'telegram' : 'cli', userId });

describe('enrolment dialog', () => {
  it('enrols from the course button: name → phone → province → commune → confirm, and tells the officer', async () => {
    let r = await bot.say('u1', tap('enroll:course-han-vinh-long'));
    expect(textOf(r)).toContain('Lớp hàn điện cơ bản');
    expect(textOf(r)).toContain('họ và tên');
    expect(actionsOf(r)).toContain('cancel');

    r = await bot.say('u1', 'nguyễn văn an');
    expect(textOf(r)).toContain('Nguyễn Văn An');
    expect(r.some((x) => x.requestContact)).toBe(true);

    r = await bot.say('u1', '+84 912-345-678');
    expect(textOf(r)).toContain('tỉnh/thành');
    r = await bot.say('u1', 'Bến Tre'); // the old name maps to the new province
    expect(textOf(r)).toContain('Vĩnh Long (Bến Tre cũ)');
    expect(textOf(r)).toContain('xã/phường');
    r = await bot.say('u1', 'xã Mỏ Cày');
    expect(textOf(r)).toMatch(/Họ và tên: Nguyễn Văn An[\s\S]*0912 345 678[\s\S]*Vĩnh Long[\s\S]*xã Mỏ Cày/);
    expect(actionsOf(r)).toContain('confirm');
    expect(await mine('u1')).toHaveLength(0); // nothing stored before the confirmation

    r = await bot.say('u1', 'đồng ý');
    expect(textOf(r)).toContain('Đăng ký thành công');
    const [e] = await mine('u1');
    expect(e).toMatchObject({
      courseId: 'course-han-vinh-long',
      fullName: 'Nguyễn Văn An',
      phone: '0912345678',
      provinceCode: VINH_LONG,
      commune: 'xã Mỏ Cày',
      status: 'enrolled',
    });
    expect(textOf(r)).toContain(e!.id);
    expect(await dialogOf('u1')).toBeUndefined();

    const toOfficer = (await bot.sentTo(OFFICER));
    expect(toOfficer).toHaveLength(1);
    expect(toOfficer[0]!.text).toContain('Đăng ký mới: Lớp hàn điện cơ bản');
    expect(toOfficer[0]!.text).toContain('Nguyễn Văn An · 0912 345 678');
    expect(toOfficer[0]!.text).toContain('Đã nhận 1/20 · Chờ 0');
  });

  it('starts from text; several matching courses → the user picks; one match → starts at once', async () => {
    let r = await bot.say('u2', 'toi muon dang ky hoc han');
    expect(textOf(r)).toContain('bạn muốn đăng ký lớp nào');
    const picks = actionsOf(r).filter((a) => a.startsWith('enroll:'));
    expect(picks.sort()).toEqual(['enroll:course-han-an-giang', 'enroll:course-han-vinh-long']);
    r = await bot.say('u2', tap('enroll:course-han-an-giang'));
    expect(textOf(r)).toContain('Lớp hàn MIG nâng cao');
    expect((await dialogOf('u2'))?.step).toBe('name');

    r = await bot.say('u3', 'đăng ký lớp gốm');
    expect(textOf(r)).toContain('Lớp làm gốm thủ công');
    expect((await dialogOf('u3'))?.step).toBe('name');
  });

  it('tells a question about enrolling from a request to enrol', async () => {
    // A course named: enrolment, though the documents FAQ also says "đăng ký học".
    let r = await bot.say('u20', 'đăng ký học may');
    expect(textOf(r)).toContain('Lớp may công nghiệp');
    expect((await dialogOf('u20'))?.step).toBe('name');
    // A question about enrolling: its answer, not the enrolment form.
    r = await bot.say('u21', 'đăng ký học nghề cần giấy tờ gì');
    expect(textOf(r)).toContain('căn cước');
    expect(await dialogOf('u21')).toBeUndefined();
    // Already enrolled and asking how to cancel: the closest question is offered, not a course list.
    const rank = vi.spyOn(bot.core.engine, 'rank');
    r = await bot.say('u22', 'Tôi đăng ký rồi mà bận không đi học được nữa thì hủy sao?');
    expect(textOf(r)).toContain('muốn hủy hoặc đổi sang lớp khác');
    // Looked at by the enrolment handler, answered by the question handler: ranked once.
    expect(rank).toHaveBeenCalledTimes(1);
    rank.mockRestore();
    expect(actionsOf(r).some((a) => a.startsWith('enroll:'))).toBe(false);
    // A bare request to cancel from someone with nothing enrolled: said so, no FAQ.
    r = await bot.say('u23', 'hủy đăng ký');
    expect(textOf(r)).toContain('Bạn chưa đăng ký lớp nào');
    // A question about a course's enrolment: the course, with its enrol button; no form yet.
    r = await bot.say('u24', 'lớp gốm còn nhận đăng ký không?');
    expect(textOf(r)).toContain('Lớp làm gốm thủ công');
    expect(actionsOf(r)).toContain('enroll:course-gom');
    expect(await dialogOf('u24')).toBeUndefined();
    // The same words asking to be enrolled: the form.
    r = await bot.say('u25', 'cho em đăng ký lớp gốm được không');
    expect((await dialogOf('u25'))?.step).toBe('name');
    // Registering for a public service, not a course: the office that handles it.
    r = await bot.say('u26', 'đăng ký kết hôn ở xã');
    expect(textOf(r)).toMatch(/^Chuyện hộ tịch, hôn nhân, cư trú .* không thuộc phần mình hỗ trợ/);
    expect(await dialogOf('u26')).toBeUndefined();
  });

  it('asks again for a wrong phone, with an example; a shared contact counts only if it is their own', async () => {
    await bot.say('u1', tap('enroll:course-may'));
    await bot.say('u1', 'Lê Thị Hoa');
    let r = await bot.say('u1', '0123 456');
    expect(textOf(r)).toContain('chưa đúng');
    expect(textOf(r)).toContain('0912 345 678');
    expect(r.some((x) => x.requestContact)).toBe(true);
    expect((await dialogOf('u1'))?.step).toBe('phone');

    r = await bot.say('u1', { kind: 'contact', contact: { phone: '+84987654321', isOwn: false } });
    expect(textOf(r)).toContain('của chính mình');
    expect((await dialogOf('u1'))?.step).toBe('phone');

    r = await bot.say('u1', { kind: 'contact', contact: { phone: '+84987654321', isOwn: true } });
    expect((await dialogOf('u1'))?.step).toBe('province');
    await bot.say('u1', 'An Giang');
    await bot.say('u1', tap('skip'));
    r = await bot.say('u1', tap('confirm'));
    expect(textOf(r)).toContain('Đăng ký thành công');
    expect((await mine('u1'))[0]).toMatchObject({ phone: '0987654321', fullName: 'Lê Thị Hoa' });
  });

  it('asks once for a full name when given one word, then accepts it', async () => {
    await bot.say('u1', tap('enroll:course-may'));
    let r = await bot.say('u1', 'Hùng');
    expect(textOf(r)).toContain('đầy đủ cả họ và tên');
    r = await bot.say('u1', 'Hùng');
    expect(textOf(r)).toContain('số điện thoại');

    // Whole sentences work too: the name and the number are taken out of them.
    await bot.say('u2', tap('enroll:course-may'));
    r = await bot.say('u2', 'Tên em là Đỗ Thị Lan');
    expect(textOf(r)).toContain('Cảm ơn Đỗ Thị Lan.');
    r = await bot.say('u2', 'số của em là 0868 123 456 ạ');
    expect(textOf(r)).toContain('tỉnh/thành');
  });

  it('leaves the dialog on "hủy", on the cancel button, and politely on the menu', async () => {
    await bot.say('u1', tap('enroll:course-may'));
    await bot.say('u1', 'Lê Thị Hoa');
    let r = await bot.say('u1', 'hủy');
    expect(textOf(r)).toContain('đã dừng');
    expect(await dialogOf('u1')).toBeUndefined();

    await bot.say('u1', tap('enroll:course-may'));
    r = await bot.say('u1', tap('cancel'));
    expect(textOf(r)).toContain('đã dừng');
    expect(await dialogOf('u1')).toBeUndefined();

    await bot.say('u1', tap('enroll:course-may'));
    r = await bot.say('u1', tap('menu'));
    expect(textOf(r)).toContain('dừng việc đăng ký');
    expect(actionsOf(r)).toContain('browse:course');
    expect(await dialogOf('u1')).toBeUndefined();

    // A question in the middle is answered, and the form is left.
    await bot.say('u1', tap('enroll:course-may'));
    r = await bot.say('u1', 'có lớp làm gốm không?');
    expect(textOf(r)).toContain('gốm');
    expect(await dialogOf('u1')).toBeUndefined();
    expect(await mine('u1')).toHaveLength(0);
  });

  it('an officer command in the middle of the form runs the command instead of becoming the name', async () => {
    await enrol(bot, 'u1', 'course-gom', { name: 'Nguyễn Văn Một', phone: '0911000001' });
    await bot.say(OFFICER, tap('enroll:course-may'));
    const r = await bot.say(OFFICER, '/xuat');
    expect(r[0]!.file?.filename).toMatch(/\.xlsx$/);
    expect(await dialogOf(OFFICER)).toBeUndefined();
  });

  it('resumes after a restart, and an abandoned dialog expires', async () => {
    await bot.say('u1', tap('enroll:course-han-vinh-long'));
    await bot.say('u1', 'Phạm Văn Bốn');
    await bot.close();
    bot = await openBot(dir); // a new process on the same DATA_DIR

    let r = await bot.say('u1', '0903 111 222');
    expect(textOf(r)).toContain('tỉnh/thành');
    await bot.say('u1', 'vinh long');
    await bot.say('u1', 'bo qua');
    r = await bot.say('u1', 'co');
    expect(textOf(r)).toContain('Đăng ký thành công');
    expect((await mine('u1'))[0]).toMatchObject({ fullName: 'Phạm Văn Bốn', phone: '0903111222' });

    await bot.say('u2', tap('enroll:course-han-vinh-long'));
    bot.clock.now = new Date(bot.clock.now.getTime() + DIALOG_TTL_MS + 60_000);
    r = await bot.say('u2', 'Phạm Văn Năm');
    expect(textOf(r)).not.toContain('số điện thoại di động');
    expect(await dialogOf('u2')).toBeUndefined();
  });

  it('refuses a course past its deadline kindly, offering open courses of the same trade', async () => {
    let r = await bot.say('u1', tap('enroll:course-han-2024'));
    expect(textOf(r)).toContain('đã hết hạn đăng ký (20/05/2024)');
    expect(actionsOf(r).filter((a) => a.startsWith('enroll:')).sort()).toEqual([
      'enroll:course-han-an-giang',
      'enroll:course-han-vinh-long',
    ]);
    expect(await dialogOf('u1')).toBeUndefined();

    // No other embroidery course: offered the news instead.
    r = await bot.say('u1', 'đăng ký lớp thêu');
    expect(textOf(r)).toContain('hết hạn đăng ký');
    expect(actionsOf(r).some((a) => a.startsWith('sub:course'))).toBe(true);
  });

  it('offers the waiting list when full; a cancellation moves the first waiting person up and tells them', async () => {
    await enrol(bot, 'a', 'course-gom', { name: 'Nguyễn Văn A Một', phone: '0911000001' });
    await enrol(bot, 'b', 'course-gom', { name: 'Nguyễn Văn Hai', phone: '0911000002' });

    let r = await bot.say('c', tap('enroll:course-gom'));
    expect(textOf(r)).toContain('đã đủ chỗ');
    expect(textOf(r)).toContain('danh sách chờ');
    r = await bot.say('c', 'có');
    expect(textOf(r)).toContain('họ và tên');
    await bot.say('c', 'Trần Thị Ba');
    await bot.say('c', '0911000003');
    await bot.say('c', 'Vĩnh Long');
    r = await bot.say('c', 'bỏ qua');
    expect(textOf(r)).toContain('bạn sẽ vào danh sách chờ');
    r = await bot.say('c', 'đồng ý');
    expect(textOf(r)).toContain('danh sách chờ');
    expect((await mine('c'))[0]).toMatchObject({ status: 'waiting', waitingPosition: 1 });
    await enrol(bot, 'd', 'course-gom', { name: 'Trần Thị Tư', phone: '0911000004' });
    expect((await mine('d'))[0]?.status).toBe('waiting');

    await bot.forgetSent();
    r = await bot.say('a', 'hủy đăng ký lớp gốm');
    expect(textOf(r)).toContain('chắc chắn muốn hủy đăng ký lớp "Lớp làm gốm thủ công"');
    r = await bot.say('a', 'có');
    expect(textOf(r)).toContain('Đã hủy đăng ký');
    expect((await mine('a'))).toHaveLength(0);
    expect((await mine('c'))[0]?.status).toBe('enrolled');
    expect((await mine('d'))[0]?.status).toBe('waiting');

    const toC = (await bot.sentTo('c'));
    expect(toC).toHaveLength(1);
    expect(toC[0]!.text).toContain('đã có chỗ cho bạn');
    expect((await bot.sentTo('d'))).toHaveLength(0);
    const toOfficer = textOf((await bot.sentTo(OFFICER)));
    expect(toOfficer).toContain('Hủy đăng ký: Lớp làm gốm thủ công');
    expect(toOfficer).toContain('Trần Thị Ba · 0911 000 003');
  });

  it('shows the existing enrolment instead of a second one', async () => {
    await enrol(bot, 'u1', 'course-may', { name: 'Võ Văn Sáu', phone: '0977000006', province: 'An Giang' });
    let r = await bot.say('u1', tap('enroll:course-may'));
    expect(textOf(r)).toContain('đã đăng ký lớp này rồi');
    expect(await dialogOf('u1')).toBeUndefined();
    r = await bot.say('u1', 'đăng ký học may');
    expect(textOf(r)).toContain('đã đăng ký lớp này rồi');
    expect(await mine('u1', true)).toHaveLength(1);

    r = await bot.say('u1', 'lớp đã đăng ký');
    expect(textOf(r)).toContain('Lớp may công nghiệp');
    expect(textOf(r)).toContain('0977 000 006');
  });

  it('erases personal data after a confirmation', async () => {
    await enrol(bot, 'u1', 'course-may', { name: 'Võ Văn Sáu', phone: '0977000006', province: 'An Giang' });
    let r = await bot.say('u1', 'xóa thông tin của tôi');
    expect(textOf(r)).toContain('không hoàn tác');
    expect((await mine('u1'))[0]?.phone).toBe('0977000006'); // not yet
    r = await bot.say('u1', 'có');
    expect(textOf(r)).toContain('đã xóa họ tên và số điện thoại');
    const rows = await mine('u1', true);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ phone: '', status: 'cancelled' });
    expect(rows[0]!.fullName).not.toContain('Sáu');
    // The officers heard of the cancellation without the name or phone.
    expect(textOf((await bot.sentTo(OFFICER)))).not.toMatch(/Hủy đăng ký[\s\S]*Võ Văn Sáu/);
  });

  it('takes "đúng" as yes at the summary, and a stray "hủy" outside any form is answered kindly', async () => {
    await bot.say('u1', tap('enroll:course-may'));
    await bot.say('u1', 'Đặng Văn Bảy');
    await bot.say('u1', '0355 123 456');
    await bot.say('u1', 'An Giang');
    await bot.say('u1', 'bỏ qua');
    let r = await bot.say('u1', 'đúng');
    expect(textOf(r)).toContain('Đăng ký thành công');
    r = await bot.say('u1', 'thôi');
    expect(textOf(r)).toContain('không có gì đang làm dở');
    expect((await mine('u1'))[0]?.status).toBe('enrolled');
  });

  it("notifies only the officers of the course's province (and ADMIN_IDS)", async () => {
    const AN_GIANG = resolveProvinceName('An Giang')!.code;
    await bot.core.store.upsertOfficer({ channel: 'telegram', userId: 'vl', provinceCodes: [VINH_LONG] });
    await bot.core.store.upsertOfficer({ channel: 'zalo', userId: 'ag', provinceCodes: [AN_GIANG] });
    await bot.core.store.upsertOfficer({ channel: 'telegram', userId: 'all', provinceCodes: [] });
    await enrol(bot, 'u1', 'course-gom', { name: 'Nguyễn Văn Một', phone: '0911000001' }); // Vĩnh Long
    expect((await bot.sent()).map((s) => `${s.to.channel}:${s.to.userId}`).sort()).toEqual([
      'telegram:all',
      `telegram:${OFFICER}`,
      'telegram:vl',
    ]);
    // A stored officer may export in chat, but only their province's courses.
    let r = await bot.say('ag', { channel: 'zalo', text: '/xuat course-gom' });
    expect(textOf(r)).toContain('không thuộc tỉnh');
    expect(r[0]!.file).toBeUndefined();
    r = await bot.say('vl', { channel: 'telegram', text: '/xuat course-gom' });
    expect(r[0]!.file).toBeDefined();
  });

  it('gives officers the list as a real xlsx and counts; refuses others politely', async () => {
    await enrol(bot, 'u1', 'course-gom', { name: 'Nguyễn Văn Một', phone: '0911000001' });
    await enrol(bot, 'u2', 'course-may', { name: 'Nguyễn Văn Hai', phone: '0911000002', province: 'An Giang' });

    let r = await bot.say('u1', '/xuat');
    expect(r[0]!.file).toBeUndefined();
    expect(textOf(r)).toContain('chỉ dành cho cán bộ');
    expect(textOf(r)).not.toContain('0911');

    r = await bot.say(OFFICER, '/xuat');
    const file = r[0]!.file!;
    expect(file.filename).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.data as never);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...EXPORT_HEADERS]);
    const phones = [2, 3].map((i) => sheet.getRow(i).getCell(4).value);
    expect(phones.sort()).toEqual(['0911000001', '0911000002']);

    r = await bot.say(OFFICER, 'xuất danh sách lớp gốm');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(r[0]!.file!.data as never);
    expect(wb2.worksheets[0]!.rowCount).toBe(2);
    expect(wb2.worksheets[0]!.getRow(2).getCell(3).value).toBe('Nguyễn Văn Một');

    // Three welding courses (one closed: its list may still be wanted): the officer picks, nothing is sent yet.
    r = await bot.say(OFFICER, 'xuất danh sách lớp hàn');
    expect(r[0]!.file).toBeUndefined();
    expect(textOf(r)).toContain('muốn xuất lớp nào');
    expect(actionsOf(r).filter((a) => a.startsWith('export:')).sort()).toEqual(['export:course-han-2024', 'export:course-han-an-giang', 'export:course-han-vinh-long']);

    r = await bot.say(OFFICER, '/thongke');
    expect(textOf(r)).toContain('Lớp làm gốm thủ công (course-gom)');
    expect(textOf(r)).toContain('Đã nhận 1/2 · Chờ 0');
    r = await bot.say('u1', '/thongke');
    expect(textOf(r)).toContain('chỉ dành cho cán bộ');
  });
});
