/**
 * How V8 compiles the server's code. Its optimising compiler inlines `Array.prototype.map`,
 * `filter` and the like, and the inlined versions make arrays of other kinds than the interpreted
 * ones (`map` a holey array where the builtin makes a packed one; `filter` with nothing kept an
 * array for objects where the builtin makes one for small integers). So whenever the function
 * that makes such an array is optimised or deoptimised, every function it is passed to meets an
 * array of a kind it has not seen, is deoptimised ("wrong map") and compiled again, which changes
 * the arrays the next functions get. In a running bot this went on for thousands of updates after
 * start, the answer engine's largest functions recompiled over and over: about a quarter of the
 * process's CPU at 200 updates/s. Calling the builtins instead, both tiers make the same arrays and
 * the compiler settles within the first few hundred updates; the main thread's own time per update
 * stays the same.
 */
import { setFlagsFromString } from 'node:v8';

/** The flag that keeps the array builtins out of optimised code. */
export const ARRAY_BUILTINS_FLAG = '--no-turbo-inline-array-builtins';

/** Before the code that answers updates is first optimised (V8 reads the flag at each compile). */
export function keepArrayKindsSteady(): void {
  setFlagsFromString(ARRAY_BUILTINS_FLAG);
}
