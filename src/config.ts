/**
 * Configuration from environment variables, validated once at start-up.
 * Every other module receives an AppConfig; nothing else reads process.env.
 */
import { isTimeZone } from './time/clock.js';
import { z } from 'zod';
import { MESSAGE_KINDS, TEMPLATE_FIELDS } from './channels/send-context.js';
import { parseOfficeDays, parseOfficeHours } from './handoff/office-hours.js';

/** A zod check from a parser that throws on bad input. */
const valid = (parse: (s: string) => unknown) => (s: string) => {
  try {
    parse(s);
    return true;
  } catch {
    return false;
  }
};

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

// Only channels that prove who is writing: Telegram and Zalo sign their updates. A web or terminal
// "officer" would be anyone who types the name, so web:/cli: entries stop start-up.
const adminId = z
  .string()
  .regex(/^(telegram|zalo):[A-Za-z0-9_-]+$/, 'mỗi mục dạng telegram:<id> hoặc zalo:<id> (web: và cli: không được nhận làm cán bộ)');

/**
 * Zalo template (ZBS) per message kind: `{"fair": {"id": "123", "params": {"ten_hoi_cho": "title"}}}`.
 * `params` maps the template's parameter names to our fields (text, title, date, place); left out,
 * DEFAULT_TEMPLATE_PARAMS. `byUserId` / `byPhone` say which ways of sending Zalo approved it for.
 */
export const DEFAULT_TEMPLATE_PARAMS: Record<string, (typeof TEMPLATE_FIELDS)[number]> = { title: 'title', content: 'text', date: 'date' };
const zaloTemplate = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'template id: letters, digits, _ or -'),
    params: z.record(z.string().min(1).max(64), z.enum(TEMPLATE_FIELDS)).optional(),
    byUserId: z.boolean().default(true),
    byPhone: z.boolean().default(true),
  })
  .strict();
const zaloTemplates = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"fair":{"id":"123456"}}' });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(z.enum(MESSAGE_KINDS), zaloTemplate));

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
    /** ZBS template messages (reach outside the consultation window). */
    ZALO_TEMPLATE_API_BASE: z.string().url().default('https://business.openapi.zalo.me'),
    ZALO_TEMPLATES: zaloTemplates.default({}),
    /** Estimated price of one template message, VND, for `announce --dry-run`. */
    ZALO_TEMPLATE_PRICE_VND: z.coerce.number().min(0).max(100_000).default(200),
    /** Consultation (/cs) messages are accepted this long after the user's last message (Zalo: 7 days). */
    ZALO_WINDOW_HOURS: z.coerce.number().positive().max(24 * 365).default(168),

    DIGEST_CRON: z.string().default('0 7 * * *'),
    REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(3),
    QUIET_HOURS: z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'dạng 21-6')
      .default('21-6'),
    TIMEZONE: z.string().refine(isTimeZone, 'an IANA time zone, e.g. Asia/Ho_Chi_Minh').default('Asia/Ho_Chi_Minh'),
    // Broadcast send rates (messages per second, whole channel). Telegram allows about 30/s to
    // different chats (more with paid broadcasts); Zalo publishes no number and answers -32 beyond
    // its quota, which depends on the OA's tier.
    TELEGRAM_SEND_RATE: z.coerce.number().positive().max(1000).default(25),
    ZALO_SEND_RATE: z.coerce.number().positive().max(100).default(4),
    /** Broadcasts as Telegram paid broadcasts (allow_paid_broadcast, up to 1000/s, charged in Stars). */
    TELEGRAM_PAID_BROADCAST: bool.default(false),
    FLOOD_LIMIT: z.coerce.number().int().positive().default(20),
    FLOOD_WINDOW_MS: z.coerce.number().int().positive().default(10_000),
    SEED_CONTENT: bool.default(true),
    /** Officers' working hours and days (0/7 = Sunday), for telling users when to expect an answer. */
    OFFICE_HOURS: z.string().default('7:30-17:00').refine(valid(parseOfficeHours), 'dạng 7:30-17:00'),
    OFFICE_DAYS: z.string().default('1-5').refine(valid(parseOfficeDays), 'dạng 1-5 (thứ Hai–thứ Sáu) hoặc 1,3,5'),
    /** Minutes without a message on a hand-off ticket after which the bot answers the user again. */
    HANDOFF_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
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
