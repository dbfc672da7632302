/**
 * A question about the whole country ("cả nước", "toàn quốc", "chương trình quốc gia") means the
 * national items, as a province named means its items; typed with other marks ("cá nước") it does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';
import { rankQuestion } from '../../src/engine/ranker.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

const items = [
  { id: 'plan-tinh-bao-ton', kind: 'plan', title: 'Bình Thuận thực hiện Chương trình bảo tồn làng nghề giai đoạn 2021–2030', summary: 'Kế hoạch của tỉnh: khôi phục nghề gốm, dệt thổ cẩm; hỗ trợ nghệ nhân truyền nghề đến năm 2030.', province: 'Lâm Đồng', keywords: ['bảo tồn làng nghề', 'làng nghề Bình Thuận'] },
  { id: 'policy-bao-ton', kind: 'policy', title: 'Chương trình bảo tồn và phát triển làng nghề Việt Nam 2021–2030', summary: 'Hỗ trợ khôi phục nghề truyền thống có nguy cơ mai một.', keywords: ['bảo tồn làng nghề'] },
  { id: 'course-gom', kind: 'course', title: 'Lớp gốm', summary: 'Nặn gốm bằng tay.', province: 'Lâm Đồng' },
] as ContentItem[];

let temp: TempEngine;
beforeAll(async () => {
  temp = await tempEngine(items, 'nghebot-national-');
});
afterAll(() => temp.cleanup());

const rank = (q: string, nationalScope: boolean) => rankQuestion(temp.engine.index, temp.engine.understand(q).analysis, { ...DEFAULT_PARAMS, nationalScope }, { limit: 3 });

describe('national scope', () => {
  it('is read from "cả nước", "toàn quốc", "quốc gia", typed or plain, and not from other words', () => {
    for (const q of ['chuong trinh bao ton lang nghe ca nuoc gom gi', 'Chương trình quốc gia bảo tồn làng nghề', 'toan quoc co chuong trinh nao']) expect(analyzeQuestion(q).national, q).toBe(true);
    for (const q of ['nuôi cá nước ngọt ở đâu', 'chuong trinh bao ton lang nghe', 'bảo tồn làng nghề cả nước ở Bình Thuận']) expect(analyzeQuestion(q).national, q).toBeUndefined();
  });

  it('lifts the national item over a province’s item of the same words', () => {
    const q = 'chuong trinh bao ton lang nghe ca nuoc den 2030 gom nhung gi';
    const national = (s: boolean) => rank(q, s).find((r) => r.doc.id === 'policy-bao-ton')!.score / rank(q, s).find((r) => r.doc.id === 'plan-tinh-bao-ton')!.score;
    expect(national(true)).toBeGreaterThan(national(false));
    expect(rank(q, true)[0]!.doc.id).toBe('policy-bao-ton');
  });
});
