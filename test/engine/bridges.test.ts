import { describe, expect, it } from 'vitest';
import { bridgesFrom, useBridgeTable } from '../../src/engine/bridges.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import { BRIDGE_RULES, buildBridges, collectBridgeData, type BridgeData, type BridgeSample } from '../../bench/quality/bridge-words.js';
import { withTinySet } from '../support/tiny-set.js';

/** Many questions on many items, so that no word of the items is common by accident. */
function background(count: number): { samples: BridgeSample[]; vocabulary: Map<string, Set<string>> } {
  const vocabulary = new Map<string, Set<string>>();
  const samples: BridgeSample[] = [];
  for (let i = 0; i < count; i++) {
    vocabulary.set(`c#item-${i}`, new Set([`trade${i}`, 'hoc']));
    samples.push({ set: `s${i % 3}`, item: `c#item-${i}`, asked: ['o', 'nha', `trade${i}`], missed: ['o', 'nha'] });
  }
  return { samples, vocabulary };
}

describe('the bridge table', () => {
  it('reads a table given in place of the shipped one, strongest first, and the shipped one again when given none', () => {
    const shipped = bridgesFrom('liet');
    try {
      useBridgeTable('liet\tbai\t0.2\nliet\tkhuyet tat\t0.6');
      expect(bridgesFrom('liet')).toEqual([{ to: 'khuyet tat', strength: 0.6 }, { to: 'bai', strength: 0.2 }]);
    } finally {
      useBridgeTable(undefined);
    }
    expect(bridgesFrom('liet')).toEqual(shipped);
  });
});

describe('buildBridges (bench/quality/bridge-words.ts)', () => {
  it('bridges a word people keep asking with to the word different right items write instead', () => {
    const data: BridgeData = background(100);
    data.vocabulary.set('a#policy-disabled', new Set(['khuyet', 'tat', 'khuyet tat', 'vay']));
    data.vocabulary.set('b#faq-disabled', new Set(['khuyet', 'tat', 'khuyet tat', 'nghe']));
    data.samples.push(
      { set: 'one', item: 'a#policy-disabled', asked: ['liet'], missed: ['liet'] },
      { set: 'two', item: 'b#faq-disabled', asked: ['liet'], missed: ['liet'] },
      { set: 'two', item: 'a#policy-disabled', asked: ['liet', 'lanh'], missed: ['liet', 'lanh'] },
    );
    const lines = buildBridges(data).split('\n');
    const liet = lines.filter((l) => l.startsWith('liet\t'));
    expect(liet.map((l) => l.split('\t')[1])).toContain('khuyet tat');
    // One item's other words ("vay" of the policy) are not a bridge: the word was asked of other items too.
    expect(liet.some((l) => l.split('\t')[1] === 'vay')).toBe(false);
    // Missed once ("lanh"): too little to learn from. Missed everywhere ("o"): no item holds anything more often.
    expect(lines.some((l) => l.startsWith('lanh\t') || l.startsWith('o\t'))).toBe(false);
    // "hoc" is held by every right item: a word so common bridges to nothing in particular.
    expect(lines.some((l) => l.split('\t')[1] === 'hoc')).toBe(false);
    for (const l of liet) expect(Number(l.split('\t')[2])).toBeGreaterThanOrEqual(BRIDGE_RULES.minStrength);
  });

  it('learns nothing from one set alone', () => {
    const data: BridgeData = background(100);
    data.vocabulary.set('a#x', new Set(['khuyet tat']));
    data.vocabulary.set('a#y', new Set(['khuyet tat']));
    data.samples.push({ set: 'one', item: 'a#x', asked: ['liet'], missed: ['liet'] }, { set: 'one', item: 'a#y', asked: ['liet'], missed: ['liet'] });
    expect(buildBridges(data)).not.toContain('liet\t');
  });
});

describe('collectBridgeData and the shipped table', () => {

  it('records the words the right item lacks and the words its short fields write', async () => {
    await withTinySet([
      { id: 'policy-kt', kind: 'policy', title: 'Hỗ trợ người khuyết tật học nghề', summary: 'Người khuyết tật được miễn học phí.', keywords: ['tàn tật'] },
      { id: 'course-gom', kind: 'course', title: 'Lớp làm gốm', summary: 'Học làm gốm đỏ hai tháng.', province: 'Vĩnh Long' },
    ], ['policy-kt\tcon tôi bị liệt chân có được học nghề không', '-\tgiá vàng hôm nay'].join('\n'), async (set) => {
      const data = await collectBridgeData(set);
      expect(data.samples).toHaveLength(1);
      expect(data.samples[0]!.missed).toEqual(expect.arrayContaining(['liet', 'chan']));
      expect(data.samples[0]!.missed).not.toContain('hoc nghe');
      const vocabulary = data.vocabulary.get(`${set.corpusKey}#policy-kt`)!;
      expect([...vocabulary]).toEqual(expect.arrayContaining(['khuyet tat', 'tan tat', 'nguoi']));
      // Summaries are not where an item names itself.
      expect(vocabulary.has('mien')).toBe(false);
    });
  });

  it('lets an item that writes the bridged word answer, and only as much as the bridge is strong', async () => {
    const [bridge] = bridgesFrom('liet');
    expect(bridge, 'the shipped table bridges "liệt"').toBeDefined();
    expect(bridge!.strength).toBeGreaterThan(0);
    expect(bridge!.strength).toBeLessThanOrEqual(1);
    await withTinySet([
      { id: 'policy-kt', kind: 'policy', title: `Hỗ trợ ${bridge!.to} học nghề`, summary: 'Được miễn học phí và vay vốn.' },
      { id: 'course-gom', kind: 'course', title: 'Lớp làm gốm', summary: 'Học làm gốm đỏ hai tháng.' },
      { id: 'course-han', kind: 'course', title: 'Lớp hàn điện', summary: 'Học hàn ba tháng.' },
    ], 'policy-kt\tngười bị liệt học nghề được hỗ trợ gì\n', async (set) => {
      const { analysis } = set.engine.understand('người bị liệt học nghề được hỗ trợ gì');
      const on = rankQuestion(set.engine.index, analysis, DEFAULT_PARAMS);
      const off = rankQuestion(set.engine.index, analysis, { ...DEFAULT_PARAMS, bridge: 0 });
      expect(on[0]!.doc.id).toBe('policy-kt');
      expect(on[0]!.confidence).toBeGreaterThan(off.find((r) => r.doc.id === 'policy-kt')!.confidence);
    });
  });
});
