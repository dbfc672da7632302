/**
 * Fixtures for the broadcast tests: the real core (embedded store in a temp dir, engine, default
 * handlers) driven through the conversation service, plus small helpers to read replies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Reply } from '../../src/replies/model.js';
import type { ChannelName } from '../../src/store/types.js';

export const FIXTURE_PACK = join(import.meta.dirname, '..', 'fixtures', 'mini-pack.yaml');

export interface TestCore {
  core: Core;
  dir: string;
  say(userId: string, text: string, channel?: ChannelName): Promise<Reply[]>;
  tap(userId: string, action: string, channel?: ChannelName): Promise<Reply[]>;
  close(): Promise<void>;
}

export async function openTestCore(env: Record<string, string> = {}): Promise<TestCore> {
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-bc-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_CONTENT: '0', ...env });
  const core = await createCore(config, { logger: createLogger('silent') });
  const turn = (userId: string, channel: ChannelName, msg: { kind: 'text'; text: string } | { kind: 'action'; action: string }) =>
    core.service.handle({ channel, userId, receivedAt: new Date(), ...msg });
  return {
    core,
    dir,
    say: (userId, text, channel = 'telegram') => turn(userId, channel, { kind: 'text', text }),
    tap: (userId, action, channel = 'telegram') => turn(userId, channel, { kind: 'action', action }),
    async close() {
      await core.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const textOf = (replies: Reply[]) => replies.map((r) => r.text).join('\n---\n');
export const actionsOf = (replies: Reply[]) => replies.flatMap((r) => (r.buttons ?? []).flat().map((b) => b.action));

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
