import { generateItems } from './engine.bench.js';
import { SearchIndex } from '../src/engine/search-index.js';
const items = generateItems(10000).map((x, i) => ({ ...x, rev: i, importedAt: '', provinceCode: '86' }));
const t = performance.now();
const idx = new SearchIndex();
for (const it of items) idx.upsert(it as never);
console.log('index', performance.now() - t);
