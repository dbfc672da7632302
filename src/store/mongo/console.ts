/**
 * The console's storage in MongoDB (see console-types.ts): collections of its own, their indexes
 * reconciled on first use. Account changes and their audit entries commit in one transaction.
 */
import type { ClientSession, Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { reconcileIndexes, type StoreLog } from './connect.js';
import { randomId } from '../shared.js';
import type { AuditEntry, AuditInput, ConsoleSession, ConsoleStore, EnrollmentMark, EnrollmentMarks, OfficerAccount } from '../console-types.js';
import type { ChannelName, UserKey } from '../types.js';

interface AccountDoc {
  _id: string;
  passwordHash: string;
  provinceCode?: string;
  admin: boolean;
  linkedChannel?: string;
  linkedUserId?: string;
  createdAt: string;
  updatedAt: string;
}
interface SessionDoc {
  _id: string;
  username: string;
  createdAt: string;
  lastSeenAt: string;
}
interface FailureDoc {
  key: string;
  at: string;
}
interface AuditDoc {
  _id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail?: string;
  provinceCode?: string;
}
interface MarkDoc {
  _id: string;
  contactedAt?: string;
  attendedAt?: string;
  by: string;
}

const FAILURE_KEEP_MS = 24 * 3600_000;

/**
 * Audit ids sort as the entries were written: the time, then a counter (entries of one process in the
 * same millisecond keep their order), then random characters (two processes never collide).
 */
let auditCounter = 0;
const auditId = (now: Date) => `${now.toISOString()}~${(auditCounter++ % 36 ** 6).toString(36).padStart(6, '0')}${randomId(6)}`;
const opts = { versionKey: false, autoIndex: false, strict: true } as const;

function compileConsoleModels(conn: Connection) {
  const account = new Schema<AccountDoc>(
    { _id: String, passwordHash: String, provinceCode: String, admin: Boolean, linkedChannel: String, linkedUserId: String, createdAt: String, updatedAt: String },
    { ...opts, collection: 'console_accounts' },
  );
  const session = new Schema<SessionDoc>({ _id: String, username: String, createdAt: String, lastSeenAt: String }, { ...opts, collection: 'console_sessions' });
  session.index({ username: 1 });
  session.index({ lastSeenAt: 1 });
  const failure = new Schema<FailureDoc>({ key: String, at: String }, { ...opts, collection: 'console_login_failures' });
  failure.index({ key: 1, at: 1 });
  const audit = new Schema<AuditDoc>(
    { _id: String, at: String, actor: String, action: String, target: String, detail: String, provinceCode: String },
    { ...opts, collection: 'console_audit' },
  );
  audit.index({ provinceCode: 1, _id: -1 });
  const mark = new Schema<MarkDoc>({ _id: String, contactedAt: String, attendedAt: String, by: String }, { ...opts, collection: 'console_enrollment_marks' });
  return {
    Account: conn.model<AccountDoc>('ConsoleAccount', account),
    Session: conn.model<SessionDoc>('ConsoleSession', session),
    Failure: conn.model<FailureDoc>('ConsoleLoginFailure', failure),
    Audit: conn.model<AuditDoc>('ConsoleAudit', audit),
    Mark: conn.model<MarkDoc>('ConsoleEnrollmentMark', mark),
  };
}

function toAccount(d: AccountDoc): OfficerAccount {
  const a: OfficerAccount = { username: d._id, passwordHash: d.passwordHash, admin: d.admin, createdAt: d.createdAt, updatedAt: d.updatedAt };
  if (d.provinceCode != null) a.provinceCode = d.provinceCode;
  if (d.linkedChannel != null && d.linkedUserId != null) a.linked = { channel: d.linkedChannel as ChannelName, userId: d.linkedUserId };
  return a;
}

export class MongoConsoleStore implements ConsoleStore {
  private readonly m: ReturnType<typeof compileConsoleModels>;
  private ready?: Promise<void>;

  constructor(
    private readonly conn: Connection,
    private readonly log?: StoreLog,
  ) {
    this.m = compileConsoleModels(conn);
  }

  /** Indexes on first use, so opening the store for anything else costs the console nothing. */
  private async init(): Promise<void> {
    this.ready ??= reconcileIndexes(Object.values(this.m) as Array<Model<unknown>>, this.log).catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    await this.ready;
  }

  private async atomically<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    await this.init();
    return this.conn.transaction((session) => fn(session));
  }

  /** The chat officers' collection (OfficerRecord), written through the driver with the account change. */
  private get officers() {
    return this.conn.collection<{ channel: string; userId: string; provinceCodes: string[]; name?: string }>('officers');
  }

  private async writeOfficerRecord(account: Pick<OfficerAccount, 'username' | 'provinceCode' | 'admin'>, linked: UserKey, session: ClientSession): Promise<void> {
    const provinceCodes = account.admin || !account.provinceCode ? [] : [account.provinceCode];
    await this.officers.updateOne({ channel: linked.channel, userId: linked.userId }, { $set: { provinceCodes, name: account.username } }, { upsert: true, session });
  }

  private async audit(entry: AuditInput, now: Date, session?: ClientSession): Promise<void> {
    const doc: AuditDoc = { _id: auditId(now), at: now.toISOString(), actor: entry.actor, action: entry.action, target: entry.target };
    if (entry.detail !== undefined) doc.detail = entry.detail;
    if (entry.provinceCode !== undefined) doc.provinceCode = entry.provinceCode;
    await this.m.Audit.create([doc], session ? { session } : {});
  }

  async createAccount(account: OfficerAccount, audit: AuditInput): Promise<boolean> {
    return this.createAccountOnce(account, audit).catch((err: { code?: unknown }) => {
      if (err.code === 11000) return false;
      throw err;
    });
  }

  private async createAccountOnce(account: OfficerAccount, audit: AuditInput): Promise<boolean> {
    return this.atomically(async (session) => {
      if (await this.m.Account.exists({ _id: account.username }).session(session)) return false;
      const doc: AccountDoc = { _id: account.username, passwordHash: account.passwordHash, admin: account.admin, createdAt: account.createdAt, updatedAt: account.updatedAt };
      if (account.provinceCode !== undefined) doc.provinceCode = account.provinceCode;
      if (account.linked) Object.assign(doc, { linkedChannel: account.linked.channel, linkedUserId: account.linked.userId });
      // A concurrent create of the same name loses on the unique _id (11000, answered false above).
      await this.m.Account.create([doc], { session });
      if (account.linked) await this.writeOfficerRecord(account, account.linked, session);
      await this.audit(audit, new Date(account.createdAt), session);
      return true;
    });
  }

  async getAccount(username: string): Promise<OfficerAccount | undefined> {
    await this.init();
    const d = await this.m.Account.findById(username).lean<AccountDoc>();
    return d ? toAccount(d) : undefined;
  }

  async listAccounts(): Promise<OfficerAccount[]> {
    await this.init();
    return (await this.m.Account.find().sort({ _id: 1 }).lean<AccountDoc[]>()).map(toAccount);
  }

  async updateAccount(username: string, patch: { passwordHash?: string; linked?: UserKey | null }, audit: AuditInput, now: Date): Promise<boolean> {
    return this.atomically(async (session) => {
      const d = await this.m.Account.findById(username).session(session).lean<AccountDoc>();
      if (!d) return false;
      const account = toAccount(d);
      const set: Partial<AccountDoc> = { updatedAt: now.toISOString() };
      const unset: Record<string, 1> = {};
      if (patch.passwordHash !== undefined) {
        set.passwordHash = patch.passwordHash;
        await this.m.Session.deleteMany({ username }, { session });
      }
      if (patch.linked !== undefined) {
        if (account.linked) await this.officers.deleteOne({ channel: account.linked.channel, userId: account.linked.userId }, { session });
        if (patch.linked) {
          Object.assign(set, { linkedChannel: patch.linked.channel, linkedUserId: patch.linked.userId });
          await this.writeOfficerRecord(account, patch.linked, session);
        } else {
          Object.assign(unset, { linkedChannel: 1, linkedUserId: 1 });
        }
      }
      await this.m.Account.updateOne({ _id: username }, Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set }, { session });
      await this.audit(audit, now, session);
      return true;
    });
  }

  async removeAccount(username: string, audit: AuditInput, now: Date): Promise<boolean> {
    return this.atomically(async (session) => {
      const d = await this.m.Account.findById(username).session(session).lean<AccountDoc>();
      if (!d) return false;
      const account = toAccount(d);
      if (account.linked) await this.officers.deleteOne({ channel: account.linked.channel, userId: account.linked.userId }, { session });
      await this.m.Session.deleteMany({ username }, { session });
      await this.m.Account.deleteOne({ _id: username }, { session });
      await this.audit(audit, now, session);
      return true;
    });
  }

  async createSession(s: ConsoleSession): Promise<void> {
    await this.init();
    await this.m.Session.create({ _id: s.tokenHash, username: s.username, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt });
  }

  async getSession(tokenHash: string, idleSince: Date): Promise<ConsoleSession | undefined> {
    await this.init();
    const d = await this.m.Session.findById(tokenHash).lean<SessionDoc>();
    if (!d) return undefined;
    if (d.lastSeenAt < idleSince.toISOString()) {
      await this.deleteSession(tokenHash);
      return undefined;
    }
    return { tokenHash: d._id, username: d.username, createdAt: d.createdAt, lastSeenAt: d.lastSeenAt };
  }

  async touchSession(tokenHash: string, now: Date): Promise<void> {
    await this.init();
    await this.m.Session.updateOne({ _id: tokenHash }, { $set: { lastSeenAt: now.toISOString() } });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.init();
    await this.m.Session.deleteOne({ _id: tokenHash });
  }

  async purgeSessions(idleSince: Date): Promise<number> {
    await this.init();
    return (await this.m.Session.deleteMany({ lastSeenAt: { $lt: idleSince.toISOString() } })).deletedCount;
  }

  async recordLoginFailure(keys: string[], now: Date): Promise<void> {
    await this.init();
    await this.m.Failure.insertMany(keys.map((key) => ({ key, at: now.toISOString() })));
    await this.m.Failure.deleteMany({ at: { $lt: new Date(now.getTime() - FAILURE_KEEP_MS).toISOString() } });
  }

  async loginFailures(key: string, since: Date): Promise<{ count: number; oldest?: string }> {
    await this.init();
    const rows = await this.m.Failure.find({ key, at: { $gte: since.toISOString() } }).sort({ at: 1 }).lean<FailureDoc[]>();
    return rows.length ? { count: rows.length, oldest: rows[0]!.at } : { count: 0 };
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.init();
    await this.m.Failure.deleteMany({ key });
  }

  async appendAudit(entry: AuditInput, now: Date): Promise<void> {
    await this.init();
    await this.audit(entry, now);
  }

  async listAudit(filter: { limit?: number; provinceCode?: string } = {}): Promise<AuditEntry[]> {
    await this.init();
    const q = filter.provinceCode !== undefined ? { provinceCode: filter.provinceCode } : {};
    const docs = await this.m.Audit.find(q).sort({ _id: -1 }).limit(filter.limit ?? 200).lean<AuditDoc[]>();
    return docs.map((d) => {
      const e: AuditEntry = { id: d._id, at: d.at, actor: d.actor, action: d.action, target: d.target };
      if (d.detail != null) e.detail = d.detail;
      if (d.provinceCode != null) e.provinceCode = d.provinceCode;
      return e;
    });
  }

  async markEnrollment(enrollmentId: string, mark: EnrollmentMark, by: string, now: Date, audit: AuditInput): Promise<void> {
    await this.atomically(async (session) => {
      const field = mark === 'contacted' ? 'contactedAt' : 'attendedAt';
      await this.m.Mark.updateOne({ _id: enrollmentId }, { $set: { [field]: now.toISOString(), by } }, { upsert: true, session });
      await this.audit(audit, now, session);
    });
  }

  /** Reads the outbox's collection (read-only): the console shows why deliveries failed. */
  async failedDeliveryErrors(announcementId: string): Promise<Array<{ error: string; count: number }>> {
    const rows = await this.conn
      .collection('deliveries')
      .aggregate<{ _id: string | null; count: number }>([{ $match: { announcementId, state: 'failed' } }, { $group: { _id: '$error', count: { $sum: 1 } } }])
      .toArray();
    return rows.map((r) => ({ error: r._id ?? '', count: r.count }));
  }

  async enrollmentMarks(enrollmentIds: string[]): Promise<EnrollmentMarks[]> {
    await this.init();
    if (enrollmentIds.length === 0) return [];
    const docs = await this.m.Mark.find({ _id: { $in: enrollmentIds } }).lean<MarkDoc[]>();
    return docs.map((d) => {
      const m: EnrollmentMarks = { enrollmentId: d._id, by: d.by };
      if (d.contactedAt != null) m.contactedAt = d.contactedAt;
      if (d.attendedAt != null) m.attendedAt = d.attendedAt;
      return m;
    });
  }
}
