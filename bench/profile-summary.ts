/**
 * Reads the V8 CPU profiles (.cpuprofile) in a folder, as `node --cpu-prof` writes them (see
 * `npm run bench:webhook -- --cpu-prof DIR`), and prints where the time went: the share of each
 * area of the code (the engine, the store, the channels, fastify, grammY, …) and the functions with
 * the most self time. When the bench left window.json there, only the measured phase counts.
 *
 *   node --import tsx bench/profile-summary.ts DIR [--top 30]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Which part of the system a script belongs to, from its URL. */
function area(url: string): string {
  if (!url) return '(native / idle / gc)';
  const path = url.replace(/^file:\/\//, '');
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (mod) return `npm:${mod[1]}`;
  if (path.startsWith('node:')) return 'node internals';
  const own = /\/(src\/[^/]+|handlers|jobs|bench|test)\//.exec(path);
  return own ? own[1]! : 'other';
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: profile-summary.ts DIR [--top N]');
  process.exit(2);
}
const topIndex = process.argv.indexOf('--top');
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;

// The bench's measured phase (window.json, same monotonic clock as the profile): only its samples count.
let window: { startUs: number; endUs: number; updates: number } | undefined;
try {
  window = JSON.parse(readFileSync(join(dir, 'window.json'), 'utf8')) as typeof window;
} catch {
  window = undefined;
}

/** The part of this repository a script is, or undefined for libraries, Node and native code. */
function ownPart(url: string): string | undefined {
  if (!url || url.includes('/node_modules/')) return undefined;
  return /\/(src\/[^/]+|handlers|jobs)\//.exec(url)?.[1];
}
/** The answer engine's code: a sample counts as the engine's when the nearest code of ours on its stack is. */
const ENGINE_PARTS = new Set(['src/engine', 'src/text']);

const selfUs = new Map<number, number>();
const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
let engineUs = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inEngine = new Map<number, boolean>();
  const isEngine = (id: number): boolean => {
    let known = inEngine.get(id);
    if (known === undefined) {
      const part = ownPart(nodes.get(id)!.callFrame.url);
      const up = parent.get(id);
      known = part !== undefined ? ENGINE_PARTS.has(part) : up !== undefined && isEngine(up);
      inEngine.set(id, known);
    }
    return known;
  };
  selfUs.clear();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.startUs || at > window.endUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  for (const [id, us] of selfUs) {
    const node = nodes.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += us;
    if (isEngine(id)) engineUs += us;
    const a = area(url);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const name = `${functionName || '(anonymous)'}  ${url.replace(/^.*\/(?=(?:src|handlers|jobs|node_modules)\/)/, '')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
}

const share = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms`;
console.log(`busy time in the profiles (idle and "(program)" left out): ${(total / 1000).toFixed(0)} ms`);
if (window) console.log(`measured phase only: ${window.updates} updates, ${(total / 1000 / window.updates).toFixed(2)} ms of sampled main-thread time per update`);
const perUpdate = (us: number) => (window ? `, ${(us / 1000 / window.updates).toFixed(2)} ms per update` : '');
console.log(`inside the answer engine (src/engine, src/text and the libraries they call): ${share(engineUs).trim()}${perUpdate(engineUs)}`);
console.log(`everything else: ${share(total - engineUs).trim()}${perUpdate(total - engineUs)}`);
console.log('\nby area:');
for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1])) console.log(`  ${share(us)}  ${a}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [name, us] of [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${share(us)}  ${name}`);
