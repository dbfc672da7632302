/**
 * Shared fixtures for the server tests: a scripted conversation service, a real embedded store,
 * a logger whose output the tests can read (to prove no personal data is logged), and config.
 */
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import type { IncomingMessage } from '../../src/conversation/incoming.js';
import type { ConversationService } from '../../src/conversation/service.js';
import { createLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { createWebChannel } from '../../src/channels/web/channel.js';
import { buildServer } from '../../src/server/app.js';
import type { Reply } from '../../src/replies/model.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';

/** Echoes text with a menu, answers a few fixed actions, and records what it saw. */
export function scriptedService(): ConversationService & { seen: IncomingMessage[] } {
  const seen: IncomingMessage[] = [];
  const menu = [
    [
      { label: 'Khoá học nghề', action: 'menu:courses' },
      { label: 'Chính sách hỗ trợ', action: 'menu:policies' },
    ],
    [{ label: 'Hội chợ việc làm', action: 'menu:fairs' }],
  ];
  return {
    seen,
    async handle(msg): Promise<Reply[]> {
      seen.push(msg);
      if (msg.kind === 'start') {
        return [{ text: `Xin chào! Mình là Nghề Bot.\nBạn muốn tìm gì?${msg.payload ? ` (${msg.payload})` : ''}`, buttons: menu }];
      }
      if (msg.kind === 'text') {
        return [
          {
            text: `Bạn hỏi: ${msg.text}\nĐây là các khoá phù hợp:`,
            items: [
              { id: 'course-han', title: 'Hàn điện cơ bản', subtitle: 'Cần Thơ · 3 tháng · miễn phí', action: 'item:course-han' },
              { id: 'course-moc', title: 'Mộc dân dụng', subtitle: 'Vĩnh Long · 2 tháng', action: 'item:course-moc' },
            ],
            buttons: [[{ label: 'Đăng ký học', action: 'enroll:course-han' }]],
          },
        ];
      }
      if (msg.kind === 'action' && msg.action === 'boom') throw new Error('handler exploded');
      if (msg.kind === 'action' && msg.action === 'file') {
        return [{ text: 'Danh sách đây', file: { filename: 'ds.csv', mimeType: 'text/csv', data: Buffer.from('a,b\n1,2\n') } }];
      }
      if (msg.kind === 'action' && msg.action === 'enroll:course-han') {
        return [{ text: 'Bạn cho mình xin số điện thoại để đăng ký nhé.', requestContact: true }];
      }
      return [{ text: `Bạn chọn: ${msg.action}`, buttons: [[{ label: '« Về menu', action: 'menu' }]] }];
    },
  };
}

export function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger('debug', stream), text: () => lines.join('') };
}

export const testConfig = () => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

export async function tempStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-server-'));
  const store = await openEmbeddedStore(dir);
  return {
    store,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A server over a temp embedded store with the web channel and a scripted conversation service,
 * ready for inject(); `logs` is everything it logged.
 */
export async function openWebServer() {
  const { store, cleanup } = await tempStore();
  const metrics = new Metrics();
  const service = scriptedService();
  const { logger, text: logs } = captureLogger();
  const web = createWebChannel({ service, store, metrics, logger });
  const app = await buildServer({ config: testConfig(), store, service, channels: [web], logger, metrics });
  await app.ready();
  return {
    app,
    store,
    web,
    metrics,
    service,
    logs,
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

export const WEB_COOKIE = 'nghebot_web';

/** One browser: keeps the identity cookie the server sets, like a real one. */
export function webBrowser(server: FastifyInstance) {
  let cookie: string | undefined;
  const cookies = (): Record<string, string> => (cookie ? { [WEB_COOKIE]: cookie } : {});
  return {
    async chat(payload: unknown) {
      const res = await server.inject({ method: 'POST', url: '/api/chat', payload: payload as object, cookies: cookies() });
      const set = res.cookies.find((c) => c.name === WEB_COOKIE);
      if (set) cookie = set.value;
      return res;
    },
    inbox: (query = '') => server.inject({ url: `/api/chat/inbox${query}`, cookies: cookies() }),
    get cookie() {
      return cookie;
    },
  };
}

/** A browser that has opened the chat, and the user id the server gave it (as the service saw it). */
export async function webVisitor(server: FastifyInstance, service: { seen: IncomingMessage[] }) {
  const b = webBrowser(server);
  await b.chat({ start: true });
  return { ...b, userId: service.seen.at(-1)!.userId };
}
