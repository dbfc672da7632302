/**
 * Who a web chat user is. The server issues the identity: a random id in a signed, HttpOnly, SameSite
 * cookie. Nothing the page sends in a body or query names a user, so knowing someone's id is useless
 * without their cookie, and a forged or edited cookie fails the signature and is ignored.
 *
 * The signing secret is WEB_COOKIE_SECRET when set; otherwise one is generated once and kept in the
 * store, so identities survive restarts and every process sharing the store accepts the same cookies.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DedupeStore, SettingsStore } from '../../store/ports.js';
import { WEB_USER_ID } from './wire.js';

export const WEB_ID_COOKIE = 'nghebot_web';
/** A year: people come back to the same phone browser months later to check an enrolment. */
const COOKIE_MAX_AGE_S = 365 * 24 * 3600;
const SECRET_KEY = 'web-cookie-secret';

/** 128 random bits: cannot be guessed, and fits WEB_USER_ID, so store keys and logs stay safe. */
export function newWebUserId(): string {
  return 'w' + randomBytes(16).toString('hex');
}

/** The configured secret, or the one kept in the store (created under a lease so two processes agree). */
export async function webCookieSecret(store: DedupeStore & SettingsStore, configured?: string): Promise<string> {
  if (configured) return configured;
  const existing = await store.getSecret(SECRET_KEY);
  if (existing) return existing;
  const owner = `${process.pid}:${randomUUID()}`;
  const deadline = Date.now() + 5_000;
  while (!(await store.acquireLease(SECRET_KEY, owner, 10_000))) {
    if (Date.now() > deadline) throw new Error('could not create the web cookie secret: the store lease stayed busy');
    await sleep(20);
  }
  try {
    const again = await store.getSecret(SECRET_KEY);
    if (again) return again;
    const secret = randomBytes(32).toString('base64url');
    await store.setSecret(SECRET_KEY, secret);
    return secret;
  } finally {
    await store.releaseLease(SECRET_KEY, owner).catch(() => undefined);
  }
}

/** The user id in a valid signed cookie, or undefined (no cookie, bad signature, malformed value). */
export function readWebUser(req: FastifyRequest): string | undefined {
  const raw = req.cookies[WEB_ID_COOKIE];
  if (!raw) return undefined;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value || !WEB_USER_ID.test(unsigned.value)) return undefined;
  return unsigned.value;
}

/** Gives the browser a new identity and returns it. */
export function issueWebUser(reply: FastifyReply): string {
  const id = newWebUserId();
  reply.setCookie(WEB_ID_COOKIE, id, {
    signed: true,
    httpOnly: true,
    // Lax, not Strict: a link shared in Zalo opens /chat as a cross-site navigation, and the page's own
    // fetches that follow are same-site either way.
    sameSite: 'lax',
    secure: 'auto',
    path: '/',
    maxAge: COOKIE_MAX_AGE_S,
  });
  return id;
}
