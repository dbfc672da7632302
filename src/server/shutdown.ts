/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting, let in-flight work finish, then exit.
 * A deadline bounds the wait, because an orchestrator sends SIGKILL soon after SIGTERM anyway
 * and a clean exit code with a log line beats being killed mid-write.
 */
import type { Logger } from '../observability/logger.js';

export interface ShutdownOptions {
  /** Longest wait for close() before exiting anyway. */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** Injected by tests; process.exit otherwise. */
  exit?: (code: number) => void;
}

let installed = false;

/**
 * Hooks the signals once per process. `close` should close the HTTP server (fastify close() stops accepting
 * and waits for in-flight requests), the channels and the store. Exits 0 after a clean close,
 * 1 when close() fails or the deadline passes, and at once (1) on a second signal.
 * Returns a function that unhooks the signals.
 */
export function installShutdown(handlers: { close(): Promise<void> }, logger: Logger, options: ShutdownOptions = {}): () => void {
  if (installed) throw new Error('installShutdown called twice: the signals are already hooked');
  installed = true;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(1);
      return;
    }
    shuttingDown = true;
    logger.info({ signal, timeoutMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown deadline passed: exiting with work still in flight');
      exit(1);
    }, timeoutMs);
    handlers.close().then(
      () => {
        clearTimeout(timer);
        logger.info('shutdown complete');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };

  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
    installed = false;
  };
}
