/**
 * The conversation service: runs one incoming message through the handlers, like a grammY composer.
 * Order: the handler that owns an open dialog first, then the rest in registration order; the first
 * that answers wins. Dialog state is written to the store before the replies go out.
 */
import type { AppConfig } from '../config.js';
import type { AnswerEngine } from '../engine/engine.js';
import type { Logger } from '../observability/logger.js';
import { logUser } from '../observability/logger.js';
import { labelsOf, type Metrics } from '../observability/metrics.js';
import { cleanInput } from '../text/fold.js';
import { fallbackReply, refuseReply, staleButtonReply } from '../replies/menu.js';
import { parseAction, type Reply } from '../replies/model.js';
import type { UserKey } from '../store/types.js';
import { localDate } from '../time/clock.js';
import type { DialogState, Handler, HandlerStore, Notifier, TurnContext } from './handler.js';
import type { IncomingMessage } from './incoming.js';
import type { ConversationService } from './service.js';
import type { TurnHooks } from './hooks.js';
import { FloodGuard } from './flood.js';
import { canActAsOfficer } from './officer-channels.js';

/** Longer messages are read up to here (a pasted document is not a question). */
export const MAX_TEXT_CHARS = 2000;
const LONG_MESSAGE_NOTICE = `Tin nhắn của bạn dài quá, mình chỉ đọc ${MAX_TEXT_CHARS.toLocaleString('vi-VN')} ký tự đầu. Bạn hỏi ngắn gọn hơn hoặc chia thành vài tin nhé.`;

/** An abandoned dialog (enrolment half-way) is forgotten after this long. */
export const DIALOG_TTL_MS = 30 * 60_000;

/**
 * A user's last-seen time is written at most this often by one process: it is a write on every
 * turn otherwise, and nothing needs it finer than this.
 */
export const LAST_SEEN_EVERY_MS = 60_000;

export interface ConversationDeps {
  store: HandlerStore;
  engine: AnswerEngine;
  config: AppConfig;
  logger: Logger;
  metrics?: Metrics;
  notifier: Notifier;
  handlers: Handler[];
  /** Steps around the handlers (the hand-off gate). */
  hooks?: TurnHooks;
  /** Clock, for tests. */
  now?: () => Date;
}

