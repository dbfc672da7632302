/** Officers and the provinces each looks after. */
import type { OfficerStore } from '../ports.js';
import type { ChannelName, OfficerRecord, UserKey } from '../types.js';
import type { MongoConnection } from './connection.js';
import type { OfficerDoc } from './documents.js';

function toOfficer(d: OfficerDoc): OfficerRecord {
  const o: OfficerRecord = { channel: d.channel as ChannelName, userId: d.userId, provinceCodes: [...d.provinceCodes] };
  if (d.name != null) o.name = d.name;
  return o;
}

export class MongoOfficers implements OfficerStore {
  constructor(private readonly c: MongoConnection) {}

  async listOfficers(): Promise<OfficerRecord[]> {
    const docs = await this.c.m.Officer.find().sort({ channel: 1, userId: 1 }).lean<OfficerDoc[]>();
    return docs.map(toOfficer);
  }

  async getOfficer(key: UserKey): Promise<OfficerRecord | undefined> {
    const doc = await this.c.m.Officer.findOne({ channel: key.channel, userId: key.userId }).lean<OfficerDoc>();
    return doc ? toOfficer(doc) : undefined;
  }

  async upsertOfficer(officer: OfficerRecord): Promise<void> {
    const update =
      officer.name === undefined
        ? { $set: { provinceCodes: officer.provinceCodes }, $unset: { name: 1 as const } }
        : { $set: { provinceCodes: officer.provinceCodes, name: officer.name } };
    await this.c.m.Officer.updateOne({ channel: officer.channel, userId: officer.userId }, update, { upsert: true });
  }
}
