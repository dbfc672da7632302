/**
 * An ambiguous shorthand is read as the word the content writes beside its neighbour: "sửa đh" is
 * the air conditioner when a course writes "sửa điều hòa", "thi đh" the university; "ktx" a dormitory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

const items = [
  { id: 'course-dien-lanh', kind: 'course', title: 'Lớp sửa điều hòa, tủ lạnh', summary: 'Học sửa điều hòa, nạp gas tủ lạnh trong 3 tháng.', province: 'Nghệ An' },
  { id: 'faq-noi-tru', kind: 'faq', title: 'Nhà xa có chỗ ở lại không?', summary: 'Trường có ký túc xá cho học viên ở xa.' },
  { id: 'policy-vay-hssv', kind: 'policy', title: 'Vay vốn cho học sinh, sinh viên', summary: 'Con hộ nghèo thi đỗ đại học được vay vốn đóng học phí.' },
] as ContentItem[];

let temp: TempEngine;
beforeAll(async () => {
  temp = await tempEngine(items, 'nghebot-shorthand-fit-');
});
afterAll(() => temp.cleanup());

const read = (q: string) => temp.engine.understand(q).analysis.tokens.join(' ');

describe('shorthand read by its neighbours', () => {
  it('reads "đh" as the air conditioner after "sửa", the university after "thi"', () => {
    expect(read('lop sua đh o dau ad')).toContain('sua dieu hoa');
    expect(read('con e thi đh nam nay')).toContain('thi dai hoc');
  });

  it('reads "ktx" as a dormitory', async () => {
    expect(read('hc nghe co ktx o k ad')).toContain('ky tuc xa');
    expect((await temp.engine.ask('nha e xa lam, hc nghe co ktx o k ad')).results[0]?.id).toBe('faq-noi-tru');
  });
});
