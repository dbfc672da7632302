/**
 * The MongoDB store's hand-off tickets (see src/handoff/ports.ts), collection `tickets`. A partial
 * unique index keeps one open ticket per user; changes that read first run in a transaction.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { ERASED_MESSAGE, newTicketCode, type CloseReason, type Ticket, type TicketFilter, type TicketMessage, type TicketStore } from '../../handoff/ports.js';
import type { ChannelName, UserKey } from '../types.js';

interface TicketDoc extends Omit<Ticket, 'id' | 'user'> {
  _id: string;
  channel: string;
  userId: string;
}

const opts = { versionKey: false, strict: true } as const;
const TICKET_MODEL = 'Ticket';

export function buildTicketSchema() {
  const message = new Schema<TicketMessage>({ from: { type: String, required: true }, text: { type: String, required: true }, at: { type: String, required: true }, officer: String }, { _id: false, strict: true });
  const ticket = new Schema<TicketDoc>(
    {
      _id: { type: String, required: true },
      channel: { type: String, required: true },
      userId: { type: String, required: true },
      provinceCode: String,
      status: { type: String, required: true },
      messages: { type: [message], default: [] },
      openedAt: { type: String, required: true },
      lastActivityAt: { type: String, required: true },
      joinedAt: String,
      closedAt: String,
      closeReason: String,
    },
    { ...opts, collection: 'tickets' },
  );
  ticket.index({ channel: 1, userId: 1 }, { unique: true, partialFilterExpression: { status: { $eq: 'open' } }, name: 'one_open_ticket' });
  ticket.index({ status: 1, lastActivityAt: -1 });
  return ticket;
}

function toTicket(d: TicketDoc): Ticket {
  const t: Ticket = {
    id: d._id,
    user: { channel: d.channel as ChannelName, userId: d.userId },
    status: d.status,
    messages: d.messages.map((m) => ({ from: m.from, text: m.text, at: m.at, ...(m.officer != null ? { officer: m.officer } : {}) })),
    openedAt: d.openedAt,
    lastActivityAt: d.lastActivityAt,
  };
  if (d.provinceCode != null) t.provinceCode = d.provinceCode;
  if (d.joinedAt != null) t.joinedAt = d.joinedAt;
  if (d.closedAt != null) t.closedAt = d.closedAt;
  if (d.closeReason != null) t.closeReason = d.closeReason;
  return t;
}

export class MongoTicketStore implements TicketStore {
  readonly model: Model<TicketDoc>;

  constructor(private readonly conn: Connection) {
    this.model = conn.model<TicketDoc>(TICKET_MODEL, buildTicketSchema());
  }

  async openTicket(input: Pick<Ticket, 'user' | 'provinceCode' | 'messages'>, at: Date): Promise<{ ticket: Ticket; created: boolean }> {
    const iso = at.toISOString();
    const doc: TicketDoc = {
      _id: newTicketCode(),
      channel: input.user.channel,
      userId: input.user.userId,
      ...(input.provinceCode ? { provinceCode: input.provinceCode } : {}),
      status: 'open',
      messages: input.messages,
      openedAt: iso,
      lastActivityAt: iso,
    };
    try {
      await this.model.create([doc]);
      return { ticket: toTicket(doc), created: true };
    } catch (err) {
      // The unique index refused a second open ticket: return the one already open.
      if ((err as { code?: unknown }).code !== 11000) throw err;
      const open = await this.openTicketOf(input.user);
      if (!open) throw err;
      return { ticket: open, created: false };
    }
  }

  async getTicket(id: string): Promise<Ticket | undefined> {
    const d = await this.model.findById(id).lean<TicketDoc>();
    return d ? toTicket(d) : undefined;
  }

  async openTicketOf(user: UserKey): Promise<Ticket | undefined> {
    const d = await this.model.findOne({ channel: user.channel, userId: user.userId, status: 'open' }).lean<TicketDoc>();
    return d ? toTicket(d) : undefined;
  }

  async addMessage(id: string, message: TicketMessage): Promise<{ ticket: Ticket; joined: boolean } | undefined> {
    return this.conn.transaction(async (session) => {
      const d = await this.model.findById(id).session(session).lean<TicketDoc>();
      if (!d) return undefined;
      const set: Record<string, unknown> = { lastActivityAt: message.at };
      const unset: Record<string, ''> = {};
      let joined = false;
      if (message.from === 'officer') {
        let status = d.status;
        let joinedAt = d.joinedAt;
        if (status === 'closed') {
          // Reopened by an officer's answer, unless the user has opened another ticket since.
          const other = await this.model.exists({ channel: d.channel, userId: d.userId, status: 'open', _id: { $ne: id } }).session(session);
          if (!other) {
            status = 'open';
            joinedAt = undefined;
            set.status = 'open';
            unset.closedAt = '';
            unset.closeReason = '';
          }
        }
        if (status === 'open' && joinedAt == null) {
          set.joinedAt = message.at;
          joined = true;
        }
      }
      await this.model.updateOne({ _id: id }, { $push: { messages: message }, $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { session });
      const after = await this.model.findById(id).session(session).lean<TicketDoc>();
      return { ticket: toTicket(after!), joined };
    });
  }

  async closeTicket(id: string, reason: CloseReason, at: Date): Promise<boolean> {
    const r = await this.model.updateOne({ _id: id, status: 'open' }, { $set: { status: 'closed', closedAt: at.toISOString(), closeReason: reason } });
    return r.modifiedCount === 1;
  }

  async eraseUser(user: UserKey, at: Date): Promise<void> {
    await eraseMongoTicketsOf(this.conn, user, at);
  }

  async listTickets(filter: TicketFilter = {}): Promise<Ticket[]> {
    const q: Record<string, unknown> = {};
    if (filter.status) q.status = filter.status;
    if (filter.provinceCodes) {
      const or: Record<string, unknown>[] = [{ provinceCode: { $in: filter.provinceCodes } }];
      if (filter.withoutProvince) or.push({ provinceCode: { $exists: false } });
      q.$or = or;
    }
    let find = this.model.find(q).sort({ lastActivityAt: -1 });
    if (filter.limit) find = find.limit(Math.floor(filter.limit));
    return (await find.lean<TicketDoc[]>()).map(toTicket);
  }
}

/** TicketStore.eraseUser for the store's erasePersonalData, through the model registered on `conn`. */
export async function eraseMongoTicketsOf(conn: Connection, user: UserKey, at: Date): Promise<void> {
  const model = conn.model<TicketDoc>(TICKET_MODEL);
  const filter = { channel: user.channel, userId: user.userId };
  await model.updateMany({ ...filter, status: 'open' }, { $set: { status: 'closed', closedAt: at.toISOString(), closeReason: 'user' } });
  // Rewritten per ticket (a user has few) rather than with array filters, which not every server supports.
  for (const d of await model.find(filter).lean<TicketDoc[]>()) {
    const messages = d.messages.map((m) => (m.from === 'user' ? { ...m, text: ERASED_MESSAGE } : m));
    await model.updateOne({ _id: d._id }, { $set: { messages } });
  }
}
