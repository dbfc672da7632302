/**
 * The key word missed (key-miss.ts, RankParams.keyMiss): an item that misses the heaviest word
 * asked is answered less readily than its coverage alone would say, one that misses none more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnownSet, type LoadedSet } from '../../bench/quality/sets.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';

let set: LoadedSet;
beforeAll(async () => {
  set = (await loadKnownSet('eval-pack'))!;
});
afterAll(() => set.close());

const best = (question: string, params = DEFAULT_PARAMS) => rankQuestion(set.engine.index, set.engine.understand(question).analysis, params, { limit: 3 })[0]!;

describe('the key word an item misses', () => {
  it('is the share of the heaviest content word the item lacks', () => {
    // The Cái Bè course is on motorbikes: it has "sửa" and the place, not "điện thoại".
    expect(best('Cái Bè có lớp sửa điện thoại không?').keyMissed).toBe(1);
    expect(best('Cái Bè có lớp sửa xe máy không?').keyMissed).toBe(0);
  });

  it('weighs an everyday word of the language the content seldom writes ("mang") as less of a key', async () => {
    const other = (await loadKnownSet('plains-and-borders'))!;
    try {
      const question = 'Đi đăng ký học nghề cần mang giấy tờ gì?';
      const missed = (params: typeof DEFAULT_PARAMS) =>
        rankQuestion(other.engine.index, other.engine.understand(question).analysis, params, { limit: 5 }).find((r) => r.doc.id === 'faq-giay-to-dang-ky-hoc-nghe')!.keyMissed;
      // The FAQ on papers lacks "mang" but has "giấy tờ": with every word at its full weight "mang" is the key.
      expect(missed({ ...DEFAULT_PARAMS, everydayFloor: 1 })).toBe(1);
      expect(missed(DEFAULT_PARAMS)).toBeLessThan(1);
    } finally {
      await other.close();
    }
  });

  it('takes confidence from an item that misses it and gives it to one that misses none', () => {
    const off = { ...DEFAULT_PARAMS, keyMiss: 0 };
    const phone = 'Cái Bè có lớp sửa điện thoại không?';
    const motorbike = 'Cái Bè có lớp sửa xe máy không?';
    expect(best(phone).confidence).toBeLessThan(best(phone, off).confidence);
    expect(best(motorbike).confidence).toBeGreaterThan(best(motorbike, off).confidence);
  });

  it('leaves what is offered as "Có phải bạn hỏi" as it was: suggestions are judged without it', () => {
    const off = { ...DEFAULT_PARAMS, keyMiss: 0 };
    let compared = 0;
    for (const question of ['Cái Bè có lớp sửa điện thoại không?', 'lop may cn o chuong my hc tu may h toi may h v ad', 'Gốm đỏ Mang Thít bán sỉ giá bao nhiêu một cái?']) {
      const analysis = set.engine.understand(question).analysis;
      const on = rankQuestion(set.engine.index, analysis, DEFAULT_PARAMS, { limit: 5 });
      const without = new Map(rankQuestion(set.engine.index, analysis, off, { limit: 5 }).map((r) => [r.doc.id, r]));
      // The best item's lead is raised after the ranking: compare the others, whose lead is 0.
      for (const r of on.slice(1)) {
        const o = without.get(r.doc.id);
        if (!o || o.lead !== 0) continue;
        expect(r.confidence / r.answerOnly).toBeCloseTo(o.confidence / o.answerOnly, 9);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3);
  });

  it('leaves the place asked with no answer when only the key word is missing, and answers it when named', async () => {
    expect((await set.engine.ask('Cái Bè có lớp sửa điện thoại không?')).results).toEqual([]);
    expect((await set.engine.ask('Cái Bè có lớp sửa xe máy không?')).results[0]?.id).toBe('course-sua-xe-may-cai-be');
  });
});
