/**
 * Hand-off to a person: tickets opened for users, officers notified in their own chat, their
 * answers carried to the user's channel through the outbox. Used by the chat (gate.ts and the
 * handler) and meant for the officers' console: list, read, answer and close tickets, each call
 * checked against the officer's provinces.
 */
import type { AppConfig } from '../config.js';
import type { Notifier } from '../conversation/handler.js';
import type { Reply } from '../replies/model.js';
import type { Store } from '../store/ports.js';
import type { UserKey } from '../store/types.js';
import { describeOpening, isOpen, nextOpening, officeHours, type OfficeHours } from './office-hours.js';
import { canSee, officerScope, ticketOfficers, type OfficerScope } from './officers.js';
import type { CloseReason, Ticket, TicketMessage } from './ports.js';
import { botBackReply, closedNotice, noOfficerReply, colleagueAnsweredNotice, newTicketNotice, officerAnswerReply, ticketOpenedReply, userMessageNotice } from './replies.js';

export interface HandoffDeps {
  store: Pick<Store, 'tickets' | 'listOfficers' | 'getOfficer'>;
  config: AppConfig;
  notifier: Notifier;
}

export type OfficerOutcome = { ok: true; ticket: Ticket } | { ok: false; reason: 'not-officer' | 'no-ticket' | 'closed' };

/**
 * Who acts on tickets: an officer writing from Telegram or Zalo (checked here against ADMIN_IDS and
 * the stored officers), or one the caller has already signed in (the console: `id` such as
 * `console:hoa`, and the provinces they look after).
 */
export type TicketActor = UserKey | { id: string; scope: OfficerScope };

const actorKey = (a: TicketActor) => ('scope' in a ? a.id : `${a.channel}:${a.userId}`);
/** Open tickets looked at per sweep; more wait for the next minute. */
const EXPIRY_BATCH = 500;

export class HandoffService {
  #hours: OfficeHours | undefined;

  constructor(private readonly deps: HandoffDeps) {}

