/**
 * Starts the bot as a real child process (serve-tuned.ts under tsx) for the crash test and the
 * benchmark, waits until it listens, and can kill it with SIGKILL or stop it with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BroadcastRuntimeOptions } from '../../src/broadcast/runtime.js';

const ROOT = join(import.meta.dirname, '..', '..');
const LAUNCHER = join(import.meta.dirname, 'serve-tuned.ts');

export interface BotProcess {
  child: ChildProcess;
  /** The address the bot's HTTP server listens on, e.g. http://127.0.0.1:40123. */
  address: string;
  /** SIGKILL: no cleanup of any kind, as a power cut or the OOM killer would do. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the graceful exit. */
  stop(): Promise<number | null>;
  stderr(): string;
  /** The last of what the bot printed on stdout (its logs). */
  stdout(): string;
}

export async function spawnBot(
  env: Record<string, string>,
  tuning: BroadcastRuntimeOptions,
  options: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<BotProcess> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', LAUNCHER], {
    cwd: ROOT,
    // The embedded store in the caller's DATA_DIR, even when MONGODB_URI is set for the MongoDB tests.
    env: { ...process.env, MONGODB_URI: undefined, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, NGHEBOT_BROADCAST_TUNING: JSON.stringify(tuning) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let address = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start in ${timeoutMs} ms:\n${err}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
      const ready = /ready (\S+)\n/.exec(out);
      if (ready) {
        address = ready[1]!;
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code} before it was ready:\n${err}`));
    });
  });
  return {
    child,
    address,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    stderr: () => err,
    stdout: () => out,
  };
}
