/**
 * How an announcement would reach its audience if sent now, without sending anything: per channel
 * how many people, and on Zalo how many by each route (in the window, template by user id,
 * template by consented phone, unreachable and why), with the templates' estimated cost. For
 * `announce --dry-run` and the officers' console.
 */
import type { AppConfig } from '../config.js';
import type { StoredItem } from '../content/model.js';
import { tierPolicy, zaloTier, ZALO_TIERS, type ZaloTier } from '../channels/zalo/tiers.js';
import { reachKey } from '../store/reach.js';
import type { ReachStore, SubscriptionStore, UserStore } from '../store/ports.js';
import type { Announcement, AnnouncementInput, ChannelName, UserKey } from '../store/types.js';
import { audienceQuery } from './audience.js';
import { messageKind } from './message.js';

export interface ReachPreview {
  /** People per channel. */
  channels: Partial<Record<ChannelName, number>>;
  /** Zalo recipients per route. */
  zalo: Record<ZaloTier, number>;
  /** Zalo recipients no route reaches, by reason. */
  unreachable: Record<string, number>;
  /** Template messages the Zalo part would cost, and their estimated price (VND). */
  templateMessages: number;
  pricePerTemplateVnd: number;
  costVnd: number;
}

/** Users looked up together (one batch of reach reads). */
const BATCH = 500;

export async function previewReach(
  store: SubscriptionStore & UserStore & ReachStore,
  input: AnnouncementInput,
  config: Pick<AppConfig, 'ZALO_WINDOW_HOURS' | 'ZALO_TEMPLATES' | 'ZALO_TEMPLATE_PRICE_VND'>,
  now: Date,
  item?: StoredItem,
): Promise<ReachPreview> {
  const preview: ReachPreview = {
    channels: {},
    zalo: Object.fromEntries(ZALO_TIERS.map((t) => [t, 0])) as Record<ZaloTier, number>,
    unreachable: {},
    templateMessages: 0,
    pricePerTemplateVnd: config.ZALO_TEMPLATE_PRICE_VND,
    costVnd: 0,
  };
  const q = audienceQuery(input);
  if (q.channels.length === 0) return preview;
  const kind = messageKind({ ...input, id: '', status: 'scheduled', createdAt: now.toISOString() } as Announcement, item);
  const policy = tierPolicy(config);
  let zaloBatch: UserKey[] = [];
  const flush = async () => {
    const reaches = await store.getReaches(zaloBatch);
    for (const key of zaloBatch) {
      const user = await store.getUser(key);
      const decision = zaloTier({ reach: reaches.get(reachKey(key)), lastSeenAt: user?.lastSeenAt }, kind, policy, now);
      preview.zalo[decision.tier] += 1;
      if (decision.tier === 'unreachable') {
        const reason = decision.reason ?? 'no route';
        preview.unreachable[reason] = (preview.unreachable[reason] ?? 0) + 1;
      }
    }
    zaloBatch = [];
  };
  for await (const user of store.findSubscribers(q)) {
    preview.channels[user.channel] = (preview.channels[user.channel] ?? 0) + 1;
    if (user.channel !== 'zalo') continue;
    zaloBatch.push(user);
    if (zaloBatch.length >= BATCH) await flush();
  }
  if (zaloBatch.length) await flush();
  preview.templateMessages = preview.zalo['template-uid'] + preview.zalo['template-phone'];
  preview.costVnd = preview.templateMessages * config.ZALO_TEMPLATE_PRICE_VND;
  return preview;
}

export { ZALO_TIERS };

export const TIER_VI: Record<ZaloTier, string> = {
  window: 'trong thời hạn tương tác (tin tư vấn)',
  'template-uid': 'tin mẫu theo Zalo ID',
  'template-phone': 'tin mẫu qua số điện thoại (đã đồng ý)',
  unreachable: 'không gửi được',
};

/** The preview as officers read it, one line per channel and per Zalo route. */
export function formatReachPreview(p: ReachPreview): string {
  const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đ`;
  const lines: string[] = [];
  const total = Object.values(p.channels).reduce((a, b) => a + (b ?? 0), 0);
  lines.push(`Xem trước, chưa gửi gì: ${total} người nhận.`);
  for (const [channel, n] of Object.entries(p.channels)) {
    if (channel !== 'zalo') lines.push(`  ${channel}: ${n}`);
  }
  if (p.channels.zalo) {
    lines.push(`  zalo: ${p.channels.zalo}`);
    for (const tier of ZALO_TIERS) lines.push(`    ${TIER_VI[tier]}: ${p.zalo[tier]}`);
    for (const [reason, n] of Object.entries(p.unreachable)) lines.push(`      (${n}: ${reason})`);
    lines.push(`  Chi phí tin mẫu ước tính: ${p.templateMessages} × ${vnd(p.pricePerTemplateVnd)} = ${vnd(p.costVnd)}`);
  }
  return lines.join('\n') + '\n';
}
