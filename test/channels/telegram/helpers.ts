/**
 * Fixtures for the Telegram channel tests: the fake Bot API, a real embedded store in a temp dir,
 * a scriptable ConversationService (mechanics only, no content), and a logger the tests can read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Channel } from '../../../src/channels/channel.js';
import { createTelegramChannel, type TelegramTuning } from '../../../src/channels/telegram/index.js';
import { loadConfig } from '../../../src/config.js';
import type { IncomingMessage } from '../../../src/conversation/incoming.js';
import type { ConversationService } from '../../../src/conversation/service.js';
import { createLogger } from '../../../src/observability/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';
import type { Reply } from '../../../src/replies/model.js';
import { openEmbeddedStore } from '../../../src/store/sqlite/index.js';
import type { Store } from '../../../src/store/types.js';
import { FakeTelegramApi } from '../../fakes/telegram-api.js';

export const TOKEN = '123456:TEST-token_abc';
export const WEBHOOK_SECRET = 'test_secret-XYZ';
export const WEBHOOK_URL = 'https://bot.example.vn/telegram/webhook';

/** Echo service: every kind of message gets a recognisable reply; `respond` can be replaced per test. */
export class EchoService implements ConversationService {
  readonly seen: IncomingMessage[] = [];
  respond: (msg: IncomingMessage) => Promise<Reply[]> | Reply[] = (msg) => {
    switch (msg.kind) {
      case 'start':
        return [{ text: `start:${msg.payload ?? '-'}`, buttons: [[{ label: 'Menu', action: 'menu' }]] }];
      case 'text':
        return [{ text: `echo:${msg.text}`, buttons: [[{ label: 'Một', action: 'pick:1' }, { label: 'Hai', action: 'pick:2' }]] }];
      case 'action':
        if (msg.action === 'boom') throw new Error('handler exploded');
        return [{ text: `action:${msg.action}` }];
      case 'contact':
        return [{ text: `contact:${msg.contact?.isOwn ? 'own' : 'other'}` }];
      case 'location':
        return [{ text: `location:${msg.location?.latitude},${msg.location?.longitude}` }];
      default:
        return [];
    }
  };

  async handle(msg: IncomingMessage): Promise<Reply[]> {
    this.seen.push(msg);
    return this.respond(msg);
  }
}

export function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: createLogger('debug', stream), lines };
}

export interface Harness {
  tg: FakeTelegramApi;
  store: Store;
  service: EchoService;
  metrics: Metrics;
  channel: Channel;
  logs: string[];
  close(): Promise<void>;
}

export async function harness(options: { webhook?: boolean; tuning?: Partial<TelegramTuning>; store?: (s: Store) => Store } = {}): Promise<Harness> {
  const tg = await new FakeTelegramApi({ token: TOKEN, maxPollMs: 300 }).start();
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-tg-'));
  const realStore = await openEmbeddedStore(dir);
  const store = options.store ? options.store(realStore) : realStore;
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    DATA_DIR: dir,
    ...(options.webhook ? { TELEGRAM_WEBHOOK_URL: WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
  });
  const service = new EchoService();
  const metrics = new Metrics();
  const { logger, lines } = captureLogger();
  const channel = createTelegramChannel({
    config,
    store,
    service,
    logger,
    metrics,
    tuning: { pollTimeoutSec: 1, transientDelayMs: 20, sendTimeoutMs: 3000, startTimeoutMs: 5000, ...options.tuning },
  });
  return {
    tg,
    store,
    service,
    metrics,
    channel,
    logs: lines,
    async close() {
      await channel.stop().catch(() => undefined);
      await tg.stop();
      await realStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True if `s` holds half of a surrogate pair (a split emoji). */
export const hasLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
