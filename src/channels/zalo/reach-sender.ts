/**
 * Delivers an out-of-conversation message to a Zalo user by the cheapest route that works (see
 * tiers.ts): a /cs message inside the interaction window; outside it, or when Zalo answers -230,
 * the configured template by user id, then by the phone the user gave with consent; otherwise a
 * final "unreachable" failure with the reason. Each step is tried only after the one before was
 * refused, so a delivery reaches the user at most once.
 */
import type { Logger } from '../../observability/logger.js';
import { logUser } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Reply } from '../../replies/model.js';
import type { ReachStore, UserStore } from '../../store/ports.js';
import type { UserKey } from '../../store/types.js';
import type { SendContext } from '../send-context.js';
import type { ZaloClient } from './client.js';
import type { ZaloSender } from './sender.js';
import { TemplateByUserIdRefused, ZaloRecipientError } from './template-errors.js';
import { internationalPhone, phoneTier, templateData, zaloTier, type ReachFacts, type TierDecision, type TierPolicy, type ZaloTemplate, type ZaloTier } from './tiers.js';

/** /cs answers meaning "outside the interaction window" (not "blocked" or "not following"). */
const WINDOW_CLOSED_CODES = new Set<string | number>([-230, -231, -232]);

export interface ZaloReachDeps {
  sender: ZaloSender;
  client: ZaloClient;
  store: ReachStore & Pick<UserStore, 'getUser'>;
  policy: TierPolicy;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
}

export class ZaloReachSender {
  /** Templates Zalo refused by user id (-249): later sends go straight to the phone. */
  private readonly uidRefused = new Set<string>();

  constructor(private readonly deps: ZaloReachDeps) {}

  /** Resolves with the route that delivered; throws SendError (ZaloRecipientError when unreachable). */
  async deliver(userId: string, reply: Reply, context: SendContext): Promise<ZaloTier> {
    const { store, sender, logger } = this.deps;
    const key: UserKey = { channel: 'zalo', userId };
    const now = new Date(this.deps.now?.() ?? Date.now());
    const facts: ReachFacts = { reach: await store.getReach(key), lastSeenAt: (await store.getUser(key))?.lastSeenAt };
    const policy = { ...this.deps.policy, uidRefused: this.uidRefused };
    let decision: TierDecision = zaloTier(facts, context.kind, policy, now);

    if (decision.tier === 'window') {
      try {
        await sender.deliver(userId, reply, { inTurn: false });
        return this.done('window');
      } catch (err) {
        if (!(err instanceof ZaloRecipientError) || !WINDOW_CLOSED_CODES.has(err.options.code ?? '')) throw err;
        // Zalo counts the window differently from our record of it: believe Zalo, go on to a template.
        await store.markWindowClosed(key, now);
        facts.reach = { ...(facts.reach ?? key), windowClosedAt: now.toISOString() };
        decision = zaloTier(facts, context.kind, policy, now, true);
        logger.info({ user: logUser('zalo', userId), next: decision.tier }, 'zalo: outside the window; trying the next route');
      }
    }

    if (decision.tier === 'template-uid' && decision.template) {
      const template = decision.template;
      try {
        await this.deps.client.sendTemplate(userId, { user_id: userId }, this.body(template, context));
        return this.done('template-uid');
      } catch (err) {
        if (!(err instanceof TemplateByUserIdRefused)) throw err;
        this.uidRefused.add(template.id);
        decision = phoneTier(facts, template);
      }
    }

    if (decision.tier === 'template-phone' && decision.template) {
      // Only ever a phone the user gave with consent: tiers.ts reads no other.
      const phone = internationalPhone(facts.reach?.phone ?? '');
      if (phone) {
        await this.deps.client.sendTemplate(userId, { phone }, this.body(decision.template, context));
        return this.done('template-phone');
      }
      decision = { tier: 'unreachable', reason: 'consented phone is not a Vietnamese mobile' };
    }

    this.done('unreachable');
    const reason = decision.reason ?? 'no route';
    throw new ZaloRecipientError(`unreachable: ${reason}`, 'permanent', { code: `unreachable: ${reason}` });
  }

  private body(template: ZaloTemplate, context: SendContext) {
    return { template_id: template.id, template_data: templateData(template, context.fields), tracking_id: context.deliveryId };
  }

  private done(tier: ZaloTier): ZaloTier {
    this.deps.metrics.inc('nghebot_zalo_deliveries_total', { tier }, 1, 'Zalo out-of-conversation deliveries by route');
    return tier;
  }
}
