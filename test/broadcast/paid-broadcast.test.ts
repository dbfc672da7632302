/**
 * TELEGRAM_PAID_BROADCAST: broadcasts (sends outside a conversation) carry allow_paid_broadcast;
 * replies in a conversation never do, and without the setting nothing does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../src/channels/telegram/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/ports.js';
import { EchoService, TOKEN } from '../channels/telegram/helpers.js';
import { FakeTelegramApi, tgUpdate } from '../fakes/telegram-api.js';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function channel(paid: boolean) {
  const tg = await new FakeTelegramApi({ token: TOKEN, maxPollMs: 200 }).start();
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-paid-'));
  const store: Store = await openEmbeddedStore(dir);
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, DATA_DIR: dir, TELEGRAM_PAID_BROADCAST: paid ? '1' : '0' });
  const ch = createTelegramChannel({ config, store, service: new EchoService(), logger: createLogger('silent'), metrics: new Metrics(), tuning: { pollTimeoutSec: 1 } });
  cleanup.push(async () => {
    await ch.stop().catch(() => undefined);
    await tg.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { tg, ch };
}

describe('Telegram paid broadcast', () => {
  it('marks broadcasts, not conversation replies, when the setting is on', async () => {
    const { tg, ch } = await channel(true);
    await ch.start();
    await ch.send('42', { text: 'Hội chợ mở cửa', buttons: [[{ label: 'Xem', action: 'item:x' }]] });
    tg.pushUpdate(tgUpdate.text(43, 'chào'));
    await tg.waitForSent(1, 43, 5000);
    expect(tg.sent('42')[0]).toMatchObject({ allow_paid_broadcast: true });
    expect(tg.sent('43')[0]?.allow_paid_broadcast).toBeUndefined();
  });

  it('leaves every send unmarked when it is off', async () => {
    const { tg, ch } = await channel(false);
    await ch.send('42', { text: 'Hội chợ mở cửa' });
    expect(tg.sent('42')[0]?.allow_paid_broadcast).toBeUndefined();
  });
});
