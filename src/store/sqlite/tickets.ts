/**
 * The embedded store's hand-off tickets (see src/handoff/ports.ts). Every change is one
 * BEGIN IMMEDIATE transaction, so two processes appending to one ticket never lose a message.
 */
import { ERASED_MESSAGE, newTicketCode, type CloseReason, type Ticket, type TicketFilter, type TicketMessage, type TicketStatus, type TicketStore } from '../../handoff/ports.js';
import type { ChannelName, UserKey } from '../types.js';
import type { SqliteConnection } from './connection.js';

interface TicketRow {
  id: string;
  channel: string;
  user_id: string;
  province_code: string | null;
  status: string;
  messages: string;
  opened_at: string;
  last_activity_at: string;
  joined_at: string | null;
  closed_at: string | null;
  close_reason: string | null;
}

function toTicket(r: TicketRow): Ticket {
  const t: Ticket = {
    id: r.id,
    user: { channel: r.channel as ChannelName, userId: r.user_id },
    status: r.status as TicketStatus,
    messages: JSON.parse(r.messages) as TicketMessage[],
    openedAt: r.opened_at,
    lastActivityAt: r.last_activity_at,
  };
  if (r.province_code !== null) t.provinceCode = r.province_code;
  if (r.joined_at !== null) t.joinedAt = r.joined_at;
  if (r.closed_at !== null) t.closedAt = r.closed_at;
  if (r.close_reason !== null) t.closeReason = r.close_reason as CloseReason;
  return t;
}

export class SqliteTicketStore implements TicketStore {
  constructor(private readonly c: SqliteConnection) {}

  private row(id: string): TicketRow | undefined {
    return this.c.q('SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined;
  }

  async openTicket(input: Pick<Ticket, 'user' | 'provinceCode' | 'messages'>, at: Date): Promise<{ ticket: Ticket; created: boolean }> {
    return this.c.write(() => {
      const open = this.c.q(`SELECT * FROM tickets WHERE channel = ? AND user_id = ? AND status = 'open'`).get(input.user.channel, input.user.userId) as TicketRow | undefined;
      if (open) return { ticket: toTicket(open), created: false };
      const id = newTicketCode();
      const iso = at.toISOString();
      this.c.q(`INSERT INTO tickets (id, channel, user_id, province_code, status, messages, opened_at, last_activity_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`).run(id, input.user.channel, input.user.userId, input.provinceCode ?? null, JSON.stringify(input.messages), iso, iso);
      return { ticket: toTicket(this.row(id)!), created: true };
    });
  }

  async getTicket(id: string): Promise<Ticket | undefined> {
    const r = this.row(id);
    return r ? toTicket(r) : undefined;
  }

  async openTicketOf(user: UserKey): Promise<Ticket | undefined> {
    const r = this.c.q(`SELECT * FROM tickets WHERE channel = ? AND user_id = ? AND status = 'open'`).get(user.channel, user.userId) as TicketRow | undefined;
    return r ? toTicket(r) : undefined;
  }

  async addMessage(id: string, message: TicketMessage): Promise<{ ticket: Ticket; joined: boolean } | undefined> {
    return this.c.write(() => {
      const r = this.row(id);
      if (!r) return undefined;
      const messages = [...(JSON.parse(r.messages) as TicketMessage[]), message];
      let status = r.status;
      let joinedAt = r.joined_at;
      let joined = false;
      if (message.from === 'officer') {
        // An officer answering a closed ticket takes the conversation back, unless the user has
        // opened another one since (one open ticket per user).
        const other = this.c.q(`SELECT 1 FROM tickets WHERE channel = ? AND user_id = ? AND status = 'open' AND id <> ?`).get(r.channel, r.user_id, id);
        if (status === 'closed' && !other) {
          status = 'open';
          joinedAt = null;
        }
        if (status === 'open' && joinedAt === null) {
          joinedAt = message.at;
          joined = true;
        }
      }
      const reopened = status === 'open' && r.status === 'closed';
      this.c.q(`UPDATE tickets SET messages = ?, last_activity_at = ?, status = ?, joined_at = ?,
           closed_at = CASE WHEN ? THEN NULL ELSE closed_at END, close_reason = CASE WHEN ? THEN NULL ELSE close_reason END WHERE id = ?`).run(JSON.stringify(messages), message.at, status, joinedAt, reopened ? 1 : 0, reopened ? 1 : 0, id);
      return { ticket: toTicket(this.row(id)!), joined };
    });
  }

  async closeTicket(id: string, reason: CloseReason, at: Date): Promise<boolean> {
    const r = this.c.q(`UPDATE tickets SET status = 'closed', closed_at = ?, close_reason = ? WHERE id = ? AND status = 'open'`).run(at.toISOString(), reason, id);
    return r.changes === 1;
  }

  async eraseUser(user: UserKey, at: Date): Promise<void> {
    this.c.write(() => eraseTicketsOf(this.c, user, at));
  }

  async listTickets(filter: TicketFilter = {}): Promise<Ticket[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.provinceCodes) {
      const parts = filter.provinceCodes.length ? [`province_code IN (${filter.provinceCodes.map(() => '?').join(', ')})`] : [];
      params.push(...filter.provinceCodes);
      if (filter.withoutProvince) parts.push('province_code IS NULL');
      where.push(parts.length ? `(${parts.join(' OR ')})` : '0');
    }
    const sql = `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_activity_at DESC${filter.limit ? ` LIMIT ${Math.floor(filter.limit)}` : ''}`;
    return (this.c.q(sql).all(...params) as TicketRow[]).map(toTicket);
  }
}

/**
 * TicketStore.eraseUser inside a transaction the caller holds: the store's erasePersonalData erases
 * the user's enrolments, dialog and tickets in one commit.
 */
export function eraseTicketsOf(c: SqliteConnection, user: UserKey, at: Date): void {
  const rows = c.q('SELECT * FROM tickets WHERE channel = ? AND user_id = ?').all(user.channel, user.userId) as TicketRow[];
  const update = c.q(
    `UPDATE tickets SET messages = ?, status = 'closed', closed_at = COALESCE(closed_at, ?), close_reason = COALESCE(close_reason, 'user') WHERE id = ?`,
  );
  for (const r of rows) {
    const messages = (JSON.parse(r.messages) as TicketMessage[]).map((m) => (m.from === 'user' ? { ...m, text: ERASED_MESSAGE } : m));
    update.run(JSON.stringify(messages), at.toISOString(), r.id);
  }
}
