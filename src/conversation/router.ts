/**
 * The conversation service: runs one incoming message through the handlers, like a grammY composer.
 * Order: the handler that owns an open dialog first, then the rest in registration order; the first
 * that answers wins. Dialog state is written to the store before the replies go out.
 */
import type { AppConfig } from '../config.js';
import type { AnswerEngine } from '../engine/engine.js';
import type { Logger } from '../observability/logger.js';
import { logUser } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { cleanInput } from '../text/fold.js';
import { fallbackReply, refuseReply, staleButtonReply } from '../replies/menu.js';
import type { Reply } from '../replies/model.js';
import type { UserKey } from '../store/types.js';
import { localDate } from '../time/clock.js';
import type { DialogState, Handler, HandlerStore, Notifier, TurnContext } from './handler.js';
import type { IncomingMessage } from './incoming.js';
import type { ConversationService } from './service.js';
import { FloodGuard } from './flood.js';
import { canActAsOfficer } from './officer-channels.js';

/** Longer messages are read up to here (a pasted document is not a question). */
export const MAX_TEXT_CHARS = 2000;
const LONG_MESSAGE_NOTICE = `Tin nhắn của bạn dài quá, mình chỉ đọc ${MAX_TEXT_CHARS.toLocaleString('vi-VN')} ký tự đầu. Bạn hỏi ngắn gọn hơn hoặc chia thành vài tin nhé.`;

/** An abandoned dialog (enrolment half-way) is forgotten after this long. */
export const DIALOG_TTL_MS = 30 * 60_000;

export interface ConversationDeps {
  store: HandlerStore;
  engine: AnswerEngine;
  config: AppConfig;
  logger: Logger;
  metrics?: Metrics;
  notifier: Notifier;
  handlers: Handler[];
  /** Clock, for tests. */
  now?: () => Date;
}

export function createConversationService(deps: ConversationDeps): ConversationService {
  const flood = new FloodGuard(deps.config.FLOOD_LIMIT, deps.config.FLOOD_WINDOW_MS);
  const officerIds = new Set(deps.config.ADMIN_IDS);
  const now = deps.now ?? (() => new Date());

  async function isOfficer(user: UserKey): Promise<boolean> {
    if (!canActAsOfficer(user.channel)) return false;
    if (officerIds.has(`${user.channel}:${user.userId}`)) return true;
    const officers = await deps.store.listOfficers();
    return officers.some((o) => o.channel === user.channel && o.userId === user.userId);
  }

  return {
    async handle(msg: IncomingMessage): Promise<Reply[]> {
      const user: UserKey = { channel: msg.channel, userId: msg.userId };
      const at = now();
      const verdict = flood.check(`${user.channel}:${user.userId}`, at.getTime());
      if (verdict === 'silence') return [];
      if (verdict === 'warn') {
        return [{ text: 'Bạn nhắn nhanh quá, mình xin phép tạm nghỉ một chút. Vài phút nữa bạn nhắn lại nhé. 🙏' }];
      }

      if (msg.kind === 'unfollow') {
        await deps.store.setUserActive(user, false, 'unfollow');
        return [];
      }
      // A web id costs nothing to make, so a row per id would let one client fill the users table:
      // web users get a row only once something needs one (a subscription writes its own).
      if (msg.channel !== 'web' || (await deps.store.getUser(user))) {
        await deps.store.touchUser(user, at);
        if (msg.kind === 'start') await deps.store.setUserActive(user, true);
      }

      let text: string | undefined;
      let cut = false;
      if (msg.kind === 'text') {
        text = cleanInput(msg.text ?? '', MAX_TEXT_CHARS);
        // A few characters of slack: the cut drops a trailing space, which would hide a cut right after one.
        cut = cleanInput(msg.text ?? '', MAX_TEXT_CHARS + 10).length > MAX_TEXT_CHARS;
        // Emoji, stickers as text, punctuation only: nothing to read.
        if (!/[\p{L}\p{N}]/u.test(text)) return [refuseReply()];
      }
      const input: IncomingMessage = text === undefined ? msg : { ...msg, text };
      const intent = text === undefined ? undefined : deps.engine.understand(text).intent;

      const stored = await deps.store.getConversation<DialogState>(user);
      const expired = Boolean(stored && !(at.getTime() - Date.parse(stored.updatedAt) <= DIALOG_TTL_MS));
      const dialog = expired ? undefined : stored;
      let nextDialog: DialogState | undefined | null = null; // null = unchanged
      const ctx: TurnContext = {
        msg: input,
        user,
        store: deps.store,
        engine: deps.engine,
        config: deps.config,
        now: at,
        today: localDate(at, deps.config.TIMEZONE),
        intent,
        dialog,
        setDialog(state) {
          nextDialog = state ? { ...state, updatedAt: at.toISOString() } : undefined;
          ctx.dialog = nextDialog;
        },
        isOfficer: await isOfficer(user),
        notifier: deps.notifier,
      };

      const ordered = dialog
        ? [...deps.handlers.filter((h) => h.name === dialog!.dialog), ...deps.handlers.filter((h) => h.name !== dialog!.dialog)]
        : deps.handlers;
      let replies: Reply[] | undefined;
      let handledBy = 'none';
      for (const handler of ordered) {
        replies = await handler.handle(ctx);
        if (replies) {
          handledBy = handler.name;
          break;
        }
      }
      if (nextDialog !== null) await deps.store.setConversation(user, nextDialog);
      else if (expired) await deps.store.setConversation(user, undefined);
      deps.metrics?.inc('nghebot_handled_total', { handler: handledBy });
      deps.logger.debug({ user: logUser(user.channel, user.userId), kind: msg.kind, intent, handler: handledBy }, 'turn');
      // A button nobody answers belongs to a step that is over (a finished form, an old list):
      // say so, rather than "no information found" for something the user did not ask.
      const out = replies ?? [msg.kind === 'action' ? staleButtonReply() : fallbackReply(deps.config.CONTACT_TEXT)];
      // Say so when a long message was cut, so nobody wonders why the end of it went unanswered.
      return cut ? [{ text: LONG_MESSAGE_NOTICE }, ...out] : out;
    },
  };
}
