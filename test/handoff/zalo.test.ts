/**
 * An officer on Zalo (no replies to quote there) answers a web user's ticket with the short command
 * carrying the ticket code, through the whole app: Zalo webhook in, web chat inbox out.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { FakeZaloApi, signZaloEvent, zaloEvents } from '../fakes/zalo-api.js';
import { captureLogger, OA_SECRET, tempDir } from '../channels/zalo/harness.js';
import { until } from '../broadcast/helpers.js';
import { webBrowser } from '../server/helpers.js';

const OFFICER = '7009999999999999999';
let app: ServerApp;
let fake: FakeZaloApi;
let cleanup: () => void;
let logs: () => string;

beforeAll(async () => {
  fake = new FakeZaloApi();
  await fake.start();
  const tmp = await tempDir();
  cleanup = tmp.cleanup;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: tmp.dir,
    CONTENT_DIR: join(import.meta.dirname, '..', 'fixtures'),
    ZALO_APP_ID: fake.appId,
    ZALO_APP_SECRET: fake.appSecret,
    ZALO_OA_SECRET_KEY: OA_SECRET,
    ZALO_REFRESH_TOKEN: fake.refreshToken,
    ZALO_API_BASE: fake.apiBase,
    ZALO_OAUTH_BASE: fake.oauthBase,
    ADMIN_IDS: `zalo:${OFFICER}`,
    QUIET_HOURS: '0-0',
    OFFICE_DAYS: '0-6',
    OFFICE_HOURS: '0:00-24:00',
  });
  const captured = captureLogger();
  logs = captured.text;
  app = await createServerApp(config, { logger: captured.logger, broadcast: { outbox: { pollMs: 50 }, pollMs: 100 } });
  await app.listen();
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
  cleanup?.();
});

describe('hand-off with a Zalo officer', () => {
  it('the officer gets the question on Zalo and answers with "#CODE …"; the web user gets it', async () => {
    const post = async (event: Record<string, unknown>) => {
      const { headers, payload } = signZaloEvent(fake.appId, event, OA_SECRET);
      return (await app.server.inject({ method: 'POST', url: '/zalo/webhook', headers, payload })).statusCode;
    };
    // Zalo lets an OA write only to people who wrote to it lately: the officer follows first.
    expect(await post(zaloEvents.follow(OFFICER))).toBe(200);

    const web = webBrowser(app.server);
    await web.chat({ start: true });
    await web.chat({ text: 'nói chuyện với người thật' });
    const question = 'Em ở Long Xuyên, lớp may còn chỗ không ạ?';
    expect((await web.chat({ text: question })).json()).toEqual({ replies: [] });

    await until(() => fake.sent(OFFICER).some((m) => String(m.text ?? '').includes(question)), 15_000, 'the Zalo notification');
    const notice = String(fake.sent(OFFICER).find((m) => String(m.text ?? '').includes(question))!.text);
    const code = /Phiếu #([A-Z0-9]{6})/.exec(notice)![1]!;

    expect(await post(zaloEvents.text(OFFICER, `#${code} Lớp may còn 5 chỗ, bạn đăng ký trong tin nhắn nhé.`))).toBe(200);
    let got: string[] = [];
    await until(async () => {
      got = ((await web.inbox()).json() as { replies: { text: string }[] }).replies.map((r) => r.text);
      return got.some((t) => t.includes('Lớp may còn 5 chỗ'));
    }, 15_000, 'the answer in the web inbox');
    expect(got.join('\n')).toContain('Cán bộ đã tham gia cuộc trò chuyện');
    await until(() => fake.sent(OFFICER).some((m) => String(m.text ?? '').includes('Đã gửi cho người dân')), 10_000, 'the confirmation');

    // Nothing personal in the log: neither the officer's id nor what the user or the officer wrote.
    expect(logs()).not.toContain(OFFICER);
    expect(logs()).not.toContain('Long Xuyên, lớp may');
    expect(logs()).not.toContain('còn 5 chỗ');
  }, 60_000);
});
