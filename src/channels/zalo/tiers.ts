/**
 * How a Zalo user can be reached now, cheapest first (pure; the channel's sender and the
 * `announce --dry-run` preview use the same rule):
 * 1. `window`: the user wrote within ZALO_WINDOW_HOURS and Zalo has not since refused a
 *    consultation message (-230): a /cs message, free or nearly.
 * 2. `template-uid`: a ZBS template is configured for the message kind and approved for sending by
 *    Zalo user id.
 * 3. `template-phone`: the same template by phone number, only to a phone the user gave with consent.
 * 4. `unreachable`, with the reason.
 */
import type { AppConfig } from '../../config.js';
import { DEFAULT_TEMPLATE_PARAMS } from '../../config.js';
import type { UserReach } from '../../store/reach.js';
import type { MessageKind, TemplateField, TemplateFields } from '../send-context.js';

export type ZaloTier = 'window' | 'template-uid' | 'template-phone' | 'unreachable';
export const ZALO_TIERS: readonly ZaloTier[] = ['window', 'template-uid', 'template-phone', 'unreachable'];

export interface ZaloTemplate {
  id: string;
  params?: Record<string, TemplateField>;
  byUserId: boolean;
  byPhone: boolean;
}

export interface TierPolicy {
  windowMs: number;
  templates: Partial<Record<MessageKind, ZaloTemplate>>;
  /** Templates Zalo refused to send by user id (-249) since start: go straight to the phone. */
  uidRefused?: ReadonlySet<string>;
}

export function tierPolicy(config: Pick<AppConfig, 'ZALO_WINDOW_HOURS' | 'ZALO_TEMPLATES'>): TierPolicy {
  return { windowMs: config.ZALO_WINDOW_HOURS * 3600_000, templates: config.ZALO_TEMPLATES };
}

export interface TierDecision {
  tier: ZaloTier;
  template?: ZaloTemplate;
  /** Why unreachable, in words for stats and logs (no personal data). */
  reason?: string;
}

export interface ReachFacts {
  reach?: UserReach | undefined;
  /** The user record's last message time, for users seen before reach was recorded. */
  lastSeenAt?: string | undefined;
}

export function inWindow(facts: ReachFacts, windowMs: number, now: Date): boolean {
  const times = [facts.reach?.lastInboundAt, facts.lastSeenAt].filter((t): t is string => Boolean(t));
  // Nothing known (a user added by hand): try the window; Zalo's -230 says if it is closed.
  if (times.length === 0) return !facts.reach?.windowClosedAt;
  const last = times.reduce((a, b) => (a > b ? a : b));
  const closed = facts.reach?.windowClosedAt;
  if (closed && closed >= last) return false;
  return now.getTime() - Date.parse(last) < windowMs;
}

/** The route for one message; `skipWindow` when Zalo has just refused the /cs message. */
export function zaloTier(facts: ReachFacts, kind: MessageKind | undefined, policy: TierPolicy, now: Date, skipWindow = false): TierDecision {
  if (!skipWindow && inWindow(facts, policy.windowMs, now)) return { tier: 'window' };
  const template = kind ? policy.templates[kind] : undefined;
  if (!template) return { tier: 'unreachable', reason: kind ? `no template for ${kind}` : 'outside the window, no template fits this message' };
  if (template.byUserId && !policy.uidRefused?.has(template.id)) return { tier: 'template-uid', template };
  return phoneTier(facts, template);
}

/** Tier 3 on its own, for when sending by user id was refused. */
export function phoneTier(facts: ReachFacts, template: ZaloTemplate): TierDecision {
  if (!template.byPhone) return { tier: 'unreachable', reason: `template ${template.id} cannot go by phone` };
  if (!facts.reach?.phone) return { tier: 'unreachable', reason: 'no phone given with consent' };
  return { tier: 'template-phone', template };
}

/** Longest value put in one template parameter (Zalo's limits depend on the parameter type). */
export const MAX_PARAM_CHARS = 400;

/** The template's parameters filled from our fields; a field we lack becomes an empty string. */
export function templateData(template: ZaloTemplate, fields: TemplateFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [param, field] of Object.entries(template.params ?? DEFAULT_TEMPLATE_PARAMS)) {
    const value = fields[field] ?? '';
    out[param] = value.length > MAX_PARAM_CHARS ? `${value.slice(0, MAX_PARAM_CHARS - 1)}…` : value;
  }
  return out;
}

/** Zalo's phone format: 0912345678 → 84912345678; undefined when it is not a Vietnamese mobile. */
export function internationalPhone(phone: string): string | undefined {
  const digits = phone.replace(/\D/g, '');
  if (/^0\d{9}$/.test(digits)) return `84${digits.slice(1)}`;
  if (/^84\d{9}$/.test(digits)) return digits;
  return undefined;
}
