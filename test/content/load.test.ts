/**
 * Tests for the content-pack loader: the shipped pack, the eval corpus, every input format,
 * and the all-or-nothing error report officers read when a file is wrong.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError, loadContent, loadContentSources, type ContentProblem } from '../../src/content/load.js';
import { CONTENT_KINDS, MAX_ITEM_ID_LENGTH } from '../../src/content/model.js';
import { itemReply } from '../../src/replies/format.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const shippedPack = join(root, 'content');
const evalCorpus = resolve(root, '../shared/eval/corpus.json');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nghebot-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes files under a fresh sub-folder of the temp dir and returns its path. */
let folders = 0;
async function pack(files: Record<string, string | Buffer>): Promise<string> {
  const base = join(dir, `pack-${++folders}`);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(base, name, '..'), { recursive: true });
    await writeFile(join(base, name), text);
  }
  return base;
}

/** Runs the loader expecting failure and returns the error. */
async function errorOf(paths: string[]): Promise<ContentError> {
  const err = await loadContent(paths).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ContentError);
  return err as ContentError;
}
const problemsOf = async (paths: string[]): Promise<ContentProblem[]> => (await errorOf(paths)).problems;

const course = (id: string, extra = '') => `- id: ${id}\n  kind: course\n  title: Lớp học thử ${id}\n${extra}`;

describe('shipped content pack', () => {
  it('loads, is large enough, covers every kind, and every plan cites its source', async () => {
    const { items, files } = await loadContent([shippedPack]);
    expect(items.length).toBeGreaterThanOrEqual(50);
    expect(files.map((f) => f.slice(shippedPack.length + 1))).toEqual([
      'courses.yaml', 'fairs.yaml', 'faqs.yaml', 'plans.yaml', 'policies.yaml',
    ]);
    for (const kind of CONTENT_KINDS) expect(items.some((i) => i.kind === kind), kind).toBe(true);
    for (const plan of items.filter((i) => i.kind === 'plan')) expect(plan.source?.ref, plan.id).toBeTruthy();
  });

  it('follows the pack conventions: id prefixed by kind, short course summaries, courses bookable', async () => {
    const { items } = await loadContent([shippedPack]);
    for (const item of items) expect(item.id.startsWith(`${item.kind}-`), item.id).toBe(true);
    const courses = items.filter((i) => i.kind === 'course');
    expect(courses.length).toBeGreaterThanOrEqual(20);
    for (const c of courses) {
      expect(c.summary?.length ?? 0, c.id).toBeGreaterThan(0);
      expect(c.summary!.length, c.id).toBeLessThanOrEqual(250);
      expect(c.capacity, c.id).toBeGreaterThanOrEqual(10);
      expect(c.province && c.startsAt && c.fee && c.contact, c.id).toBeTruthy();
    }
    // The "registration closed" rule needs a couple of deadlines already past in late 2026.
    expect(courses.filter((c) => c.deadline && c.deadline < '2026-11-01').length).toBeGreaterThanOrEqual(2);
    for (const faq of items.filter((i) => i.kind === 'faq')) expect(faq.summary, faq.id).toBeTruthy();
  });

  it('shows no placeholder phone anywhere (a made-up number must never be dialled)', async () => {
    const { items } = await loadContent([shippedPack]);
    for (const item of items) {
      const shown = itemReply(item as Parameters<typeof itemReply>[0]).text;
      expect(shown, item.id).not.toMatch(/x{3}/i);
      expect(JSON.stringify(item), item.id).not.toMatch(/\dx|x{3}|1900 1234/i);
    }
  });

  // shared/ sits beside the project in development and CI, not in every clone.
  it.skipIf(!existsSync(evalCorpus))('loads the eval corpus', async () => {
    const { items, files } = await loadContent([evalCorpus]);
    expect(files).toEqual([evalCorpus]);
    expect(items).toHaveLength(20);
    expect(items.find((i) => i.id === 'plan-dong-thap-langnghe')?.source?.ref).toBe('215/KH-UBND');
  });
});

