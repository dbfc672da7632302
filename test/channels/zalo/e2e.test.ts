/**
 * The whole app (createServerApp: real store, engine, handlers, router) with the Zalo channel
 * pointed at the fake API: a user follows, taps a menu button, and the replies reach Zalo.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServerApp, type ServerApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { FakeZaloApi, signZaloEvent, zaloEvents } from '../../fakes/zalo-api.js';
import { captureLogger, OA_SECRET, tempDir } from './harness.js';

const USER = '7001234567890123456';

describe('zalo end to end', () => {
  let app: ServerApp | undefined;
  let fake: FakeZaloApi | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await app?.stop();
    await fake?.stop();
    cleanup?.();
  });

  it('follow → greeting with buttons; tapping one comes back as its action and is answered', async () => {
    fake = new FakeZaloApi();
    await fake.start();
    const tmp = await tempDir();
    cleanup = tmp.cleanup;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: tmp.dir,
      ZALO_APP_ID: fake.appId,
      ZALO_APP_SECRET: fake.appSecret,
      ZALO_OA_SECRET_KEY: OA_SECRET,
      ZALO_REFRESH_TOKEN: fake.refreshToken,
      ZALO_API_BASE: fake.apiBase,
      ZALO_OAUTH_BASE: fake.oauthBase,
    });
    const { logger, text: logs } = captureLogger();
    app = await createServerApp(config, { logger });
    expect(app.channels.map((c) => c.name)).toContain('zalo');
    await app.listen();

    const post = async (event: Record<string, unknown>) => {
      const { headers, payload } = signZaloEvent(fake!.appId, event, OA_SECRET);
      return (await app!.server.inject({ method: 'POST', url: '/zalo/webhook', headers, payload })).statusCode;
    };

    expect(await post(zaloEvents.follow(USER))).toBe(200);
    await vi.waitFor(() => expect(fake!.sent(USER).length).toBeGreaterThan(0), { timeout: 5000 });
    const greeting = fake.sent(USER);
    const buttons = greeting.flatMap((m) => m.attachment?.payload?.buttons ?? []);
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(b.payload).toMatch(/^#/);
    expect((await app.store.getUser({ channel: 'zalo', userId: USER }))?.active).toBe(true);

    // The user taps the first button: Zalo sends its payload back as user text.
    const before = fake.sent(USER).length;
    expect(await post(zaloEvents.text(USER, buttons[0].payload))).toBe(200);
    await vi.waitFor(() => expect(fake!.sent(USER).length).toBeGreaterThan(before), { timeout: 5000 });
    // Every message Zalo received was within its limits (the fake answers -210 otherwise).
    expect(fake.calls.filter((c) => c.op === 'send').every((c) => (c.response as { error: number }).error === 0)).toBe(true);
    expect(fake.refreshCount).toBe(1); // seeded once from ZALO_REFRESH_TOKEN

    const forged = signZaloEvent(fake.appId, zaloEvents.text(USER, 'x'), 'nope');
    expect((await app.server.inject({ method: 'POST', url: '/zalo/webhook', headers: forged.headers, payload: forged.payload })).statusCode).toBe(401);
    expect(logs()).not.toContain(USER);
  });
});
