/**
 * A public service the content lacks is named instead of an item that shares its words, unless an
 * item is sure far beyond the gate (RankParams.serviceYield): then the service's words were a
 * detail of the question ("chưa có bằng lái ô tô" asked about a forklift course).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../src/content/model.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { DEFAULT_PARAMS } from '../../src/engine/rank-params.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

const items = [
  {
    id: 'course-xe-nang',
    kind: 'course',
    title: 'Lớp vận hành xe nâng hàng',
    trade: 'Lái xe nâng',
    summary: 'Khóa 1 tháng dạy lái xe nâng trong kho, khu công nghiệp; học viên chưa có bằng lái ô tô vẫn học được, cuối khóa thi chứng chỉ vận hành xe nâng.',
    province: 'Đồng Nai',
    keywords: ['xe nâng', 'lái xe nâng'],
  },
  { id: 'faq-giay-to', kind: 'faq', title: 'Đăng ký học nghề cần giấy tờ gì', summary: 'Mang căn cước công dân, giấy khai sinh và ảnh 3x4 khi đăng ký.', keywords: ['căn cước', 'giấy tờ'] },
  { id: 'course-han', kind: 'course', title: 'Lớp hàn điện cơ bản', summary: 'Dạy hàn hồ quang.', province: 'Vĩnh Long' },
] as ContentItem[];

let temp: TempEngine;
beforeAll(async () => {
  temp = await tempEngine(items, 'nghebot-service-yield-');
});
afterAll(() => temp.cleanup());

const forklift = 'Em chưa có bằng lái ô tô thì có học lái xe nâng được không, lớp nhận bao nhiêu người?';

describe('a public service beside an item the engine is sure of', () => {
  it('answers the item when it is sure far beyond the gate', async () => {
    const answer = await temp.engine.ask(forklift);
    expect(answer.service).toBeUndefined();
    expect(answer.results[0]?.id).toBe('course-xe-nang');
  });

  it('names the service when no item is that sure, or when the yield is off', async () => {
    for (const q of ['làm lại bằng lái ô tô ở đâu', 'thi bằng lái xe ô tô hết bao nhiêu tiền']) {
      const answer = await temp.engine.ask(q);
      expect(answer.results).toEqual([]);
      expect(answer.service?.id).toBe('driving-licence');
    }
    const neverYields = new AnswerEngine(temp.store, { params: { ...DEFAULT_PARAMS, serviceYield: Number.POSITIVE_INFINITY } });
    await neverYields.load();
    const answer = await neverYields.ask(forklift);
    expect(answer.service?.id).toBe('driving-licence');
    expect(answer.results).toEqual([]);
  });
});