describe('YAML and JSON', () => {
  it('accepts a list or {items: [...]}, recurses into folders in name order and skips dotfiles', async () => {
    const base = await pack({
      'b.yaml': course('course-b'),
      'a/z.json': JSON.stringify({ items: [{ id: 'fair-z', kind: 'fair', title: 'Hội chợ Z' }] }),
      'a/y.yml': 'items:\n' + course('course-y').replace(/^/gm, '  '),
      '.hidden.yaml': 'not: [valid',
      '.git/x.yaml': 'not: [valid',
      'notes.md': '# not content',
    });
    const { items, files } = await loadContent([base]);
    expect(items.map((i) => i.id)).toEqual(['course-y', 'fair-z', 'course-b']);
    expect(files).toEqual([join(base, 'a/y.yml'), join(base, 'a/z.json'), join(base, 'b.yaml')]);
  });

  it('reports file, item, field and reason for each bad item, and all of them at once', async () => {
    const base = await pack({
      'courses.yaml': [
        course('course-ok'),
        '- id: course-bad',
        '  kind: course',
        '  capacity: ba mươi',
        '  startsAt: "2027-02-30"',
        '  source: { url: "javascript:alert(1)" }',
        '  teacher: Cô Lan',
        '- kind: lesson',
        '  title: Không có id',
      ].join('\n'),
    });
    const problems = await problemsOf([base]);
    const file = join(base, 'courses.yaml');
    const of = (item: string, field: string) => problems.find((p) => p.item === item && p.field === field);
    expect(of('course-bad', 'title')).toMatchObject({ file, reason: 'bắt buộc, đang thiếu' });
    expect(of('course-bad', 'capacity')?.reason).toBe('phải là số');
    expect(of('course-bad', 'startsAt')?.reason).toBe('ngày không tồn tại'); // Date.parse alone accepts 30 Feb
    expect(of('course-bad', 'source.url')?.reason).toMatch(/http/);
    expect(of('course-bad', 'teacher')?.reason).toMatch(/không được hỗ trợ/);
    expect(of('#3', 'id')?.reason).toBe('bắt buộc, đang thiếu'); // no id → 1-based position
    expect(of('#3', 'kind')?.reason).toMatch(/course, policy, fair, plan, faq/);
    expect(problems.some((p) => p.item === 'course-ok')).toBe(false);
  });

  it('caps ids at what a button can carry, and every accepted id makes working buttons', async () => {
    const longest = `course-${'a'.repeat(MAX_ITEM_ID_LENGTH - 'course-'.length)}`;
    const tooLong = `${longest}b`;
    const problems = await problemsOf([await pack({ 'c.yaml': [course(longest), course(tooLong)].join('\n') })]);
    expect(problems).toEqual([expect.objectContaining({ item: tooLong, field: 'id', reason: expect.stringMatching(/tối đa 56 ký tự/) })]);
    const {
      items: [item],
    } = await loadContent([await pack({ 'c.yaml': course(longest) })]);
    const reply = itemReply({ ...item!, rev: 1, importedAt: '2026-01-01T00:00:00Z' });
    const actions = reply.buttons!.flat().map((b) => b.action);
    expect(actions).toContain(`enroll:${longest}`);
    for (const a of actions) expect(Buffer.byteLength(a)).toBeLessThanOrEqual(64);
  });

  it('names the wrong list element, e.g. a number YAML made out of a keyword', async () => {
    const problems = await problemsOf([await pack({ 'x.yaml': course('course-k', '  keywords: [hàn, 119]\n') })]);
    expect(problems).toEqual([expect.objectContaining({ item: 'course-k', field: 'keywords.1' })]);
  });

  it('lists every problem in the message, one per line', async () => {
    const base = await pack({ 'x.yaml': '- id: course-a\n  kind: course\n- id: course-b\n  kind: course\n' });
    const err = await errorOf([base]);
    expect(err.message.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      `- ${join(base, 'x.yaml')} · course-a · title: bắt buộc, đang thiếu`,
      `- ${join(base, 'x.yaml')} · course-b · title: bắt buộc, đang thiếu`,
    ]);
  });

  it('reports duplicate ids naming both places, within a file and across files', async () => {
    const base = await pack({
      'a.yaml': `${course('course-a')}\n${course('course-a')}`,
      'b.json': JSON.stringify([{ id: 'course-a', kind: 'course', title: 'Lớp khác' }]),
    });
    const dups = (await problemsOf([base])).filter((p) => p.field === 'id');
    expect(dups).toHaveLength(2);
    expect(dups[0]).toMatchObject({ file: join(base, 'a.yaml'), item: 'course-a' });
    expect(dups[0]!.reason).toContain(`${join(base, 'a.yaml')} (mục #1)`);
    expect(dups[0]!.reason).toContain('mục #2');
    expect(dups[1]).toMatchObject({ file: join(base, 'b.json'), item: 'course-a' });
    expect(dups[1]!.reason).toContain(join(base, 'a.yaml'));
  });

  it('reads a file named twice (folder and file) only once', async () => {
    const base = await pack({ 'a.yaml': course('course-a') });
    const { items, files } = await loadContent([base, join(base, 'a.yaml')]);
    expect(items).toHaveLength(1);
    expect(files).toHaveLength(1);
  });

  it('turns unparseable files, missing paths and unknown extensions into file-level problems', async () => {
    const base = await pack({
      'bad.yaml': '- id: course-a\n  title: [unclosed\n',
      'bad.json': '[{"id": "course-a",}]',
      'dup-key.yaml': '- id: course-a\n  id: course-b\n',
      'scalar.yaml': 'just a sentence',
      'notes.txt': 'hello',
    });
    const problems = await problemsOf([
      join(base, 'bad.yaml'), join(base, 'bad.json'), join(base, 'dup-key.yaml'),
      join(base, 'scalar.yaml'), join(base, 'notes.txt'), join(base, 'missing.yaml'),
    ]);
    const fileLevel = (name: string) => problems.filter((p) => p.file === join(base, name) && p.item === '-' && p.field === '-');
    // YAML syntax errors in Vietnamese, with line and column, without the parser's English text.
    expect(fileLevel('bad.yaml')[0]?.reason).toMatch(/^YAML sai cú pháp ở dòng \d+, cột \d+: [a-zà-ỹ]/);
    expect(fileLevel('bad.json')[0]?.reason).toMatch(/^JSON không đọc được/);
    expect(fileLevel('dup-key.yaml')[0]?.reason).toBe('YAML sai cú pháp ở dòng 2, cột 3: một trường bị ghi hai lần trong cùng một mục');
    for (const p of problems) expect(p.reason).not.toMatch(/[A-Z][a-z]+ [a-z]+ [a-z]+.*:$/);
    expect(fileLevel('scalar.yaml')[0]?.reason).toMatch(/danh sách/);
    expect(fileLevel('notes.txt')[0]?.reason).toMatch(/\.yaml/);
    expect(fileLevel('missing.yaml')[0]?.reason).toMatch(/không tìm thấy/);
  });
});

