/**
 * The subscription dialog's state: which question is open ("which topic?", "which province?") and
 * what the person already said (the provinces, or the topics), checked when read back.
 */
import { z } from 'zod';
import { validProvince } from '../../src/broadcast/actions.js';
import { TOPICS } from '../../src/broadcast/topics.js';
import { dialogTable } from '../../src/conversation/dialog-state.js';
import type { Topic } from '../../src/store/types.js';

export const SUBSCRIPTIONS_DIALOG = 'subscriptions';

const topicSchema = z.enum(TOPICS as readonly [Topic, ...Topic[]]);
const provinceSchema = z.string().refine((code) => validProvince(code) !== undefined);

export const subscriptionsDialog = dialogTable(
  SUBSCRIPTIONS_DIALOG,
  ['topic', 'province'],
  z.object({
    /** Asked at the province step: the topics chosen. */
    topics: z.array(topicSchema).optional(),
    /** Asked at the topic step: the provinces already named ("đăng ký nhận tin Vĩnh Long"). */
    provinceCodes: z.array(provinceSchema).optional(),
  }),
);
