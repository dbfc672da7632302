/**
 * Content from the console: the list and its filters, the item form with the import's validation
 * (errors at the field), province scoping, uploads through the all-or-nothing import (XLSX too),
 * and "Thử hỏi".
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleBrowser, openConsole, VINH_LONG } from './helpers.js';

type Opened = Awaited<ReturnType<typeof openConsole>>;

describe('console content', () => {
  let c: Opened;
  let lan: ReturnType<typeof consoleBrowser>;
  beforeEach(async () => {
    c = await openConsole();
    await c.addOfficer('lan', VINH_LONG);
    await c.addOfficer('boss', undefined, true);
    lan = consoleBrowser(c.app);
    await lan.login('lan');
  });
  afterEach(async () => c.close());

  it('lists the officer\'s province and national items, never another province\'s, with search and filters', async () => {
    const list = await lan.get('/admin/content');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Lớp hàn điện cơ bản Vĩnh Long');
    expect(list.body).toContain('Đăng ký học nghề cần giấy tờ gì');
    expect(list.body).not.toContain('Lớp may công nghiệp An Giang');
    // Search folds accents; kind and "national only" filter.
    expect((await lan.get('/admin/content?q=han%20dien')).body).not.toContain('giấy tờ');
    expect((await lan.get('/admin/content?q=han%20dien')).body).toContain('Lớp hàn điện');
    expect((await lan.get('/admin/content?kind=faq')).body).not.toContain('Lớp hàn điện');
    expect((await lan.get('/admin/content?province=*')).body).not.toContain('Lớp hàn điện');
    expect((await lan.get('/admin/content?to=2020-01-01')).body).toContain('0 mục');
    // Another province's item by its address: not found. A national one: read-only.
    expect((await lan.get('/admin/content/course-may-an-giang')).statusCode).toBe(404);
    const national = await lan.get('/admin/content/faq-dang-ky');
    expect(national.body).toContain('bạn chỉ xem được');
    expect(national.body).not.toContain('<form method="post" action="/admin/content/faq-dang-ky"');
    // The admin sees everything.
    const boss = consoleBrowser(c.app);
    await boss.login('boss');
    expect((await boss.get('/admin/content')).body).toContain('Lớp may công nghiệp An Giang');
  });

  it('creates an item through the import\'s validation, showing each error at its field, and the engine then answers it', async () => {
    await lan.get('/admin/content/new');
    const bad = await lan.post('/admin/content', { id: 'Lớp Mới', kind: 'course', title: 'ab', province: 'Vĩnh Long', deadline: '31/02/2027', capacity: '-3' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="f-title"[^>]*aria-invalid="true"/);
    expect(bad.body).toMatch(/<p class="err" id="f-title-err">[^<]+<\/p>/);
    expect(bad.body).toContain('<p class="err" id="f-id-err">chỉ gồm a-z, 0-9 và dấu gạch ngang');
    expect(bad.body).toContain('<p class="err" id="f-deadline-err">ngày không tồn tại');
    expect(bad.body).toMatch(/id="f-capacity-err"/);
    expect(bad.body).toContain('value="ab"'); // what was typed stays in the form
    expect(await c.store.countItems()).toBe(3);

    const ok = await lan.post('/admin/content', {
      id: 'course-sua-xe-may-vung-liem',
      kind: 'course',
      title: 'Lớp sửa chữa xe máy Vũng Liêm',
      summary: 'Khóa 3 tháng dạy sửa chữa xe máy, miễn phí cho lao động nông thôn.',
      province: 'Vĩnh Long',
      capacity: '25',
      keywords: 'sua xe may; sửa xe; thợ máy',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/admin/content/course-sua-xe-may-vung-liem?saved=1');
    const item = await c.store.getItem('course-sua-xe-may-vung-liem');
    expect(item).toMatchObject({ provinceCode: VINH_LONG, capacity: 25, keywords: ['sua xe may', 'sửa xe', 'thợ máy'] });
    await c.engine.refresh(true);
    const answer = await c.engine.ask('muon hoc sua xe may o vinh long');
    expect(answer.results[0]?.id).toBe('course-sua-xe-may-vung-liem');
    const entries = await c.store.console.listAudit();
    expect(entries[0]).toMatchObject({ actor: 'lan', action: 'item.create', target: 'course-sua-xe-may-vung-liem', provinceCode: VINH_LONG });

    // The same id again is refused at the id field.
    await lan.get('/admin/content/new');
    const dup = await lan.post('/admin/content', { id: 'course-sua-xe-may-vung-liem', kind: 'course', title: 'Trùng mã', province: 'Vĩnh Long' });
    expect(dup.body).toContain('<p class="err" id="f-id-err">mã này đã có');
  });

  it('keeps a province officer to their province: not another\'s, not national, and edits keep the id', async () => {
    await lan.get('/admin/content/new');
    const other = await lan.post('/admin/content', { id: 'course-x', kind: 'course', title: 'Lớp ở An Giang', province: 'An Giang' });
    expect(other.statusCode).toBe(422);
    expect(other.body).toContain('<p class="err" id="f-province-err">bạn chỉ thêm, sửa nội dung của Vĩnh Long, không phải An Giang');
    const national = await lan.post('/admin/content', { id: 'course-x', kind: 'course', title: 'Lớp toàn quốc', province: '' });
    expect(national.body).toContain('nội dung toàn quốc (không ghi tỉnh) chỉ quản trị viên sửa được');
    // Taking over another province's item by naming its id is refused too.
    const takeover = await lan.post('/admin/content', { id: 'course-may-an-giang', kind: 'course', title: 'Của tôi', province: 'Vĩnh Long' });
    expect(takeover.statusCode).toBe(422);
    expect((await c.store.getItem('course-may-an-giang'))?.title).toBe('Lớp may công nghiệp An Giang');
    expect((await lan.post('/admin/content/course-may-an-giang', { kind: 'course', title: 'Sửa trộm', province: 'Vĩnh Long' })).statusCode).toBe(403);
    expect((await lan.post('/admin/content/faq-dang-ky', { kind: 'faq', title: 'Sửa trộm' })).statusCode).toBe(403);

    // Editing their own item: the form comes back filled, and the id cannot change.
    const edit = await lan.get('/admin/content/course-han-vinh-long');
    expect(edit.body).toContain('value="Lớp hàn điện cơ bản Vĩnh Long"');
    const saved = await lan.post('/admin/content/course-han-vinh-long', { id: 'doi-ma', kind: 'course', title: 'Lớp hàn điện nâng cao', province: 'Vĩnh Long', capacity: '12' });
    expect(saved.statusCode).toBe(303);
    expect(await c.store.getItem('doi-ma')).toBeUndefined();
    expect(await c.store.getItem('course-han-vinh-long')).toMatchObject({ title: 'Lớp hàn điện nâng cao', capacity: 12 });
  });

  it('imports uploaded files all or nothing, listing every problem; a workbook is read like a CSV', async () => {
    await lan.get('/admin/content/upload');
    const yaml = '- id: course-a\n  kind: course\n  title: Lớp một Vĩnh Long\n  province: Vĩnh Long\n- id: course-b\n  kind: course\n  title: Lớp hai\n  province: An Giang\n';
    const bad = await lan.upload('/admin/content/upload', [
      { name: 'a.yaml', data: yaml },
      { name: 'b.json', data: '[{"id":"course-c","kind":"course","title":"x"}]' },
    ]);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<td>b.json</td><td>course-c</td><td>Tiêu đề</td>');
    expect(await c.store.getItem('course-a')).toBeUndefined();
    // Scope problems are listed the same way, and still nothing is written.
    const scoped = await lan.upload('/admin/content/upload', [{ name: 'a.yaml', data: yaml }]);
    expect(scoped.body).toContain('<td>course-b</td><td>Tỉnh/thành</td><td>bạn chỉ thêm, sửa nội dung của Vĩnh Long, không phải An Giang</td>');
    expect(await c.store.getItem('course-a')).toBeUndefined();
    expect((await lan.upload('/admin/content/upload', [{ name: 'notes.txt', data: 'x' }])).body).toContain('chỉ nhận tệp .yaml, .yml, .json, .csv hoặc .xlsx');

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Khóa học');
    sheet.addRow(['id', 'title', 'province', 'capacity', 'keywords', 'deadline']);
    sheet.addRow(['course-excel-1', 'Lớp trồng nấm rơm', 'Bến Tre', 20, 'nấm rơm; nam rom', '15/04/2027']);
    sheet.addRow(['course-excel-2', 'Lớp nuôi ong mật', 'Vĩnh Long', '', '', '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const ok = await lan.upload('/admin/content/upload', [{ name: 'courses.xlsx', data: xlsx }]);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Đã nhập: 2 mục mới, 0 mục cập nhật');
    expect(await c.store.getItem('course-excel-1')).toMatchObject({ kind: 'course', provinceCode: VINH_LONG, capacity: 20, keywords: ['nấm rơm', 'nam rom'], deadline: '2027-04-15' });
    expect(await c.store.getItem('course-excel-2')).toMatchObject({ kind: 'course', title: 'Lớp nuôi ong mật' });
    expect((await c.store.console.listAudit())[0]).toMatchObject({ action: 'item.import', actor: 'lan' });
  });

  it('"Thử hỏi" shows what the bot would answer, the words matched and how sure, and writes nothing', async () => {
    const before = await c.store.contentRevision();
    const res = await lan.get('/admin/try?q=' + encodeURIComponent('lớp hàn điện ở vĩnh long'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Bot <b>trả lời</b>');
    expect(res.body).toContain('<b>Lớp hàn điện cơ bản Vĩnh Long</b>');
    expect(res.body).toMatch(/<td>Lớp hàn điện cơ bản Vĩnh Long<br><small class="muted">course-han-vinh-long<\/small><\/td><td>\d+,\d\d<\/td><td>[^<]*han dien[^<]*<\/td>/);
    expect(res.body).toContain('Tỉnh nhắc đến: <b>Vĩnh Long</b>');
    const nothing = await lan.get('/admin/try?q=' + encodeURIComponent('cách nấu canh chua cá lóc'));
    expect(nothing.body).toMatch(/không tìm thấy|chưa chắc/);
    // A public service the content does not cover: the office the bot sends people to.
    const service = await lan.get('/admin/try?q=' + encodeURIComponent('làm lại căn cước bị mất ở đâu'));
    expect(service.body).toContain('Bot <b>chỉ nơi lo việc này</b>: câu hỏi về căn cước');
    // Markup typed as a question comes back as text.
    expect((await lan.get('/admin/try?q=%3Cscript%3Ex%3C%2Fscript%3E')).body).not.toContain('<script>x');
    expect(await c.store.contentRevision()).toBe(before);
  });
});