describe('dates and phones, whatever the format', () => {
  it('accepts 31/01/2027 in YAML and JSON as in CSV', async () => {
    const base = await pack({
      'a.yaml': course('course-a', '  deadline: 31/01/2027\n  startsAt: "1/2/2027"\n'),
      'b.json': JSON.stringify([{ id: 'course-b', kind: 'course', title: 'Lớp học thử b', deadline: '31/01/2027' }]),
    });
    const { items } = await loadContent([base]);
    expect(items.map((i) => [i.id, i.deadline, i.startsAt])).toEqual([
      ['course-a', '2027-01-31', '2027-02-01'],
      ['course-b', '2027-01-31', undefined],
    ]);
  });

  it('still refuses a day that does not exist, written either way', async () => {
    const base = await pack({ 'a.yaml': course('course-a', '  deadline: 30/02/2027\n') + course('course-b', '  deadline: 2027-02-30\n') });
    const problems = await problemsOf([base]);
    expect(problems.map((p) => [p.item, p.field, p.reason])).toEqual([
      ['course-a', 'deadline', 'ngày không tồn tại'],
      ['course-b', 'deadline', 'ngày không tồn tại'],
    ]);
  });

  it('leaves out a placeholder phone (with its label), keeping the rest of the contact', async () => {
    const base = await pack({
      'a.yaml':
        course('course-a', '  contact: Trung tâm Khuyến nông, ĐT 0297 3xxx xxx\n  summary: Gọi SĐT 024 3xxx xxxx để hỏi.\n') +
        course('course-b', '  contact: ĐT 0270 3xxx xxx\n  fee: Miễn phí\n') +
        course('course-c', '  contact: Hội Nông dân xã, ĐT 0270 3822 123\n'),
    });
    const { items } = await loadContent([base]);
    expect(items.map((i) => [i.id, i.contact, i.summary])).toEqual([
      ['course-a', 'Trung tâm Khuyến nông', 'Gọi để hỏi.'],
      ['course-b', undefined, undefined],
      ['course-c', 'Hội Nông dân xã, ĐT 0270 3822 123', undefined], // a real number stays
    ]);
  });
});

