/**
 * The per-user flood limit, on its own clock: a burst past the limit earns one warning, then
 * silence while the user keeps going, and normal service after a quiet window.
 */
import { describe, expect, it } from 'vitest';
import { FloodGuard } from '../../src/conversation/flood.js';

const LIMIT = 3;
const WINDOW = 1000;

describe('FloodGuard', () => {
  it('allows the limit within a window, warns once past it, then stays silent', () => {
    const guard = new FloodGuard(LIMIT, WINDOW);
    const verdicts = [0, 10, 20, 30, 40, 50].map((t) => guard.check('u', t));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'warn', 'silence', 'silence']);
  });

  it('counts each user apart', () => {
    const guard = new FloodGuard(LIMIT, WINDOW);
    for (const t of [0, 1, 2]) guard.check('a', t);
    expect(guard.check('a', 3)).toBe('warn');
    expect(guard.check('b', 4)).toBe('ok');
  });

  it('messages spread wider than the window never trip it', () => {
    const guard = new FloodGuard(LIMIT, WINDOW);
    const verdicts = Array.from({ length: 20 }, (_, i) => guard.check('u', i * (WINDOW / LIMIT + 1)));
    expect(new Set(verdicts)).toEqual(new Set(['ok']));
  });

  it('still flooding keeps the silence going; a quiet user is heard again', () => {
    const guard = new FloodGuard(LIMIT, WINDOW);
    for (const t of [0, 1, 2]) guard.check('u', t);
    expect(guard.check('u', 3)).toBe('warn'); // silenced until 3 + 3 windows
    expect(guard.check('u', 3000)).toBe('silence'); // pushes the silence to 4000
    expect(guard.check('u', 3900)).toBe('silence');
    // Quiet for more than a window after the last silence: heard again.
    expect(guard.check('u', 3900 + 2 * WINDOW)).toBe('ok');
  });
});
