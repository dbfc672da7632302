/**
 * Loaded into the bot by `bench:webhook --engine-share` (node --import): wraps the answer engine's
 * methods a turn calls (understand, rank, ask, items) and adds up the process CPU time spent inside
 * them, so the bench can split an update's CPU into the engine's share and the rest, per method.
 * A call made inside another wrapped one is counted with the outer one. On SIGUSR2 the running totals are written to
 * ENGINE_CPU_FILE; the bench signals before and after its measured phase and subtracts.
 *
 * What it cannot see: src/text functions a handler calls itself (reply formatting, place names),
 * and `items` is mostly the store's read of the items (printed apart). The two cpuUsage() calls a wrapped
 * call adds (≈1 µs each) fall partly inside and partly outside what is counted.
 */
import { writeFileSync } from 'node:fs';
import { AnswerEngine } from '../src/engine/engine.js';

const file = process.env.ENGINE_CPU_FILE;
let depth = 0;
const totals: Record<string, { calls: number; cpuMs: number }> = {};

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

type Method = 'understand' | 'rank' | 'ask' | 'items';
for (const name of ['understand', 'rank', 'ask', 'items'] as Method[]) {
  const total = (totals[name] = { calls: 0, cpuMs: 0 });
  const original = AnswerEngine.prototype[name] as (...args: unknown[]) => unknown;
  (AnswerEngine.prototype as unknown as Record<Method, unknown>)[name] = function (this: AnswerEngine, ...args: unknown[]) {
    if (depth > 0) return original.apply(this, args);
    depth++;
    const start = cpuMicros();
    try {
      // The synchronous part of an async method (its store read included) runs before it returns.
      return original.apply(this, args);
    } finally {
      total.cpuMs += (cpuMicros() - start) / 1000;
      total.calls++;
      depth--;
    }
  };
}

process.on('SIGUSR2', () => {
  if (file) writeFileSync(file, JSON.stringify(totals));
});
