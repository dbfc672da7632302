/**
 * Keeps the Zalo OA access token fresh. Zalo refresh tokens are single-use: every refresh returns a
 * new pair and kills the old refresh token, so two overlapping refreshes lose the chain for good
 * (the OA admin must then re-authorise by hand). Refreshes are therefore serialised twice:
 * one shared promise per process, and a store lease across processes. The new pair is persisted
 * before anyone uses it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import axios, { type AxiosInstance } from 'axios';
import type { Logger } from '../../observability/logger.js';
import type { DedupeStore, SettingsStore } from '../../store/ports.js';

export const TOKENS_SECRET = 'zalo:tokens';
export const REFRESH_LEASE = 'zalo:token-refresh';

interface StoredTokens {
  access_token: string;
  refresh_token: string;
  /** Epoch ms. */
  expires_at: number;
  /** Hash of the ZALO_REFRESH_TOKEN this chain grew from: a new value in the config starts a new chain. */
  seed?: string;
}

export interface TokenManagerOptions {
  store: DedupeStore & SettingsStore;
  logger: Logger;
  appId: string;
  /** The application's secret key (header `secret_key`), not the OA secret. */
  appSecret: string;
  /** ZALO_REFRESH_TOKEN: only used while the store holds no chain grown from it. */
  seedRefreshToken: string;
  oauthBase: string;
  /** Refresh this long before expiry. */
  marginMs?: number;
  leaseMs?: number;
  /** How often a process waiting for another one's refresh re-reads the store. */
  pollMs?: number;
  /** Gives up waiting for a refresh (own or another process's) after this long. */
  waitMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

export class TokenError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
    this.name = 'TokenError';
  }
}

export class ZaloTokenManager {
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly http: AxiosInstance;
  private readonly seedHash: string;
  private inflight?: Promise<string>;
  private readonly marginMs: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly waitMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: TokenManagerOptions) {
    this.marginMs = opts.marginMs ?? 5 * 60_000;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 250;
    this.waitMs = opts.waitMs ?? 45_000;
    this.now = opts.now ?? Date.now;
    // The OAuth call must finish well inside the lease, or a second process could refresh meanwhile.
    this.http = axios.create({
      baseURL: opts.oauthBase,
      timeout: opts.timeoutMs ?? Math.min(10_000, this.leaseMs / 2),
      validateStatus: () => true,
    });
    this.seedHash = createHash('sha256').update(opts.seedRefreshToken).digest('hex').slice(0, 16);
  }

  /** A usable access token, refreshing first when it is missing or about to expire. */
  async getAccessToken(): Promise<string> {
    const pair = await this.read();
    if (pair && this.fresh(pair)) return pair.access_token;
    return this.refresh(pair?.access_token);
  }

  /**
   * Zalo refused `rejected` (-216/-220). Returns a newer token another caller or process already
   * obtained, or refreshes once.
   */
  async afterRejection(rejected: string): Promise<string> {
    const pair = await this.read();
    if (pair && pair.access_token !== rejected && this.fresh(pair)) return pair.access_token;
    return this.refresh(rejected);
  }

  /** One refresh per process at a time; concurrent callers share its result. */
  private refresh(stale: string | undefined): Promise<string> {
    this.inflight ??= this.refreshAcrossProcesses(stale).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refreshAcrossProcesses(stale: string | undefined): Promise<string> {
    const deadline = this.now() + this.waitMs;
    for (;;) {
      if (await this.opts.store.acquireLease(REFRESH_LEASE, this.owner, this.leaseMs)) {
        try {
          // Another process may have refreshed between our read and the lease.
          const pair = await this.read();
          if (pair && pair.access_token !== stale && this.fresh(pair)) return pair.access_token;
          return await this.callOAuth(pair?.refresh_token ?? this.opts.seedRefreshToken);
        } finally {
          await this.opts.store.releaseLease(REFRESH_LEASE, this.owner).catch(() => undefined);
        }
      }
      // Someone else is refreshing: wait for the pair they persist instead of spending our refresh token.
      await sleep(this.pollMs);
      const pair = await this.read();
      if (pair && pair.access_token !== stale && this.fresh(pair)) return pair.access_token;
      if (this.now() > deadline) throw new TokenError('timed out waiting for another process to refresh the Zalo token');
    }
  }

  private async callOAuth(refreshToken: string): Promise<string> {
    const form = new URLSearchParams({ app_id: this.opts.appId, grant_type: 'refresh_token', refresh_token: refreshToken });
    let res;
    try {
      res = await this.http.post('/v4/oa/access_token', form, {
        headers: { secret_key: this.opts.appSecret, 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    } catch (err) {
      this.opts.logger.warn({ err: (err as { code?: string }).code ?? 'error' }, 'zalo token refresh: network error');
      throw new TokenError('Zalo token endpoint unreachable');
    }
    const body = (typeof res.data === 'object' && res.data !== null ? res.data : {}) as Record<string, unknown>;
    const accessToken = typeof body.access_token === 'string' && body.access_token ? body.access_token : undefined;
    if (!accessToken) {
      const code = Number(body.error);
      // The refresh token may now be dead; only an admin can repair the chain, so say so loudly.
      this.opts.logger.error({ status: res.status, code: Number.isFinite(code) ? code : undefined }, 'zalo token refresh refused');
      throw new TokenError('Zalo refused the token refresh', Number.isFinite(code) ? code : undefined);
    }
    let newRefresh = typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined;
    if (!newRefresh) {
      this.opts.logger.warn('zalo token refresh returned no refresh token; keeping the previous one');
      newRefresh = refreshToken;
    }
    const seconds = Number(body.expires_in);
    const pair: StoredTokens = {
      access_token: accessToken,
      refresh_token: newRefresh,
      // Without a usable lifetime assume an hour: refreshing early is cheap, using a dead token is not.
      expires_at: this.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000,
      seed: this.seedHash,
    };
    // Persist before use: if we crashed after using it unpersisted, the chain would be lost.
    await this.opts.store.setSecret(TOKENS_SECRET, JSON.stringify(pair));
    this.opts.logger.info({ expiresInS: Math.round((pair.expires_at - this.now()) / 1000) }, 'zalo token refreshed');
    return accessToken;
  }

  private async read(): Promise<StoredTokens | undefined> {
    const raw = await this.opts.store.getSecret(TOKENS_SECRET);
    if (!raw) return undefined;
    try {
      const v = JSON.parse(raw) as Partial<StoredTokens>;
      if (typeof v.access_token !== 'string' || typeof v.refresh_token !== 'string' || typeof v.expires_at !== 'number') {
        return undefined;
      }
      // A chain grown from an older ZALO_REFRESH_TOKEN: the admin re-authorised and configured a new one.
      if (v.seed !== undefined && v.seed !== this.seedHash) return undefined;
      return v as StoredTokens;
    } catch {
      return undefined;
    }
  }

  private fresh(pair: StoredTokens): boolean {
    return pair.expires_at - this.marginMs > this.now();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
