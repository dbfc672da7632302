import { afterEach, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { itemLeaning, questionLeaning, useOffTopicTable } from '../../src/engine/off-topic.js';
import { questionWords } from '../../src/engine/question-words.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { OFF_TOPIC_RULES, buildOffTopicTable, countScope, type ScopeCounts } from '../../bench/quality/off-topic-words.js';
import { withTinySet } from '../support/tiny-set.js';

function counts(questions: { in: number; out: number }, words: Record<string, { in: number; out: number }>): ScopeCounts {
  return { questions, words: new Map(Object.entries(words)) };
}

describe('buildOffTopicTable (bench/quality/off-topic-words.ts)', () => {
  it('gives a word asked out of scope more often than at large a positive leaning, one asked in scope a negative one', () => {
    const one = counts({ in: 80, out: 20 }, { 'thai san': { in: 0, out: 4 }, lop: { in: 40, out: 2 } });
    const two = counts({ in: 80, out: 20 }, { 'thai san': { in: 1, out: 3 }, lop: { in: 35, out: 1 } });
    const table = buildOffTopicTable([one, two]);
    expect(table.words['thai san']).toBeGreaterThan(1);
    expect(table.words['lop']).toBeLessThan(0);
  });

  it('shrinks a rarely seen word towards the base rate and keeps nothing seen in one set or too seldom', () => {
    const base = { in: 80, out: 20 };
    const table = buildOffTopicTable([
      counts(base, { 'so do': { in: 0, out: 2 }, 'ket hon': { in: 0, out: 10 }, hiem: { in: 0, out: 2 } }),
      counts(base, { 'so do': { in: 0, out: 2 }, 'ket hon': { in: 0, out: 10 } }),
    ]);
    expect(table.words['so do']).toBeLessThan(table.words['ket hon']!);
    expect(table.words['hiem']).toBeUndefined();
    expect(buildOffTopicTable([counts(base, { 'ket hon': { in: 0, out: 9 } })]).words['ket hon']).toBeUndefined();
    expect(OFF_TOPIC_RULES.minSets).toBeGreaterThan(1);
  });
});

describe('off-topic leaning in the ranker', () => {
  afterEach(() => useOffTopicTable(undefined));

  const leaningOf = (question: string, written: boolean, held: boolean) =>
    itemLeaning(questionLeaning(questionWords(analyzeQuestion(question).terms, true), () => written), () => held);

  it('reads words and adjacent pairs; a word of questions in scope leans below 0 even where the content writes it', () => {
    const terms = analyzeQuestion('làm giấy khai sinh cho con ở đâu').terms;
    expect([...questionWords(terms, true).keys()].some((w) => w.includes('|'))).toBe(true);
    useOffTopicTable({ words: { lop: -3 } });
    const leaning = questionLeaning(questionWords(analyzeQuestion('có lớp hàn không').terms, true), () => true);
    expect(leaning).toEqual({ fixed: -3, written: [] });
    expect(itemLeaning(leaning, () => true)).toBe(-3);
  });

  it('the shipped table leans a question about birth papers out of scope more than one about a welding class', () => {
    expect(leaningOf('làm giấy khai sinh cho con ở đâu', false, false)).toBeGreaterThan(leaningOf('lớp hàn học ở đâu', false, false));
  });

  it('counts a word leaning out against an item that does not hold it, written elsewhere or not, and for nothing against one that does', () => {
    useOffTopicTable({ words: { 'thai|san': 2 } });
    const unwritten = leaningOf('chế độ thai sản thế nào', false, false);
    const elsewhere = leaningOf('chế độ thai sản thế nào', true, false);
    expect(unwritten).toBeGreaterThan(0);
    expect(elsewhere).toBe(unwritten);
    expect(leaningOf('chế độ thai sản thế nào', true, true)).toBe(0);
  });

  it('in the ranker, leans against the item that does not write the word asked, not against the one that does', async () => {
    await withTinySet([
      { id: 'fair-hoa', kind: 'fair', title: 'Hội chợ hoa xuân Vị Thanh', summary: 'Trưng bày hoa kiểng tết, bán vé vào cổng.' },
      { id: 'fair-lua', kind: 'fair', title: 'Hội chợ lúa gạo Vị Thanh', summary: 'Trưng bày giống lúa và gạo sạch.' },
      { id: 'course-may', kind: 'course', title: 'Lớp may', summary: 'Học may ba tháng.' },
    ], 'fair-hoa\thội chợ hoa', async (set) => {
      useOffTopicTable({ words: { ve: 2 } });
      const { analysis } = set.engine.understand('hội chợ Vị Thanh có bán vé không');
      const byId = new Map(rankQuestion(set.engine.index, analysis, DEFAULT_PARAMS).map((r) => [r.doc.id, r]));
      expect(byId.get('fair-hoa')!.leaning).toBe(0);
      expect(byId.get('fair-lua')!.leaning).toBeGreaterThan(0);
    });
  });

  it('lowers the confidence in every item of a question worded as out-of-scope questions are, counted from a set', async () => {
    await withTinySet([
      { id: 'policy-vay', kind: 'policy', title: 'Vay vốn tạo việc làm', summary: 'Hộ nghèo được vay vốn ưu đãi để làm ăn.' },
      { id: 'course-may', kind: 'course', title: 'Lớp may', summary: 'Học may ba tháng.' },
    ], ['-\tvay tiền mua vàng được không', '-\tgiá vàng hôm nay', 'policy-vay\tvay vốn làm ăn', 'course-may\tlớp may ở đâu'].join('\n'), async (set) => {
      const counted = countScope(set);
      expect(counted.questions).toEqual({ in: 2, out: 2 });
      expect(counted.words.get('vang')).toEqual({ in: 0, out: 2 });
      useOffTopicTable(buildOffTopicTable([counted, counted], { ...OFF_TOPIC_RULES, minQuestions: 1 }));
      const { analysis } = set.engine.understand('vay tiền mua vàng');
      const on = rankQuestion(set.engine.index, analysis, DEFAULT_PARAMS);
      const off = rankQuestion(set.engine.index, analysis, { ...DEFAULT_PARAMS, offTopic: 0, inScopeLift: 0 });
      expect(on[0]!.doc.id).toBe(off[0]!.doc.id);
      expect(on[0]!.confidence).toBeLessThan(off[0]!.confidence);
      // A question worded as those in scope gains, by e^(inScopeLift × how far it leans that way).
      const inScope = set.engine.understand('vay vốn làm ăn').analysis;
      const [best] = rankQuestion(set.engine.index, inScope, DEFAULT_PARAMS);
      const leaning = best!.leaning;
      expect(leaning).toBeLessThan(0);
      const lifted = best!.confidence;
      const plain = rankQuestion(set.engine.index, inScope, { ...DEFAULT_PARAMS, offTopic: 0, inScopeLift: 0 })[0]!.confidence;
      expect(lifted / plain).toBeCloseTo(Math.exp(-DEFAULT_PARAMS.inScopeLift * leaning), 6);
    });
  });
});
