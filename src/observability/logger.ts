/**
 * Structured logging with pino. Personal data and secrets are redacted by path, and
 * code never logs names, phones or message text in the first place: log ids and outcomes.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

// Each personal or secret field both at the top of a log line and one level down.
const REDACT = [
  'phone', 'fullName', 'name', 'text', 'token', 'access_token', 'refresh_token',
  '*.phone', '*.fullName', '*.name', '*.text', '*.token', '*.access_token', '*.refresh_token',
  'headers.authorization', 'headers["x-telegram-bot-api-secret-token"]', 'headers["x-zevent-signature"]',
  'config.TELEGRAM_BOT_TOKEN', 'config.ZALO_APP_SECRET', 'config.ZALO_OA_SECRET_KEY', 'config.ZALO_REFRESH_TOKEN',
  'config.MONGODB_URI',
];

export function createLogger(level: string = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'nghebot' } }, destination as never);
}

/** A user id shortened for logs: enough to correlate, not enough to contact anyone. */
export function logUser(channel: string, userId: string): string {
  let h = 0;
  for (const ch of userId) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `${channel}:${(h >>> 0).toString(36)}`;
}
