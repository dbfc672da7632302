import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendError } from '../../../src/channels/channel.js';
import { TOKENS_SECRET, ZaloTokenManager } from '../../../src/channels/zalo/tokens.js';
import { openEmbeddedStore } from '../../../src/store/sqlite/index.js';
import type { Store } from '../../../src/store/types.js';
import { FakeZaloApi, zaloEvents } from '../../fakes/zalo-api.js';
import { captureLogger, harness, storeTokens, tempDir, type Harness } from './harness.js';

const USER = '3355778899001122334';
const stored = async (store: Store) => JSON.parse((await store.getSecret(TOKENS_SECRET))!) as Record<string, unknown>;

let h: Harness | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('zalo token manager', () => {
  it('seeds the chain from ZALO_REFRESH_TOKEN, persists the new pair, and reuses it while fresh', async () => {
    h = await harness({ seedTokens: false });
    const seed = h.fake.refreshToken;
    await h.channel.send(USER, { text: 'một' });
    await h.channel.send(USER, { text: 'hai' });
    expect(h.fake.refreshCount).toBe(1);
    const refresh = h.fake.calls.find((c) => c.op === 'refresh')!;
    expect(refresh.headers['secret_key']).toBe(h.fake.appSecret);
    expect(refresh.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(refresh.body).toEqual({ app_id: h.fake.appId, grant_type: 'refresh_token', refresh_token: seed });
    const pair = await stored(h.store);
    expect(pair).toMatchObject({ access_token: h.fake.accessToken, refresh_token: h.fake.refreshToken });
    expect(pair.expires_at as number).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(h.fake.sent(USER)).toHaveLength(2);
    expect(h.log()).not.toContain(h.fake.accessToken);
    expect(h.log()).not.toContain(h.fake.refreshToken);
  });

  it('refreshes a token that expires within the safety margin before using it', async () => {
    h = await harness();
    await storeTokens(h.store, { access: h.fake.accessToken, refresh: h.fake.refreshToken, expiresAt: Date.now() + 60_000 });
    await h.channel.send(USER, { text: 'x' });
    expect(h.fake.refreshCount).toBe(1);
    expect(h.fake.calls.filter((c) => c.op === 'send').every((c) => c.headers['access_token'] === h!.fake.accessToken)).toBe(true);
  });

  it('two concurrent sends with an expired token share exactly one refresh', async () => {
    h = await harness({ fake: { refreshDelayMs: 100 } });
    await storeTokens(h.store, { access: h.fake.accessToken, refresh: h.fake.refreshToken, expiresAt: Date.now() - 1000 });
    await Promise.all([h.channel.send(USER, { text: 'a' }), h.channel.send('4455', { text: 'b' })]);
    expect(h.fake.refreshCount).toBe(1);
    expect(h.fake.sent()).toHaveLength(2);
  });

  it('two concurrent -216 rejections of the same token lead to one refresh', async () => {
    h = await harness({ fake: { refreshDelayMs: 50 } });
    h.fake.failNext(-216, { times: 2 });
    await Promise.all([h.channel.send(USER, { text: 'a' }), h.channel.send('4455', { text: 'b' })]);
    expect(h.fake.refreshCount).toBe(1);
    expect(h.fake.sent()).toHaveLength(2);
  });

  it('a send racing another process’s refresh picks up the new token instead of refreshing again', async () => {
    h = await harness();
    // Another process sharing the same store.
    const other = await openEmbeddedStore(h.dataDir);
    cleanups.push(() => other.close());
    const otherManager = manager(h.fake, other);
    // The send is in flight (already carrying the old token) while the other process refreshes.
    const release = h.fake.holdSends();
    const sending = h.channel.send(USER, { text: 'x' });
    await vi.waitFor(() => expect(h!.fake.heldSends).toBe(1));
    await storeTokens(other, { access: h.fake.accessToken, refresh: h.fake.refreshToken, expiresAt: Date.now() - 1 });
    const fresh = await otherManager.getAccessToken();
    release();
    await sending; // got -216 for the old token, re-read the store, retried
    expect(h.fake.refreshCount).toBe(1);
    const sends = h.fake.calls.filter((c) => c.op === 'send');
    expect(sends.map((c) => (c.response as { error: number }).error)).toEqual([-216, 0]);
    expect(sends[1]!.headers['access_token']).toBe(fresh);
  });

  it('two processes refreshing at once: one refresh, both end with the new token', async () => {
    const fake = new FakeZaloApi({ refreshDelayMs: 200 });
    await fake.start();
    const { dir, cleanup } = await tempDir();
    const storeA = await openEmbeddedStore(dir);
    const storeB = await openEmbeddedStore(dir);
    cleanups.push(cleanup, () => fake.stop(), () => storeA.close(), () => storeB.close());
    await storeTokens(storeA, { access: fake.accessToken, refresh: fake.refreshToken, expiresAt: Date.now() - 1 });

    const [a, b] = await Promise.all([manager(fake, storeA).getAccessToken(), manager(fake, storeB).getAccessToken()]);
    expect(fake.refreshCount).toBe(1);
    expect(a).toBe(fake.accessToken);
    expect(b).toBe(fake.accessToken);
    expect(fake.calls.filter((c) => c.op === 'refresh')).toHaveLength(1); // the refresh token was never spent twice
    expect(await stored(storeB)).toMatchObject({ access_token: fake.accessToken, refresh_token: fake.refreshToken });
  });

  it('a refused refresh leaves the stored pair alone and fails the send as transient', async () => {
    h = await harness();
    const before = await h.store.getSecret(TOKENS_SECRET);
    h.fake.rotateTokens(); // someone else spent our refresh token: the chain is broken
    const err = await h.channel.send(USER, { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).failure).toBe('transient');
    expect(await h.store.getSecret(TOKENS_SECRET)).toBe(before);
    expect(h.fake.calls.filter((c) => c.op === 'refresh').map((c) => (c.response as { error?: number }).error)).toEqual([-14014]);
    expect(h.fake.sent()).toHaveLength(0);
  });

  it('starts a new chain when the admin configures a new ZALO_REFRESH_TOKEN after re-authorising', async () => {
    const fake = new FakeZaloApi();
    await fake.start();
    const { dir, cleanup } = await tempDir();
    const store = await openEmbeddedStore(dir);
    cleanups.push(cleanup, () => fake.stop(), () => store.close());
    // A chain grown from the old seed, now dead (the admin re-authorised: Zalo issued refresh-0 anew).
    await store.setSecret(TOKENS_SECRET, JSON.stringify({ access_token: 'dead', refresh_token: 'dead', expires_at: Date.now() + 3600_000, seed: 'old-seed-hash' }));
    expect(await manager(fake, store).getAccessToken()).toBe(fake.accessToken);
    expect(fake.calls.find((c) => c.op === 'refresh')!.body).toMatchObject({ refresh_token: 'refresh-0' });
    // The next process start (same config) keeps the new chain instead of re-seeding.
    expect(await manager(fake, store).getAccessToken()).toBe(fake.accessToken);
    expect(fake.refreshCount).toBe(1);
  });

  it('start() loads the token in the background and the first turn uses it', async () => {
    h = await harness({ seedTokens: false });
    await h.channel.start();
    await h.post(zaloEvents.text(USER, 'xin chào'));
    await h.settle();
    expect(h.fake.refreshCount).toBe(1);
    expect(h.fake.sent(USER)).toHaveLength(1);
  });
});

function manager(fake: FakeZaloApi, store: Store): ZaloTokenManager {
  return new ZaloTokenManager({
    store,
    logger: captureLogger().logger,
    appId: fake.appId,
    appSecret: fake.appSecret,
    seedRefreshToken: 'refresh-0',
    oauthBase: fake.oauthBase,
    pollMs: 20,
  });
}
