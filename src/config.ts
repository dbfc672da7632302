/**
 * Configuration from environment variables, validated once at start-up.
 * Every other module receives an AppConfig; nothing else reads process.env.
 */
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

// Only channels that prove who is writing: Telegram and Zalo sign their updates. A web or terminal
// "officer" would be anyone who types the name, so web:/cli: entries stop start-up.
const adminId = z
  .string()
  .regex(/^(telegram|zalo):[A-Za-z0-9_-]+$/, 'mỗi mục dạng telegram:<id> hoặc zalo:<id> (web: và cli: không được nhận làm cán bộ)');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    CONTENT_DIR: z.string().min(1).default('./content'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ADMIN_IDS: z
      .string()
      .default('')
      .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
      .pipe(z.array(adminId)),
    // No phone by default: a made-up hotline is worse than none. Deployments set their own.
    CONTACT_TEXT: z.string().default('Bạn liên hệ phòng Văn hóa - Xã hội của xã/phường nơi bạn ở, hoặc Trung tâm Dịch vụ việc làm của tỉnh.'),
    /** Signs the web chat identity cookie; unset: a secret generated once and kept in the store. */
    WEB_COOKIE_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    /** Web chat turns per minute from one address; 0 disables the limit. */
    WEB_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(60),
    /** New web chat visitors (no identity cookie yet) per hour from one address; 0 disables the limit. */
    WEB_NEW_VISITORS_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000).default(60),
    /** Behind a reverse proxy: take the client address from X-Forwarded-For (for the web rate limit). */
    TRUST_PROXY: bool.default(false),
    /** Bearer token for the details of /healthz and for /metrics; unset: /healthz says status only, /metrics is open. */
    HEALTH_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    /** Officers' console (/admin): a session unused this long is signed out. */
    CONSOLE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),

    TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'looks like 123456:ABC-DEF...').optional(),
    TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 chars of A-Z a-z 0-9 _ -')
      .optional(),
    TELEGRAM_API_ROOT: z.string().url().optional(),

    ZALO_APP_ID: z.string().min(1).optional(),
    ZALO_APP_SECRET: z.string().min(1).optional(),
    ZALO_OA_SECRET_KEY: z.string().min(1).optional(),
    ZALO_REFRESH_TOKEN: z.string().min(1).optional(),
    ZALO_API_BASE: z.string().url().default('https://openapi.zalo.me'),
    ZALO_OAUTH_BASE: z.string().url().default('https://oauth.zaloapp.com'),

    DIGEST_CRON: z.string().default('0 7 * * *'),
    REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(3),
    QUIET_HOURS: z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'dạng 21-6')
      .default('21-6'),
    TIMEZONE: z.string().default('Asia/Ho_Chi_Minh'),
    // Broadcast send rates (messages per second, whole channel). Telegram allows about 30/s to
    // different chats (more with paid broadcasts); Zalo publishes no number and answers -32 beyond
    // its quota, which depends on the OA's tier.
    TELEGRAM_SEND_RATE: z.coerce.number().positive().max(1000).default(25),
    ZALO_SEND_RATE: z.coerce.number().positive().max(100).default(4),
    FLOOD_LIMIT: z.coerce.number().int().positive().default(20),
    FLOOD_WINDOW_MS: z.coerce.number().int().positive().default(10_000),
    SEED_CONTENT: bool.default(true),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when TELEGRAM_WEBHOOK_URL is set' });
    }
    const zalo = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_REFRESH_TOKEN'] as const;
    const set = zalo.filter((k) => env[k]);
    if (set.length > 0 && set.length < zalo.length) {
      for (const k of zalo.filter((k) => !env[k])) {
        ctx.addIssue({ code: 'custom', path: [k], message: 'Zalo needs all four of ' + zalo.join(', ') });
      }
    }
  });

export type AppConfig = z.output<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super('Invalid configuration:\n' + problems.map((p) => '  - ' + p).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming each bad variable (values are never echoed: they may be secrets). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  return parsed.data;
}

export const telegramEnabled = (c: AppConfig) => Boolean(c.TELEGRAM_BOT_TOKEN);
export const zaloEnabled = (c: AppConfig) => Boolean(c.ZALO_APP_ID);
