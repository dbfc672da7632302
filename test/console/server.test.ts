/**
 * The console as the bot's server mounts it: /admin behind the sign-in, the web chat untouched, a
 * page group added by another module (its nav entry and routes, under the same sign-in), and the
 * dashboard's charts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addOfficer } from '../../src/console/accounts.js';
import { html } from '../../src/console/html.js';
import type { ConsoleSection } from '../../src/console/plugin.js';
import type { buildServer } from '../../src/server/app.js';
import { buildWebServer, captureLogger, scriptedService, testConfig } from '../server/helpers.js';
import { tempStore } from '../support/harness.js';
import { Metrics } from '../../src/observability/metrics.js';
import { consoleBrowser, PASSWORD, VINH_LONG } from './helpers.js';

describe('console in the bot\'s server', () => {
  let opened: Awaited<ReturnType<typeof tempStore>>;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let logs: () => string;
  beforeEach(async () => {
    opened = await tempStore();
    const section: ConsoleSection = {
      nav: { path: '/admin/inbox', label: 'Hộp thư' },
      routes(scope, ctx) {
        scope.get('/inbox', async (req, reply) => ctx.render(req, reply, { title: 'Hộp thư', current: '/admin/inbox', body: html`<h1>Hộp thư của ${req.officer!.account.username}</h1>` }));
      },
    };
    const captured = captureLogger();
    logs = captured.text;
    app = await buildWebServer({ config: testConfig(), store: opened.store, service: scriptedService(), logger: captured.logger, metrics: new Metrics(), consoleSections: [section] });
    await app.ready();
    await addOfficer(opened.store, { username: 'lan', password: PASSWORD, provinceCode: VINH_LONG, admin: false }, 'test', new Date());
  });
  afterEach(async () => {
    await app.close();
    await opened.cleanup();
  });

  it('guards /admin, leaves the chat alone, and mounts added page groups behind the same sign-in', async () => {
    expect((await app.inject('/admin')).headers.location).toBe('/admin/login?next=%2Fadmin');
    expect((await app.inject('/chat')).statusCode).toBe(200);
    // Unknown console pages: the sign-in first (nothing tells a stranger which pages exist), then an HTML 404.
    expect((await app.inject('/admin/khong-co')).statusCode).toBe(303);
    expect((await app.inject('/khong-co')).json()).toMatchObject({ error: 'not_found' }); // the rest of the server keeps its JSON
    expect((await app.inject('/admin/inbox')).statusCode).toBe(303);
    const b = consoleBrowser(app);
    await b.login('lan');
    const home = await b.get('/admin');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<a href="/admin/inbox">Hộp thư</a>');
    expect(home.body).toContain('Nội dung theo loại');
    expect(home.body).toContain('Người nhận tin theo tỉnh và chủ đề');
    expect(home.body).toContain('Câu hỏi mỗi ngày');
    expect((await b.get('/admin/inbox')).body).toContain('Hộp thư của lan');
    const missing = await b.get('/admin/khong-co');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Không có trang này');
    // "Thử hỏi" without an engine in this server says so instead of failing.
    expect((await b.get('/admin/try?q=han')).body).toContain('Máy trả lời chưa chạy');
    // Neither the password nor the session token is ever logged.
    expect(logs()).not.toContain(PASSWORD);
    expect(logs()).not.toContain(b.jar.get('nghebot_admin')!);
  });
});
