import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/content/import.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/ports.js';

let dir: string;
let store: Store;
let engine: AnswerEngine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-reading-'));
  store = await openEmbeddedStore(dir);
  await importPaths(store, [join(import.meta.dirname, 'fixtures/reading-pack.yaml')]);
  engine = new AnswerEngine(store);
  await engine.load();
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const top = async (q: string) => (await engine.ask(q)).results[0]?.id;

describe('reading everyday messages', () => {
  it('takes a place name the item itself gives as the place asked, whatever province it was read as', async () => {
    // "Tây Hồ" is also a district of Hà Nội; the village of that name is in Huế.
    expect(await top('Lớp chằm nón ở làng Tây Hồ bắt đầu ngày nào?')).toBe('course-non-la-phu-vang');
    // The Hà Nội item still answers its own question there.
    expect(await top('lop may o tay ho ha noi')).toBe('course-may-tay-ho');
  });

  it('does not take an amount the user quotes for a topic the content lacks', async () => {
    expect(await top('hc sua may tau 900k ha ad')).toBe('course-sua-may-tau');
    expect(await top('lop sua may tau hoc phi 1tr2 phai ko')).toBe('course-sua-may-tau');
  });

  it('reads "bắt đầu" as the course starting and "free" as miễn phí', () => {
    const alternatives = (q: string) => analyzeQuestion(q).terms.map((t) => t.alternatives.map((a) => a.join(' ')));
    expect(alternatives('lop sua may tau khi nao bat dau').find((a) => a[0] === 'bat dau')).toContain('khai giang');
    expect(alternatives('lop non la hoc free ko ad').flat()).toContain('mien phi');
  });

  it('asks for the words of a shorthand together, as the one thing it names', async () => {
    const bhyt = analyzeQuestion('bhyt dong bn tien 1 nam').terms[0]!;
    expect(bhyt.alternatives).toEqual([['bao', 'hiem', 'y', 'te'], ['bhyt']]);
    // Health insurance is not the fishing boat insurance, though both say "bảo hiểm".
    expect((await engine.ask('bhyt cho hs sv dong bn tien 1 nam ad')).results).toEqual([]);
    expect(await top('bao hiem tau ca dc ho tro bn')).toBe('policy-bao-hiem-tau-ca');
  });
});
