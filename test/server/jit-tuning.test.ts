/**
 * The server's V8 tuning: with it, an optimised `map` makes the same packed array as the
 * interpreted one, so functions handed its arrays meet one kind whichever tier made them. Run in a
 * child process, since V8's flags are process-wide; the control run without the tuning shows the
 * holey array the optimiser makes otherwise (if a Node upgrade stops that, the tuning is moot).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(join(import.meta.dirname, '../../src/server/jit-tuning.ts')).href;

/** The elements kind ('packed' or 'holey') of what an optimised `map` returns, in a fresh process. */
function optimisedMapKind(tuned: boolean): string {
  const script = `
    import { keepArrayKindsSteady } from ${JSON.stringify(MODULE)};
    if (${tuned}) keepArrayKindsSteady();
    const natives = new Function('f', 'a', \`
      %PrepareFunctionForOptimization(f); f(a); f(a); %OptimizeFunctionOnNextCall(f);
      const out = f(a);
      return [%GetOptimizationStatus(f), %HasFastPackedElements(out)];\`);
    const [status, packed] = natives((words) => words.map((w) => w + '!'), ['a', 'b']);
    // 16: optimised, 64: by TurboFan (V8's OptimizationStatus bits).
    if ((status & 80) !== 80) throw new Error('not optimised: ' + status);
    console.log(packed ? 'packed' : 'holey');
  `;
  return execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
}

describe('keepArrayKindsSteady', () => {
  it('makes an optimised map return a packed array, as the interpreter does', () => {
    expect(optimisedMapKind(true)).toBe('packed');
  });

  it('is needed: without it the optimised map returns a holey array', () => {
    expect(optimisedMapKind(false)).toBe('holey');
  });
});
