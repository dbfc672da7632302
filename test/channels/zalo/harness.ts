/**
 * Fixtures for the Zalo channel tests: a fake Zalo API, a real embedded store, a fastify app with
 * the channel's routes, a log the tests can read (to prove no personal data or tokens are logged),
 * and a mechanical echo service (it only exercises the channel; no real content).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Channel } from '../../../src/channels/channel.js';
import { createZaloChannel, type ZaloChannelDeps } from '../../../src/channels/zalo/index.js';
import { TOKENS_SECRET } from '../../../src/channels/zalo/tokens.js';
import { loadConfig, type AppConfig } from '../../../src/config.js';
import type { IncomingMessage } from '../../../src/conversation/incoming.js';
import type { ConversationService } from '../../../src/conversation/service.js';
import { createLogger, type Logger } from '../../../src/observability/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';
import type { Reply } from '../../../src/replies/model.js';
import { openEmbeddedStore } from '../../../src/store/sqlite/index.js';
import type { Store } from '../../../src/store/types.js';
import { FakeZaloApi, signZaloEvent, type FakeZaloOptions } from '../../fakes/zalo-api.js';

export const OA_SECRET = 'oa-secret-key';

/** Echoes text with two buttons, names pressed actions, and records what it saw. */
export function echoService(override?: (msg: IncomingMessage) => Reply[] | undefined) {
  const seen: IncomingMessage[] = [];
  const service: ConversationService & { seen: IncomingMessage[] } = {
    seen,
    async handle(msg) {
      seen.push(msg);
      const custom = override?.(msg);
      if (custom) return custom;
      if (msg.kind === 'text') return [{ text: `echo: ${msg.text}`, buttons: [[{ label: 'A', action: 'a' }, { label: 'B', action: 'b:1' }]] }];
      if (msg.kind === 'action') return [{ text: `action: ${msg.action}` }];
      if (msg.kind === 'start') return [{ text: 'welcome' }];
      if (msg.kind === 'contact') return [{ text: 'contact received' }];
      if (msg.kind === 'location') return [{ text: 'location received' }];
      return [{ text: `kind: ${msg.kind}` }];
    },
  };
  return service;
}

export function captureLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger('debug', stream), text: () => lines.join('') };
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-zalo-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function zaloConfig(fake: FakeZaloApi, dataDir = '.'): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ZALO_APP_ID: fake.appId,
    ZALO_APP_SECRET: fake.appSecret,
    ZALO_OA_SECRET_KEY: OA_SECRET,
    ZALO_REFRESH_TOKEN: fake.refreshToken,
    ZALO_API_BASE: fake.apiBase,
    ZALO_OAUTH_BASE: fake.oauthBase,
  });
}

/** Puts a token pair in the store, as a previous run would have left it. */
export async function storeTokens(store: Store, pair: { access: string; refresh: string; expiresAt: number }): Promise<void> {
  await store.setSecret(TOKENS_SECRET, JSON.stringify({ access_token: pair.access, refresh_token: pair.refresh, expires_at: pair.expiresAt }));
}

export interface Harness {
  fake: FakeZaloApi;
  store: Store;
  /** The store's data directory, for opening a second handle (a second process). */
  dataDir: string;
  service: ReturnType<typeof echoService>;
  channel: Channel;
  app: FastifyInstance;
  metrics: Metrics;
  log: () => string;
  /** Delivers a webhook event signed with the right key; returns the HTTP status. */
  post(event: Record<string, unknown>): Promise<number>;
  /** Waits for all in-flight events (stops the channel: call last). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function harness(
  opts: {
    fake?: FakeZaloOptions;
    service?: ReturnType<typeof echoService>;
    /** false: leave the store without tokens, so the channel seeds from ZALO_REFRESH_TOKEN. */
    seedTokens?: boolean;
    options?: ZaloChannelDeps['options'];
  } = {},
): Promise<Harness> {
  const fake = new FakeZaloApi(opts.fake);
  await fake.start();
  const { dir, cleanup } = await tempDir();
  const store = await openEmbeddedStore(dir);
  if (opts.seedTokens !== false) {
    await storeTokens(store, { access: fake.accessToken, refresh: fake.refreshToken, expiresAt: Date.now() + 3600_000 });
  }
  const service = opts.service ?? echoService();
  const { logger, text } = captureLogger();
  const metrics = new Metrics();
  const channel = createZaloChannel({
    config: zaloConfig(fake, dir),
    store,
    service,
    logger,
    metrics,
    options: { rateLimitBackoffMs: [50, 100], timeoutMs: 2000, ...opts.options },
  });
  const app = Fastify();
  await channel.registerRoutes?.(app);
  await app.ready();
  let stopped = false;
  const settle = async () => {
    if (!stopped) await channel.stop();
    stopped = true;
  };
  return {
    fake,
    store,
    dataDir: dir,
    service,
    channel,
    app,
    metrics,
    log: text,
    async post(event) {
      const { headers, payload } = signZaloEvent(fake.appId, event, OA_SECRET);
      const res = await app.inject({ method: 'POST', url: '/zalo/webhook', headers, payload });
      return res.statusCode;
    },
    settle,
    async close() {
      await settle();
      await app.close();
      await fake.stop();
      await store.close();
      cleanup();
    },
  };
}