  /** Parsed when first needed: the chat makes a service on every turn, and few turns open a ticket. */
  get hours(): OfficeHours {
    return (this.#hours ??= officeHours(this.deps.config.OFFICE_HOURS, this.deps.config.OFFICE_DAYS, this.deps.config.TIMEZONE));
  }

  get timeoutMs(): number {
    return this.deps.config.HANDOFF_TIMEOUT_MINUTES * 60_000;
  }

  /** An open ticket whose last message is older than the timeout no longer keeps the bot quiet. */
  expired(ticket: Ticket, at: Date): boolean {
    return at.getTime() - Date.parse(ticket.lastActivityAt) > this.timeoutMs;
  }

  /** Opens (or finds) the user's ticket and tells the officers; the reply tells the user what happens next. */
  async open(user: UserKey, provinceCode: string | undefined, recent: readonly { text: string; at: string }[], at: Date): Promise<{ ticket?: Ticket; reply: Reply }> {
    // Nobody would read it: say so rather than promise an answer that cannot come.
    if (!(await this.anyOfficerFor(provinceCode))) return { reply: noOfficerReply(this.deps.config.CONTACT_TEXT) };
    const messages: TicketMessage[] = recent.map((m) => ({ from: 'user', text: m.text, at: m.at }));
    // Written before the user is told anything: the ticket is the promise.
    const { ticket, created } = await this.deps.store.tickets.openTicket({ user, ...(provinceCode ? { provinceCode } : {}), messages }, at);
    if (created) await this.tellOfficers(ticket, newTicketNotice(ticket, ticket.messages));
    const expect = isOpen(at, this.hours) ? undefined : describeOpening(nextOpening(at, this.hours), this.hours);
    return { ticket, reply: ticketOpenedReply(expect, created) };
  }

  /** Whether anyone would receive a ticket of this province (ADMIN_IDS, or stored officers). */
  async anyOfficerFor(provinceCode: string | undefined): Promise<boolean> {
    return (await ticketOfficers(this.deps.store, this.deps.config, provinceCode)).length > 0;
  }

  /** A message from the user while a person handles the ticket: kept, and passed to the officers. */
  async userMessage(ticket: Ticket, text: string, at: Date): Promise<void> {
    const added = await this.deps.store.tickets.addMessage(ticket.id, { from: 'user', text, at: at.toISOString() });
    await this.tellOfficers(added?.ticket ?? ticket, userMessageNotice(ticket, text));
  }

  /** Closes the ticket and tells both sides; false if it was closed already. */
  async close(ticket: Ticket, reason: CloseReason, at: Date, by?: TicketActor): Promise<boolean> {
    if (!(await this.deps.store.tickets.closeTicket(ticket.id, reason, at))) return false;
    const who = reason === 'user' ? 'người dân kết thúc' : reason === 'timeout' ? 'hết thời gian chờ' : 'cán bộ đóng';
    await this.tellOfficers(ticket, closedNotice(ticket, who), by);
    // The user is told in their own turn when they ended it or it timed out; an officer's close is pushed.
    if (reason === 'officer') await this.deps.notifier.notify(ticket.user, botBackReply('officer'), { inConversation: true });
    return true;
  }

  /**
   * Closes the open tickets nobody wrote on for the timeout and tells their users the bot is back,
   * so a user who stopped writing is told too (`serve` runs this every minute). Returns how many.
   */
  async closeExpired(at: Date): Promise<number> {
    let closed = 0;
    for (const ticket of await this.deps.store.tickets.listTickets({ status: 'open', limit: EXPIRY_BATCH })) {
      if (!this.expired(ticket, at)) continue;
      // Only the process whose close wins tells the user.
      if (await this.close(ticket, 'timeout', at)) {
        await this.deps.notifier.notify(ticket.user, botBackReply('timeout'));
        closed++;
      }
    }
    return closed;
  }

  // ---- officers (chat commands and the console) ----

  async scopeOf(officer: TicketActor): Promise<OfficerScope | undefined> {
    return 'scope' in officer ? officer.scope : officerScope(this.deps.store, this.deps.config, officer);
  }

  /** Tickets the officer may see, most recently active first. */
  async listFor(officer: TicketActor, status?: Ticket['status'], limit = 100): Promise<Ticket[]> {
    const scope = await this.scopeOf(officer);
    if (!scope) return [];
    return this.deps.store.tickets.listTickets({ ...(status ? { status } : {}), ...(scope.all ? {} : { provinceCodes: scope.provinceCodes }), limit });
  }

  async getFor(officer: TicketActor, ticketId: string): Promise<OfficerOutcome> {
    const scope = await this.scopeOf(officer);
    if (!scope) return { ok: false, reason: 'not-officer' };
    const ticket = await this.deps.store.tickets.getTicket(ticketId.toUpperCase());
    if (!ticket) return { ok: false, reason: 'no-ticket' };
    // Another province's ticket is reported as missing: its existence is not the officer's business.
    if (!canSee(scope, ticket)) return { ok: false, reason: 'no-ticket' };
    return { ok: true, ticket };
  }

  /** An officer's answer: kept in the ticket, sent to the user's channel, shown to the other officers. */
  async answer(officer: TicketActor, ticketId: string, text: string, at: Date): Promise<OfficerOutcome> {
    const found = await this.getFor(officer, ticketId);
    if (!found.ok) return found;
    const added = await this.deps.store.tickets.addMessage(found.ticket.id, { from: 'officer', text, at: at.toISOString(), officer: actorKey(officer) });
    if (!added) return { ok: false, reason: 'no-ticket' };
    // The user is waiting for it: sent at once, even in quiet hours (silently where the channel can).
    await this.deps.notifier.notify(added.ticket.user, officerAnswerReply(text, added.joined), { inConversation: true });
    await this.tellOfficers(added.ticket, colleagueAnsweredNotice(added.ticket, text), officer);
    return { ok: true, ticket: added.ticket };
  }

  async closeBy(officer: TicketActor, ticketId: string, at: Date): Promise<OfficerOutcome> {
    const found = await this.getFor(officer, ticketId);
    if (!found.ok) return found;
    if (!(await this.close(found.ticket, 'officer', at, officer))) return { ok: false, reason: 'closed' };
    return { ok: true, ticket: found.ticket };
  }

  /** Notifies the ticket's officers (all but `except`) through the outbox. */
  private async tellOfficers(ticket: Ticket, reply: Reply, except?: TicketActor): Promise<void> {
    for (const to of await ticketOfficers(this.deps.store, this.deps.config, ticket.provinceCode)) {
      if (except && actorKey(to) === actorKey(except)) continue;
      await this.deps.notifier.notify(to, reply);
    }
  }
}