export function createConversationService(deps: ConversationDeps): ConversationService {
  const flood = new FloodGuard(deps.config.FLOOD_LIMIT, deps.config.FLOOD_WINDOW_MS);
  const officerIds = new Set(deps.config.ADMIN_IDS);
  const now = deps.now ?? (() => new Date());
  const lastSeen = new LastSeenThrottle(LAST_SEEN_EVERY_MS);
  const owners = actionOwners(deps.handlers);

  async function isOfficer(user: UserKey): Promise<boolean> {
    if (!canActAsOfficer(user.channel)) return false;
    if (officerIds.has(`${user.channel}:${user.userId}`)) return true;
    return (await deps.store.getOfficer(user)) !== undefined;
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

      // Reactivation is the channel's (Telegram's /start after a block, Zalo's follow): it sees the signal.
      if (msg.kind === 'unfollow') {
        lastSeen.forget(user);
        await deps.store.setUserActive(user, false, 'unfollow');
        return [];
      }
      // A web id costs nothing to make, so a row per id would let one client fill the users table:
      // web users get a row only once something needs one (a subscription writes its own).
      if ((msg.kind === 'start' || lastSeen.due(user, at.getTime())) && (msg.channel !== 'web' || (await deps.store.getUser(user)))) {
        await deps.store.touchUser(user, at);
        lastSeen.touched(user, at.getTime());
      }

      let text: string | undefined;
      let cut = false;
      if (msg.kind === 'text') {
        text = cleanInput(msg.text ?? '', MAX_TEXT_CHARS);
        // A few characters of slack: the cut drops a trailing space, which would hide a cut right after one.
        // A cut text keeps at least MAX_TEXT_CHARS - 1 code points (spaces come single), so a shorter one
        // was not cut and is not cleaned a second time.
        cut = text.length >= MAX_TEXT_CHARS - 1 && cleanInput(msg.text ?? '', MAX_TEXT_CHARS + 10).length > MAX_TEXT_CHARS;
        // Emoji, stickers as text, punctuation only: nothing to read.
        if (!/[\p{L}\p{N}]/u.test(text)) return [refuseReply()];
      }
      const input: IncomingMessage = text === undefined ? msg : { ...msg, text };
      const understanding = text === undefined ? undefined : deps.engine.understand(text);
      const intent = understanding?.intent;

      const stored = await deps.store.getConversation<DialogState>(user);
      const expired = Boolean(stored && !(at.getTime() - Date.parse(stored.updatedAt) <= DIALOG_TTL_MS));
      const dialog = expired ? undefined : stored;
      let nextDialog: DialogState | undefined | null = null; // null = unchanged
      let officer: Promise<boolean> | undefined;
      const ctx: TurnContext = {
        msg: input,
        user,
        store: deps.store,
        engine: deps.engine,
        config: deps.config,
        now: at,
        today: localDate(at, deps.config.TIMEZONE),
        intent,
        understanding,
        dialog,
        setDialog(state) {
          nextDialog = state ? { ...state, updatedAt: at.toISOString() } : undefined;
          ctx.dialog = nextDialog;
        },
        checkOfficer() {
          return (officer ??= isOfficer(user));
        },
        notifier: deps.notifier,
        // Set later in the turn (by the hand-off gate, the ask handler), present from the start: every
        // turn's context then has one shape, and the code reading it is not deoptimised by a new one.
        answer: undefined,
        recent: undefined,
      };

      // The hand-off gate may end the turn here: a person is handling this user.
      const held = await deps.hooks?.before(ctx);
      if (held) {
        if (expired) await deps.store.setConversation(user, undefined);
        deps.metrics?.inc('nghebot_handled_total', handlerLabels('handoff-gate'));
        return held;
      }
      const ordered = turnOrder(deps.handlers, owners, dialog?.dialog, msg.kind === 'action' ? msg.action : undefined);
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
      deps.metrics?.inc('nghebot_handled_total', handlerLabels(handledBy));
      // Built only when written: at the usual levels this line is off, and it ran on every turn.
      if (deps.logger.isLevelEnabled('debug')) deps.logger.debug({ user: logUser(user.channel, user.userId), kind: msg.kind, intent, handler: handledBy }, 'turn');
      // A button nobody answers belongs to a step that is over (a finished form, an old list):
      // say so, rather than "no information found" for something the user did not ask.
      const handled = replies ?? [msg.kind === 'action' ? staleButtonReply() : fallbackReply(deps.config.CONTACT_TEXT)];
      const out = deps.hooks ? await deps.hooks.after(ctx, handledBy, handled) : handled;
      // Say so when a long message was cut, so nobody wonders why the end of it went unanswered.
      return cut ? [{ text: LONG_MESSAGE_NOTICE }, ...out] : out;
    },
  };
}

/** The handled-by count's labels per handler name (a handful of names), made once each. */
const handledLabels = new Map<string, Readonly<Record<string, string>>>();
function handlerLabels(handler: string): Readonly<Record<string, string>> {
  let labels = handledLabels.get(handler);
  if (!labels) handledLabels.set(handler, (labels = labelsOf({ handler })));
  return labels;
}

/** Handlers by the action names they own, in list order. */
function actionOwners(handlers: Handler[]): Map<string, Handler[]> {
  const owners = new Map<string, Handler[]>();
  for (const h of handlers) for (const name of h.actions ?? []) owners.set(name, [...(owners.get(name) ?? []), h]);
  return owners;
}

/**
 * Who is asked, in order: the owner of an open dialog (a "Xác nhận" belongs to the form on screen),
 * then the owners of a pressed button's action, then everyone else in list order.
 */
function turnOrder(handlers: Handler[], owners: Map<string, Handler[]>, dialog: string | undefined, action: string | undefined): Handler[] {
  const first = [
    ...(dialog ? handlers.filter((h) => h.name === dialog) : []),
    ...(action ? (owners.get(parseAction(action).name) ?? []) : []),
  ];
  if (first.length === 0) return handlers;
  return [...new Set([...first, ...handlers])];
}

/** Remembers when this process last wrote each user's last-seen time (bounded: forgets all past a size). */
class LastSeenThrottle {
  private readonly at = new Map<string, number>();
  constructor(private readonly everyMs: number, private readonly maxUsers = 100_000) {}

  due(user: UserKey, nowMs: number): boolean {
    const last = this.at.get(`${user.channel}:${user.userId}`);
    return last === undefined || nowMs - last >= this.everyMs || nowMs < last;
  }

  touched(user: UserKey, nowMs: number): void {
    if (this.at.size >= this.maxUsers) this.at.clear();
    this.at.set(`${user.channel}:${user.userId}`, nowMs);
  }

  forget(user: UserKey): void {
    this.at.delete(`${user.channel}:${user.userId}`);
  }
}
