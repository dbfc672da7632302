/**
 * The shared test harness: a temp folder, a real embedded store in it, a clock the test moves, a
 * silent logger and configuration from a few variables. Area helpers (test/server/helpers.ts,
 * test/channels/…/helpers.ts, test/enrollment/helpers.ts) build on these instead of repeating them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { importPaths, provinceCodeOf } from '../../src/content/import.js';
import type { ContentItem } from '../../src/content/model.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import { createLogger, type Logger } from '../../src/observability/logger.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/ports.js';

export interface TempDir {
  dir: string;
  cleanup(): void;
}

export function tempDir(prefix = 'nghebot-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TempStore {
  store: Store;
  dir: string;
  /** Closes the store (a second close is harmless) and removes the folder. */
  cleanup(): Promise<void>;
}

/** A real embedded (SQLite) store in a fresh temp folder. */
export async function tempStore(prefix = 'nghebot-store-'): Promise<TempStore> {
  const { dir, cleanup } = tempDir(prefix);
  const store = await openStore({ dataDir: dir });
  return {
    store,
    dir,
    async cleanup() {
      await store.close().catch(() => undefined);
      cleanup();
    },
  };
}

export interface TempEngine extends TempStore {
  engine: AnswerEngine;
}

/** A temp store with these content files (or items) imported, and an answer engine loaded over it. */
export async function tempEngine(content: string[] | ContentItem[], prefix = 'nghebot-engine-'): Promise<TempEngine> {
  const temp = await tempStore(prefix);
  if (content.every((c) => typeof c === 'string')) await importPaths(temp.store, content);
  else await temp.store.importItems(content, provinceCodeOf);
  const engine = new AnswerEngine(temp.store);
  await engine.load();
  return { ...temp, engine };
}

/** Configuration as `serve` reads it, from these variables only (no environment leaks in). */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
}

export const silentLogger = (): Logger => createLogger('silent');

/** A clock the test moves by hand: `now()` for code that takes a clock, `advance(ms)` between steps. */
export function manualClock(start = new Date('2026-06-01T03:00:00Z')) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    nowMs: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

// The fake channel APIs (real HTTP on 127.0.0.1, so grammY and axios run for real) and the web server
// fixture, from the same place as the store and the clock.
export { FakeTelegramApi, tgUpdate } from '../fakes/telegram-api.js';
export { FakeZaloApi, zaloEvents } from '../fakes/zalo-api.js';
