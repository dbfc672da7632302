/**
 * The operator's token for /healthz details and /metrics (HEALTH_TOKEN), sent as
 * `Authorization: Bearer <token>`. Compared in constant time so the token cannot be guessed byte by byte.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function hasOperatorToken(req: FastifyRequest, token: string | undefined): boolean {
  if (!token) return false;
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(token));
}
