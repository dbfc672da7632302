/**
 * Graceful shutdown: a signal closes the server after in-flight requests finish, then exits;
 * a close() that hangs is cut off by the deadline; a second signal exits at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Metrics } from '../../src/observability/metrics.js';
import { installShutdown } from '../../src/server/shutdown.js';
import type { Store } from '../../src/store/ports.js';
import { buildWebServer, captureLogger, scriptedService, testConfig } from './helpers.js';

describe('installShutdown', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => {
    uninstall?.();
    uninstall = undefined;
  });

  const exited = () => {
    let resolve!: (code: number) => void;
    const promise = new Promise<number>((r) => (resolve = r));
    return { exit: vi.fn((code: number) => resolve(code)), promise };
  };

  it('lets an in-flight request finish, refuses new connections, then exits 0', async () => {
    const { logger, text } = captureLogger();
    const store = { health: async () => ({ ok: true, detail: 'fake' }) } as unknown as Store;
    const app = await buildWebServer({ config: { ...testConfig(), WEB_COOKIE_SECRET: 'x'.repeat(32) }, store, service: scriptedService(), logger, metrics: new Metrics() });
    let release!: () => void;
    app.get('/slow', () => new Promise((r) => (release = () => r({ done: true }))));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const { exit, promise } = exited();
    uninstall = installShutdown({ close: () => app.close() }, logger, { exit, timeoutMs: 5_000 });
    const started = Date.now();

    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    process.emit('SIGTERM');
    await vi.waitFor(() => expect(app.server.listening).toBe(false));
    await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
    expect(exit).not.toHaveBeenCalled();

    release();
    const res = await inFlight;
    expect(await res.json()).toEqual({ done: true });
    expect(res.headers.get('connection')).toBe('close');
    expect(await promise).toBe(0);
    // Well before the keep-alive timeout: the finished request's socket was closed, not left idle.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(text()).toContain('shutdown complete');
  });

  it('exits 1 when close() does not finish before the deadline', async () => {
    const { logger, text } = captureLogger();
    const { exit, promise } = exited();
    uninstall = installShutdown({ close: () => new Promise(() => undefined) }, logger, { exit, timeoutMs: 50 });
    process.emit('SIGINT');
    expect(await promise).toBe(1);
    expect(text()).toContain('shutdown deadline passed');
  });

  it('exits 1 when close() fails, and at once on a second signal', async () => {
    const { logger } = captureLogger();
    const failing = exited();
    uninstall = installShutdown({ close: async () => Promise.reject(new Error('store close failed')) }, logger, { exit: failing.exit });
    process.emit('SIGTERM');
    expect(await failing.promise).toBe(1);
    uninstall();

    const hanging = exited();
    uninstall = installShutdown({ close: () => new Promise(() => undefined) }, logger, { exit: hanging.exit, timeoutMs: 60_000 });
    process.emit('SIGTERM');
    process.emit('SIGTERM');
    expect(await hanging.promise).toBe(1);
    expect(hanging.exit).toHaveBeenCalledTimes(1);
  });

  it('hooks the signals only once per process', () => {
    const { logger } = captureLogger();
    uninstall = installShutdown({ close: async () => undefined }, logger, { exit: () => undefined });
    expect(() => installShutdown({ close: async () => undefined }, logger)).toThrow(/twice/);
  });
});
