/**
 * The console as the tests drive it: its plugin in a fastify app over a real store (embedded, or MongoDB
 * when MONGODB_URI is set) and a real
 * answer engine, a clock the tests move, officers created through the same code as the CLI, and a
 * "browser" for inject() that keeps its cookies and sends the anti-forgery token of the last page.
 */
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { addOfficer } from '../../src/console/accounts.js';
import { consolePlugin, type ConsoleSection } from '../../src/console/plugin.js';
import { provinceCodeOf } from '../../src/content/import.js';
import type { ContentItem } from '../../src/content/model.js';
import { AnswerEngine } from '../../src/engine/engine.js';
import type { Store } from '../../src/store/ports.js';
import { testStoreAt } from '../store/support/test-store.js';

export const VINH_LONG = '86';
export const AN_GIANG = '91';
export const PASSWORD = 'mat-khau-rat-dai-1';

export const SEED: ContentItem[] = [
  { id: 'course-han-vinh-long', kind: 'course', title: 'Lớp hàn điện cơ bản Vĩnh Long', summary: 'Khóa 3 tháng dạy hàn hồ quang.', province: 'Vĩnh Long', capacity: 1, keywords: ['hàn điện', 'han dien'] },
  { id: 'course-may-an-giang', kind: 'course', title: 'Lớp may công nghiệp An Giang', summary: 'Khóa 2 tháng dạy may.', province: 'An Giang', capacity: 10, keywords: ['may mặc'] },
  { id: 'faq-dang-ky', kind: 'faq', title: 'Đăng ký học nghề cần giấy tờ gì', summary: 'Bạn cần căn cước công dân.' },
];

export async function openConsole(env: Record<string, string> = {}, sections?: (store: Store, engine: AnswerEngine, config: AppConfig) => ConsoleSection[]) {
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-console-'));
  // The embedded store, or MongoDB when MONGODB_URI is set.
  const site = testStoreAt(dir);
  const store: Store = await site.open();
  await store.importItems(SEED, provinceCodeOf);
  const engine = new AnswerEngine(store);
  await engine.load();
  const clock = { now: new Date('2027-03-01T08:00:00.000Z') };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const app = Fastify({ trustProxy: config.TRUST_PROXY });
  await app.register(consolePlugin, { prefix: '/admin', store, config, engine, now: () => clock.now, ...(sections ? { sections: sections(store, engine, config) } : {}) });
  await app.ready();
  return {
    app,
    store,
    engine,
    clock,
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    addOfficer: (username: string, provinceCode: string | undefined, admin = false) =>
      addOfficer(store, { username, password: PASSWORD, admin, ...(provinceCode ? { provinceCode } : {}) }, 'test', clock.now),
    async close() {
      await app.close();
      await engine.close();
      await store.close();
      await site.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cookies kept like a browser, and the `_csrf` token of the last HTML page seen. */
export function consoleBrowser(app: FastifyInstance, address = '127.0.0.1') {
  const jar = new Map<string, string>();
  let csrf = '';
  const keep = (res: LightMyRequestResponse) => {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) csrf = m[1]!;
    return res;
  };
  const cookies = () => Object.fromEntries(jar);
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  return {
    jar,
    get csrf() {
      return csrf;
    },
    get: async (url: string) => keep(await app.inject({ method: 'GET', url, cookies: cookies(), remoteAddress: address })),
    /** A form POST with the page's token (unless the fields name their own `_csrf`, or `withToken` is false). */
    post: async (url: string, fields: Record<string, string> = {}, withToken = true) =>
      keep(
        await app.inject({
          method: 'POST',
          url,
          cookies: cookies(),
          remoteAddress: address,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: form(withToken && csrf && !('_csrf' in fields) ? { _csrf: csrf, ...fields } : fields),
        }),
      ),
    async upload(url: string, files: Array<{ name: string; data: Buffer | string }>) {
      const boundary = '----nghebot' + Math.random().toString(16).slice(2);
      const parts = files.map((f) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
          Buffer.from(f.data),
          Buffer.from('\r\n'),
        ]),
      );
      const payload = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
      return keep(
        await app.inject({
          method: 'POST',
          url: `${url}?_csrf=${encodeURIComponent(csrf)}`,
          cookies: cookies(),
          remoteAddress: address,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        }),
      );
    },
    async login(username: string, password = PASSWORD) {
      return keep(
        await app.inject({
          method: 'POST',
          url: '/admin/login',
          cookies: cookies(),
          remoteAddress: address,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: form({ username, password }),
        }),
      );
    },
  };
}