describe('CSV', () => {
  it('reads Excel-style CSV: BOM, `;` delimiter, quoted `;` lists, source columns, kind from file name', async () => {
    const csv = [
      'id;title;keywords;tags;province;startsAt;deadline;capacity;fee;source.ref;source.issuer',
      'course-han;Lớp hàn điện;"hoc han; tho han ;lop han";cơ khí;Kiên Giang;2027-02-15;31/01/2027;24;Miễn phí;;',
      'course-may;Lớp may;;;;;;;;12/KH-UBND;UBND xã',
    ].join('\r\n');
    const base = await pack({ 'courses.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]) });
    const { items } = await loadContent([base]);
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      id: 'course-han',
      kind: 'course',
      title: 'Lớp hàn điện',
      keywords: ['hoc han', 'tho han', 'lop han'],
      tags: ['cơ khí'],
      province: 'Kiên Giang',
      startsAt: '2027-02-15',
      deadline: '2027-01-31', // Excel in Vietnamese shows dates day first
      capacity: 24,
      fee: 'Miễn phí',
    });
    // Empty cells are absent, not empty strings; the BOM did not stick to the first header.
    expect(items[1]).toEqual({
      id: 'course-may', kind: 'course', title: 'Lớp may', source: { ref: '12/KH-UBND', issuer: 'UBND xã' },
    });
  });

  it('reads comma CSV with a kind column and source_ref style headers, reporting rows by line number', async () => {
    const csv = [
      'kind,id,title,source_ref,source_date',
      'policy,policy-a,Chính sách A,45/2012/NĐ-CP,2012-05-21',
      'faq,faq-b,"Câu hỏi B, có dấu phẩy",,',
      'plan,,Kế hoạch thiếu id,,2022-13-01',
    ].join('\n');
    const base = await pack({ 'mixed.csv': csv });
    const problems = await problemsOf([base]);
    expect(problems.map((p) => [p.item, p.field])).toEqual([
      ['#4', 'id'],
      ['#4', 'source.date'],
    ]);

    const ok = await pack({ 'mixed.csv': csv.split('\n').slice(0, 3).join('\n') });
    const { items } = await loadContent([ok]);
    expect(items.map((i) => i.kind)).toEqual(['policy', 'faq']);
    expect(items[0]?.source).toEqual({ ref: '45/2012/NĐ-CP', date: '2012-05-21' });
    expect(items[1]?.title).toBe('Câu hỏi B, có dấu phẩy');
  });

  it('knows the kind from course-*.csv, policies.csv, fairs.csv, plans.csv, faqs.csv', async () => {
    const base = await pack({
      'course-2027.csv': 'id,title\ncourse-a,Lớp A\n',
      'policies.csv': 'id,title\npolicy-a,Chính sách A\n',
      'fairs.csv': 'id,title\nfair-a,Hội chợ A\n',
      'plans.csv': 'id,title\nplan-a,Kế hoạch A\n',
      'faqs.csv': 'id,title\nfaq-a,Hỏi gì?\n',
    });
    const { items } = await loadContent([base]);
    expect(Object.fromEntries(items.map((i) => [i.id, i.kind]))).toEqual({
      'course-a': 'course', 'policy-a': 'policy', 'fair-a': 'fair', 'plan-a': 'plan', 'faq-a': 'faq',
    });
  });

  it('reports unknown columns, rows without a kind, broken quoting and non-UTF-8 files', async () => {
    const base = await pack({
      'list.csv': 'id,title,giang_vien\ncourse-a,Lớp A,Cô Lan\n',
      'broken.csv': 'id,title\n"course-a,Lớp A\n',
      // "Lớp" saved by Excel as Windows-1258: 0xEC is not valid UTF-8 here.
      'courses.csv': Buffer.from([...Buffer.from('id,title\ncourse-b,L'), 0xec, 0x70, 0x0a]),
    });
    const problems = await problemsOf([base]);
    const at = (name: string) => problems.filter((p) => p.file === join(base, name));
    expect(at('list.csv')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ item: '-', field: 'giang_vien' }),
        expect.objectContaining({ item: 'course-a', field: 'kind' }),
      ]),
    );
    expect(at('broken.csv')[0]).toMatchObject({ item: '-', field: '-' });
    expect(at('broken.csv')[0]?.reason).toMatch(/^CSV không đọc được/);
    expect(at('courses.csv')[0]?.reason).toMatch(/UTF-8/);
  });
});

