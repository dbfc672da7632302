/**
 * Who is signed in to the console. A session is a random 256-bit token in an HttpOnly,
 * SameSite=Strict cookie limited to /admin (Secure when the request came over HTTPS); the store keeps
 * only its sha256, with the last time it was used, and a session idle longer than the configured
 * time is gone. Sign-in failures are counted per account and per address in the store, so every
 * process behind a load balancer counts the same ones.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OfficerAccount } from '../store/console-types.js';
import type { Store } from '../store/ports.js';
import { verifyAgainstNothing, verifyPassword } from './password.js';

export const SESSION_COOKIE = 'nghebot_admin';
/** A session's last-use time is rewritten at most this often: not one write per page view. */
const TOUCH_EVERY_MS = 60_000;
export const THROTTLE = { failures: 5, windowMs: 15 * 60_000 } as const;

export interface SignedIn {
  account: OfficerAccount;
  tokenHash: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Secure when the request came over HTTPS ('auto': the request's protocol, X-Forwarded-Proto behind TRUST_PROXY). */
const COOKIE_OPTIONS = { path: '/admin', httpOnly: true, sameSite: 'strict', secure: 'auto' } as const;

export async function startSession(store: Store, reply: FastifyReply, username: string, now: Date): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const at = now.toISOString();
  await store.console.createSession({ tokenHash: hashToken(token), username, createdAt: at, lastSeenAt: at });
  void reply.setCookie(SESSION_COOKIE, token, COOKIE_OPTIONS);
}

export async function endSession(store: Store, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  if (token) await store.console.deleteSession(hashToken(token));
  void reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
}

/** The signed-in officer, or undefined (no cookie, unknown or idle session, account removed). */
export async function readSession(store: Store, req: FastifyRequest, idleMs: number, now: Date): Promise<SignedIn | undefined> {
  const token = req.cookies[SESSION_COOKIE];
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const session = await store.console.getSession(tokenHash, new Date(now.getTime() - idleMs));
  if (!session) return undefined;
  const account = await store.console.getAccount(session.username);
  if (!account) {
    await store.console.deleteSession(tokenHash);
    return undefined;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) await store.console.touchSession(tokenHash, now);
  return { account, tokenHash };
}

export type LoginOutcome = { ok: true; account: OfficerAccount } | { ok: false; retryAfterS?: number };

/**
 * Checks a sign-in. After THROTTLE.failures failures within THROTTLE.windowMs for the account or the
 * address, further tries are refused without looking at the password until the oldest failure ages
 * out (retryAfterS), so guessing costs a guesser time, not the officer their account.
 */
export async function checkLogin(store: Store, username: string, password: string, address: string, now: Date): Promise<LoginOutcome> {
  const keys = [`user:${username}`, `addr:${address}`];
  // One try at a time per account and per address in this process: otherwise a burst of parallel
  // guesses would all read "fewer than 5 failures" before any of them is written.
  return oneAtATime(keys, () => attempt(store, keys, password, username, now));
}

/** The tail of the queue of tries per throttle key. */
const queues = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
  const before = keys.map((k) => queues.get(k) ?? Promise.resolve());
  const run = Promise.allSettled(before).then(fn);
  const tail = run.catch(() => undefined);
  for (const k of keys) queues.set(k, tail);
  try {
    return await run;
  } finally {
    for (const k of keys) if (queues.get(k) === tail) queues.delete(k);
  }
}

async function attempt(store: Store, keys: string[], password: string, username: string, now: Date): Promise<LoginOutcome> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  let waitUntil = 0;
  for (const key of keys) {
    const f = await store.console.loginFailures(key, since);
    if (f.count >= THROTTLE.failures && f.oldest) waitUntil = Math.max(waitUntil, Date.parse(f.oldest) + THROTTLE.windowMs);
  }
  if (waitUntil > now.getTime()) return { ok: false, retryAfterS: Math.ceil((waitUntil - now.getTime()) / 1000) };
  const account = username ? await store.console.getAccount(username) : undefined;
  const ok = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstNothing(password);
  if (!ok || !account) {
    await store.console.recordLoginFailure(keys, now);
    return { ok: false };
  }
  // A right password ends the account's run of failures; the address keeps its count.
  await store.console.clearLoginFailures(keys[0]!);
  return { ok: true, account };
}
