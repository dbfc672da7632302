import { afterEach, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { KIND_IDS } from '../../src/engine/fields.js';
import { kindLeanings, useKindTable } from '../../src/engine/kind-prior.js';
import { questionWords } from '../../src/engine/question-words.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { KIND_RULES, buildKindTable, countKinds, type KindCounts } from '../../bench/quality/kind-words.js';
import { withTinySet } from '../support/tiny-set.js';

/** Counts of one set: `questions` per kind, and per word the questions per kind that hold it. */
function counts(questions: Record<string, number>, words: Record<string, Record<string, number>>): KindCounts {
  return {
    questions: new Map(Object.entries(questions)) as KindCounts['questions'],
    words: new Map(Object.entries(words).map(([w, row]) => [w, new Map(Object.entries(row))])) as KindCounts['words'],
  };
}

describe('buildKindTable (bench/quality/kind-words.ts)', () => {
  it('leans a word towards the kind whose questions hold it more often than questions at large', () => {
    const one = counts({ course: 80, faq: 20 }, { 'giay to': { faq: 6, course: 1 }, lop: { course: 40, faq: 2 } });
    const two = counts({ course: 80, faq: 20 }, { 'giay to': { faq: 5 }, lop: { course: 38 } });
    const table = buildKindTable([one, two]);
    const faq = table.kinds.indexOf('faq');
    const course = table.kinds.indexOf('course');
    expect(table.words['giay to']![faq]).toBeGreaterThan(1);
    expect(table.words['giay to']![course]).toBeLessThan(0);
    expect(table.words['lop']![course]).toBeGreaterThan(0);
    expect(table.words['lop']![faq]).toBeLessThan(-1);
  });

  it('shrinks a rarely seen word towards no leaning, and keeps nothing seen in one set or too seldom', () => {
    const base = { course: 80, faq: 20 };
    const table = buildKindTable([
      counts(base, { 'rut ten': { faq: 2 }, 'doi lop': { faq: 9 }, hiem: { faq: 2 } }),
      counts(base, { 'rut ten': { faq: 2 }, 'doi lop': { faq: 9 } }),
    ]);
    const faq = table.kinds.indexOf('faq');
    // Always a FAQ, seen 4 times against 18: the fewer questions, the smaller the leaning.
    expect(table.words['rut ten']![faq]).toBeLessThan(table.words['doi lop']![faq]!);
    expect(table.words['rut ten']![faq]).toBeLessThan(Math.log(1 / 0.2));
    expect(table.words['hiem']).toBeUndefined();
    expect(buildKindTable([counts(base, { 'doi lop': { faq: 9 } })]).words['doi lop']).toBeUndefined();
    expect(KIND_RULES.minSets).toBeGreaterThan(1);
  });
});

describe('kind leanings in the ranker', () => {
  afterEach(() => useKindTable(undefined));

  it('reads one word per term, and neither a place nor a quoted number', () => {
    const words = questionWords(analyzeQuestion('em 45 tuổi ở Cầu Kè, học nghề cần giấy tờ gì').terms);
    expect([...words.keys()].some((w) => /\d/.test(w))).toBe(false);
    expect(words.has('giay to')).toBe(true);
    expect([...words.keys()].some((w) => w.includes('ke'))).toBe(false);
  });

  it('the shipped table leans a question about papers to the FAQs and one about a fair stall to fairs', () => {
    const papers = kindLeanings(questionWords(analyzeQuestion('đi học nghề cần mang giấy tờ gì').terms));
    expect(papers[KIND_IDS.faq]).toBe(0);
    expect(papers[KIND_IDS.course]).toBeLessThan(0);
    const fair = kindLeanings(questionWords(analyzeQuestion('hội chợ năm nay có cho thuê gian hàng không').terms));
    expect(fair[KIND_IDS.fair]).toBe(0);
    expect(fair[KIND_IDS.faq]).toBeLessThan(0);
  });

  it('damps the items of the kinds a question leans away from, counted from a set', async () => {
    await withTinySet([
      { id: 'faq-giay-to', kind: 'faq', title: 'Đăng ký học cần gì?', summary: 'Mang căn cước và giấy tờ hộ nghèo.' },
      { id: 'course-may', kind: 'course', title: 'Lớp may', summary: 'Học may ba tháng, mang giấy tờ khi nhập học.' },
    ], ['faq-giay-to\thọc nghề phải nộp giấy tờ gì', 'faq-giay-to\tgiấy tờ cần những gì', 'course-may\tlớp may học ở đâu', '-\tgiá vàng hôm nay'].join('\n'), async (set) => {
      const counted = await countKinds(set);
      expect(counted.questions.get('faq')).toBe(2);
      expect(counted.words.get('giay to')?.get('faq')).toBe(2);
      // The same counts from two sets, so that the words are kept.
      useKindTable(buildKindTable([counted, counted], { ...KIND_RULES, minQuestions: 1 }));
      const { analysis } = set.engine.understand('mang giấy tờ gì');
      const on = rankQuestion(set.engine.index, analysis, DEFAULT_PARAMS);
      const off = rankQuestion(set.engine.index, analysis, { ...DEFAULT_PARAMS, kindLean: 0 });
      const score = (ranked: typeof on, id: string) => ranked.find((r) => r.doc.id === id)!.score;
      expect(score(on, 'faq-giay-to')).toBeCloseTo(score(off, 'faq-giay-to'));
      expect(score(on, 'course-may')).toBeLessThan(score(off, 'course-may'));
    });
  });
});