describe('normalisation and all-or-nothing', () => {
  it('stores NFC text, trimmed, whatever the file used', async () => {
    const nfd = 'Lớp hàn điện Kiên Giang'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const base = await pack({
      'x.yaml': `- id: course-a\n  kind: course\n  title: "  ${nfd}  "\n  keywords: ["${'hàn'.normalize('NFD')}"]\n`,
      'y.csv': `id,kind,title,province\ncourse-b,course,${nfd},${'Kiên Giang'.normalize('NFD')}\n`,
    });
    const { items } = await loadContent([base]);
    expect(items[0]?.title).toBe('Lớp hàn điện Kiên Giang'.normalize('NFC'));
    expect(items[0]?.keywords).toEqual(['hàn'.normalize('NFC')]);
    expect(items[1]?.title).toBe(items[0]?.title);
    expect(items[1]?.province).toBe('Kiên Giang'.normalize('NFC'));
  });

  it('treats blank YAML values like empty CSV cells: absent', async () => {
    const base = await pack({ 'x.yaml': course('course-a', '  place:\n  summary: "  "\n  tags: [nghề, ""]\n') });
    const { items } = await loadContent([base]);
    expect(items[0]).toEqual({ id: 'course-a', kind: 'course', title: 'Lớp học thử course-a', tags: ['nghề'] });
  });

  it('a folder with one good and one bad file throws and returns nothing', async () => {
    const base = await pack({
      'good.yaml': course('course-good'),
      'bad.yaml': '- id: course-bad\n  kind: course\n',
    });
    const outcome = await loadContent([base]).then(
      (loaded) => loaded,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(ContentError); // not a pack holding only course-good
    expect((outcome as ContentError).problems).toEqual([expect.objectContaining({ file: join(base, 'bad.yaml'), item: 'course-bad', field: 'title' })]);
  });

  it('loads in-memory sources with the same rules', () => {
    const { items, files } = loadContentSources([
      { name: 'upload.csv', data: '\uFEFFid;kind;title\ncourse-a;course;Lớp A' },
      { name: 'upload.yaml', data: new TextEncoder().encode(course('course-b')) },
    ]);
    expect(items.map((i) => i.id)).toEqual(['course-a', 'course-b']);
    expect(files).toEqual(['upload.csv', 'upload.yaml']);
    expect(() => loadContentSources([{ name: 'upload.xlsx', data: '' }])).toThrow(ContentError);
  });
});
